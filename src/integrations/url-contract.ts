/**
 * Checks the built site against the URL contract (urls.txt): fails the build when
 * a promised URL is neither served nor redirected; `npm run urls` rewrites the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { brokenPromises, formatContract, parseContract, publicUrls } from '../model/url-contract.ts';
import type { BuiltSite } from './output.ts';

export interface UrlContractOptions {
  /** Contract file; '' turns the check off. */
  file: string;
  update: boolean;
  contentDir: string;
  redirects: Record<string, string>;
}

/** Returns the summary line; throws listing every promised URL that is gone. */
export function checkUrlContract(site: BuiltSite, options: UrlContractOptions): string {
  if (!options.file) return 'url contract: no contract for this content';
  const served = publicUrls(site.files);
  if (options.update) {
    writeFileSync(options.file, formatContract(served));
    return `url contract: wrote ${served.length} URLs to ${options.file}`;
  }
  if (!existsSync(options.file)) return `url contract: ${options.file} not found; run npm run urls to create it`;
  const contract = parseContract(readFileSync(options.file, 'utf8'));
  const missing = brokenPromises(contract, served, options.redirects);
  if (missing.length) {
    throw new Error(
      `url contract: ${missing.length} published URL(s) are no longer served and have no redirect:\n` +
        missing.map((u) => `  /${u}`).join('\n') +
        `\nAdd a redirect in ${options.contentDir}/redirects.yaml (old path: new path), or restore the page.`,
    );
  }
  const added = served.filter((u) => !contract.includes(u));
  return (
    `url contract: ${contract.length} promised URLs served` +
    (added.length ? `, ${added.length} new (run npm run urls to publish them in the contract)` : '')
  );
}
