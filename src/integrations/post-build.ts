/**
 * `stack-atlas:post-build`, added by stackAtlas() to the end of the integration
 * list so that it runs after the sitemap is written. Reads the output once, checks
 * it (links, URL contract), writes the search index and headers side by side, then
 * the offline worker (which precaches the search files), then moves the staging
 * folder into place. Any failure leaves the previous dist/ untouched.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { checkLinks } from './link-check.ts';
import { writeServiceWorker } from './offline.ts';
import { previewJobs } from '../og/jobs.ts';
import { writePreviews } from './previews.ts';
import { readBuiltSite } from './output.ts';
import { buildSearchIndex } from './search-index.ts';
import { writeHeaders } from './security-headers.ts';
import type { SiteContent } from './content.ts';
import type { Staging } from './staging.ts';
import { checkUrlContract } from './url-contract.ts';

export interface PostBuildOptions {
  /** Cache folder of the link-preview images. */
  previewCacheDir: string;
  base: string;
  site: string;
  root: string;
  contentDir: string;
  urlsFile: string;
  updateUrls: boolean;
  getContent: () => SiteContent;
  getStaging: () => Staging | undefined;
  closeRenderer: () => Promise<void> | undefined;
}

export function postBuild(options: PostBuildOptions): AstroIntegration {
  return {
    name: 'stack-atlas:post-build',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        // Markdown rendering is over: the browser is not needed any more.
        await options.closeRenderer();
        const timed = async <T>(label: string, step: () => Promise<T> | T): Promise<T> => {
          const started = performance.now();
          const result = await step();
          logger.info(`${label} done in ${Math.round(performance.now() - started)} ms`);
          return result;
        };
        const site = await timed('read output', () => readBuiltSite(fileURLToPath(dir), options.base));
        const content = options.getContent();
        const previews = previewJobs(content.atlas, content.noteFiles);
        // Independent steps side by side: previews draw in worker threads, Pagefind runs as its own process.
        const [previewLine, searchLines, headersLine] = await Promise.all([
          timed('link previews', () =>
            writePreviews(previews, { dir: site.dir, root: options.root, cacheDir: options.previewCacheDir }),
          ),
          timed('search index', () => buildSearchIndex(site, content.atlas)),
          timed('headers', () => writeHeaders(site)),
          timed('link check', () => logger.info(checkLinks(site))),
        ]);
        logger.info(previewLine);
        for (const line of searchLines) logger.info(line);
        logger.info(headersLine);
        site.files.push(...previews.map((job) => job.path));
        logger.info(
          await timed('url contract', () =>
            checkUrlContract(site, {
              file: options.urlsFile,
              update: options.updateUrls,
              contentDir: options.contentDir,
              redirects: content.redirects,
            }),
          ),
        );
        for (const line of await timed('offline worker', () => writeServiceWorker(site))) logger.info(line);
        const staging = options.getStaging();
        if (staging) {
          staging.commit();
          logger.info(`output moved into place: ${staging.finalDir}`);
        }
      },
    },
  };
}
