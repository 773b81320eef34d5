/**
 * `stack-atlas:post-build`, added by stackAtlas() to the end of the integration
 * list so that it runs after the sitemap is written. Reads and parses the pages a
 * few at a time, keeping only what the checks need (page-scan.ts) and removing the
 * source stamps as it goes; checks links (naming source lines), the URL contract
 * and the page budget; writes the search index (which reads each page once more), then
 * draws the link previews, with the headers (after checking every page's CSP) and
 * the SVG check beside them (publishSteps), then the offline
 * worker (which precaches the search files), then copies the live machine into
 * vm/<key>/, then moves the staging folder into place. Any failure leaves the previous dist/ untouched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { checkLinks, type BrokenLinksMode } from './link-check.ts';
import { writeServiceWorker } from './offline.ts';
import { copyMachine, type MachineLookup } from './machine.ts';
import { machinePagePaths } from '../model/machine-manifest.ts';
import { previewJobs } from '../og/jobs.ts';
import { writePreviews } from './previews.ts';
import { readBuiltSite } from './output.ts';
import { scanPages } from './page-scan.ts';
import { checkPageBudget, taxonomyNotes } from './page-budget.ts';
import { buildSearchIndex } from './search-index.ts';
import { writeHeaders } from './security-headers.ts';
import { checkStandaloneSvgs } from './svg-check.ts';
import { pageSources, type SiteContent } from './content.ts';
import type { Staging } from './staging.ts';
import { checkUrlContract } from './url-contract.ts';

export interface PostBuildOptions {
  /** Cache folder of the link-preview images. */
  previewCacheDir: string;
  /** Where the last search index is kept, reused while its inputs are unchanged. */
  searchCacheDir: string;
  /** Digests of the standalone SVGs that passed the last check. */
  svgCheckCache: string;
  /** What each page yielded to the last scan (ids, links, scripts). */
  pageScanCache: string;
  base: string;
  site: string;
  root: string;
  contentDir: string;
  urlsFile: string;
  updateUrls: boolean;
  /** 'warn' publishes despite broken links (listed as warnings). */
  brokenLinks: BrokenLinksMode;
  /** Largest page, in bytes. */
  pageBudgetBytes: number;
  getContent: () => SiteContent;
  getStaging: () => Staging | undefined;
  /** The live machine found at set-up (copied into vm/<key>/ at the end). */
  getMachine: () => MachineLookup;
  closeRenderer: () => Promise<void> | undefined;
}

/**
 * Writes the search index, then draws the link previews, with the headers and the SVG
 * check beside them. The previews (two worker threads, each with the CJK font) and
 * Pagefind (its own process) were side by side; on two cores they only competed for the
 * same CPU, and their memory peaks added up in the process tree. One after the other, the
 * tree's peak is the larger of the two. The index goes first: the preview workers leave
 * native memory behind in the build process when they end (2,000 notes: its RSS 2.4 GB
 * before them, 2.6 GB after), which Pagefind's own process (up to 1.3 GB) would sit on top of.
 */
export async function publishSteps<P, S, H, V>(steps: {
  previews: () => Promise<P>;
  search: () => Promise<S>;
  headers: () => Promise<H>;
  svg: () => Promise<V>;
}): Promise<[P, S, H, V]> {
  const heavy = async (): Promise<[P, S]> => {
    const search = await steps.search();
    return [await steps.previews(), search];
  };
  const [[previews, search], headers, svg] = await Promise.all([heavy(), steps.headers(), steps.svg()]);
  return [previews, search, headers, svg];
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
        const { graph, sizes } = await timed('scan pages', () => scanPages(site, { cacheFile: options.pageScanCache }));
        const sources = pageSources(content, options.base);
        const sourceOf = (sitePath: string) => sources.get(sitePath);
        const links = await timed('link check', () => checkLinks(graph, { mode: options.brokenLinks, sourceOf }));
        for (const warning of links.warnings) logger.warn(warning);
        logger.info(links.summary);
        const behind = taxonomyNotes(content.noteFiles, path.join(content.contentDir, 'notes'), options.base);
        const notesOf = (sitePath: string) => behind.get(sitePath);
        const readPage = (file: string) => readFileSync(path.join(site.dir, file), 'utf8');
        logger.info(
          checkPageBudget(
            { base: site.base, sizes },
            { limitBytes: options.pageBudgetBytes, sourceOf, notesOf, readPage },
          ),
        );
        const previews = previewJobs(
          content.atlas,
          content.noteFiles,
          content.examples,
          path.join(content.contentDir, 'notes'),
        );
        const [previewLine, searchLines, headersLine, svgLine] = await publishSteps({
          previews: () =>
            timed('link previews', () =>
              writePreviews(previews, { dir: site.dir, root: options.root, cacheDir: options.previewCacheDir }),
            ),
          search: () =>
            timed('search index', () => buildSearchIndex(site, content.atlas, { cacheDir: options.searchCacheDir })),
          headers: () =>
            timed('headers', () => writeHeaders(site, graph, machinePagePaths(options.getMachine().machine))),
          svg: () => timed('svg check', () => checkStandaloneSvgs(site, { cacheFile: options.svgCheckCache })),
        });
        logger.info(previewLine);
        logger.info(svgLine);
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
        for (const line of await timed('offline worker', () =>
          writeServiceWorker(site, options.getMachine().machine?.dir ?? null),
        )) {
          if (line.includes('warning:')) logger.warn(line);
          else logger.info(line);
        }
        // Copied last, after the output was read: no check, index or precache sees the machine's files.
        logger.info(await timed('live machine', () => copyMachine(options.getMachine(), site.dir)));
        const staging = options.getStaging();
        if (staging) {
          staging.commit();
          logger.info(`output moved into place: ${staging.finalDir}`);
        }
      },
    },
  };
}
