/**
 * Generates a Workbox service worker that precaches every page, asset and the
 * search index, so the site keeps working offline after the first visit.
 * Precache entries carry content revisions: a new deployment replaces them on
 * the next visit instead of serving stale pages forever.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';

export function offline(): AstroIntegration {
  let base = '/';
  return {
    name: 'stack-atlas:offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await generateSW({
          globDirectory: fileURLToPath(dir),
          globPatterns: ['**/*.{html,css,js,mjs,json,svg,png,webp,avif,jpg,woff2,txt,xml,webmanifest,mmd,pf_meta,pf_index,pf_fragment,pagefind,wasm}'],
          globIgnores: ['sw.js', 'workbox-*.js', '_headers'],
          swDest: fileURLToPath(new URL('sw.js', dir)),
          modifyURLPrefix: { '': base },
          maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
          // Pretty URLs: /cards/runc/ is served from /cards/runc/index.html.
          directoryIndex: 'index.html',
          ignoreURLParametersMatching: [/^q$/, /^utm_/],
          navigateFallback: undefined,
          skipWaiting: true,
          clientsClaim: true,
          cleanupOutdatedCaches: true,
          inlineWorkboxRuntime: true,
          sourcemap: false,
          mode: 'production',
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`offline: ${count} files precached (${(size / 1024 / 1024).toFixed(1)} MiB)`);
      },
    },
  };
}
