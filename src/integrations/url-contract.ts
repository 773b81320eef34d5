/**
 * Checks the built site against urls.txt: fails the build when a promised URL
 * is neither served nor redirected; with UPDATE_URL_CONTRACT=1 rewrites the file.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenPromises, formatContract, parseContract, publicUrls } from '../model/url-contract.ts';
import { loadRedirects } from '../model/redirects-file.ts';

export function urlContract(options: { file: string; contentDir: string }): AstroIntegration {
  return {
    name: 'stack-atlas:url-contract',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
          .map((f) => f.split(path.sep).join('/'))
          .filter((f) => !f.includes('/.') && f.includes('.'));
        const served = publicUrls(files);
        if (process.env.UPDATE_URL_CONTRACT === '1') {
          writeFileSync(options.file, formatContract(served));
          logger.info(`url contract: wrote ${served.length} URLs to ${options.file}`);
          return;
        }
        if (!existsSync(options.file)) {
          logger.warn(`url contract: ${options.file} not found; run npm run urls to create it`);
          return;
        }
        const contract = parseContract(readFileSync(options.file, 'utf8'));
        const missing = brokenPromises(contract, served, loadRedirects(options.contentDir));
        if (missing.length) {
          throw new Error(
            `url contract: ${missing.length} published URL(s) are no longer served and have no redirect:\n` +
              missing.map((u) => `  /${u}`).join('\n') +
              `\nAdd a redirect in ${options.contentDir}/redirects.yaml (old path: new path), or restore the page.`,
          );
        }
        const added = served.filter((u) => !contract.includes(u));
        logger.info(
          `url contract: ${contract.length} promised URLs served${added.length ? `, ${added.length} new (run npm run urls to publish them in the contract)` : ''}`,
        );
      },
    },
  };
}
