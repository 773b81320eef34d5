/**
 * Generates a Workbox service worker so the site keeps working offline after
 * the first visit.
 *
 * - Precached (with a content revision each): every page, script, stylesheet,
 *   diagram, example script, machine-readable file and the whole Pagefind bundle
 *   (index, fragments, filters, WebAssembly, worker), about 2 MB.
 * - Fonts are NOT precached but cached at runtime (CacheFirst). The self-hosted
 *   fonts are ~120 unicode-range subsets (~4.8 MB, 70 % of the site): a page only
 *   downloads the few subsets its characters need, so precaching all of them would
 *   make every first visit download megabytes the reader never uses. Fonts a reader
 *   has seen are kept; offline pages fall back to the system CJK font otherwise
 *   (font-display: swap), so text always shows.
 * - Updates: `skipWaiting` + `clientsClaim` activate a new worker as soon as it has
 *   precached the new revisions, and `cleanupOutdatedCaches` drops the old ones, so a
 *   new deployment is picked up on the next visit, not "some day".
 * - Query strings that only the page's script reads (`/search/?q=…`, Pagefind's
 *   `pagefind-entry.json?ts=…` cache-buster) still match their precached file.
 * - Offline navigation to a URL that is not in the precache shows the 404 page.
 */
import path from 'node:path';
import { generateSW } from 'workbox-build';
import type { BuiltSite } from './output.ts';

/** Built files that are precached. Fonts are runtime-cached instead (see above). */
export const PRECACHE_PATTERNS = [
  '**/*.{html,css,js,mjs,json,svg,png,webp,avif,jpg,jpeg,gif,ico,txt,xml,webmanifest,mmd,sh}',
  'pagefind/**/*',
];

/** Never precached: the worker itself, host config, fonts. */
export const PRECACHE_IGNORES = [
  'sw.js',
  'workbox-*.js',
  '_headers',
  '_redirects',
  'og/**',
  '**/*.{woff,woff2,ttf,otf,eot}',
];

/** URL parameters ignored when looking up the precache. */
export const IGNORED_PARAMETERS = [/^q$/, /^type$/, /^layer$/, /^ts$/, /^utm_/];

/** Writes sw.js with a precache manifest of the built site; returns the summary lines. */
export async function writeServiceWorker(site: BuiltSite): Promise<string[]> {
  const base = site.base;
  let result: Awaited<ReturnType<typeof generateSW>>;
  try {
    result = await generateSW({
      globDirectory: site.dir,
      globPatterns: PRECACHE_PATTERNS,
      globIgnores: PRECACHE_IGNORES,
      swDest: path.join(site.dir, 'sw.js'),
      modifyURLPrefix: { '': base },
      // The largest file is well under this; it only guards against accidents.
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      // Pretty URLs: /cards/runc/ is served from /cards/runc/index.html.
      directoryIndex: 'index.html',
      ignoreURLParametersMatching: IGNORED_PARAMETERS,
      // Hashed file names under _astro/ need no revision of their own.
      dontCacheBustURLsMatching: /\/_astro\//,
      skipWaiting: true,
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      cacheId: 'stack-atlas',
      inlineWorkboxRuntime: true,
      sourcemap: false,
      mode: 'production',
      runtimeCaching: [
        {
          // Same-origin only (the CSP allows fonts from 'self').
          urlPattern: /\.(?:woff2?|ttf|otf|eot)$/,
          handler: 'CacheFirst',
          options: {
            cacheName: 'stack-atlas-fonts',
            expiration: { maxEntries: 400, maxAgeSeconds: 365 * 24 * 60 * 60 },
            cacheableResponse: { statuses: [200] },
          },
        },
        {
          // Navigations the precache does not know: the network, else the 404 page.
          urlPattern: ({ request }) => request.mode === 'navigate',
          handler: 'NetworkOnly',
          options: { precacheFallback: { fallbackURL: `${base}404.html` } },
        },
      ],
    });
  } catch (error) {
    throw new Error(`offline: generating the service worker failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const { count, size, warnings } = result;
  return [
    ...warnings.map((warning) => `offline: warning: ${warning}`),
    `offline: ${count} files precached (${(size / 1024 / 1024).toFixed(2)} MiB); fonts are cached at runtime`,
  ];
}
