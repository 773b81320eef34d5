/**
 * The URL contract: every public URL the site publishes, committed in
 * urls.txt. Teams link to these from their wikis, so a URL may only go away
 * with a redirect declared in content/redirects.yaml.
 */
import { z } from 'zod';

/** Built files that are implementation details, not public URLs. */
const privatePatterns = [/^_astro\//, /^pagefind\//, /^sw\.js$/, /^workbox-[^/]+\.js$/, /^\.[^/]*/, /\/\./];

/** Site paths (relative to the base, `cards/runc/`) of the public URLs among built file paths. */
export function publicUrls(builtFiles: string[]): string[] {
  const urls = new Set<string>();
  for (const file of builtFiles) {
    if (privatePatterns.some((p) => p.test(file))) continue;
    if (file === 'index.html') urls.add('');
    else if (file.endsWith('/index.html')) urls.add(file.slice(0, -'index.html'.length));
    else urls.add(file);
  }
  return [...urls].sort();
}

/** Parses urls.txt: one site path per line, `#` comments and blank lines ignored. */
export function parseContract(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) => (line === '/' ? '' : line.replace(/^\//, '')));
}

/** Formats urls.txt from a list of site paths. */
export function formatContract(urls: string[]): string {
  const header = [
    '# Stack Atlas URL contract: every public URL of the default site, relative to the base path.',
    '# A build that stops serving one of these fails unless content/redirects.yaml redirects it.',
    '# Regenerate after adding content: npm run urls',
  ];
  return `${[...header, ...urls.map((u) => `/${u}`)].join('\n')}\n`;
}

export const redirectsSchema = z.record(
  z.string().regex(/^[^\s#?\\]+$/, 'expected a site path such as cards/old-name/'),
  // A site path only: a scheme (javascript:, https:) would put it into the redirect page's meta
  // refresh, and browsers read a backslash as a slash, so `/\evil.example/` is `//evil.example/`.
  z
    .string()
    .regex(
      /^(?![a-z][a-z0-9+.-]*:)(?!\/\/)[^\s\\]+$/i,
      'expected a site path such as cards/new-name/ (redirects stay on this site)',
    ),
);

/** Contract URLs neither served nor redirected. */
export function brokenPromises(contract: string[], served: string[], redirects: Record<string, string>): string[] {
  const servedSet = new Set(served);
  const redirected = new Set(Object.keys(redirects).map((from) => from.replace(/^\//, '')));
  return contract.filter((url) => !servedSet.has(url) && !redirected.has(url));
}
