/**
 * stackAtlas(): the one integration that turns content/ into the site.
 *
 * At config set-up, in this order: resolve site and base once; load and validate
 * all content once; render the generated diagrams (disk cache first); configure
 * Markdown (our plugins, with the same atlas and renderer); find the live machine
 * image (src/integrations/machine.ts); expose the data to
 * pages as `virtual:stack-atlas/data`; build into a staging folder.
 * After the build (in `stack-atlas:post-build`, which runs after every other
 * integration so that the sitemap exists): one pass over the output for the link
 * check, the URL contract and the search index, then the offline worker and the
 * headers, then the staging folder replaces dist/ atomically.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { unified } from '@astrojs/markdown-remark';
import { buildDiagramManifest, type DiagramManifest } from '../diagrams/render/build.ts';
import { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { markdownSettings } from './markdown.ts';
import { absoluteUrl, normaliseBase } from '../model/urls.ts';
import { emptySectionPages, sectionsOf } from '../model/sections.ts';
import { contentSummary, contentWarnings, loadContent, staleWarning, type SiteContent } from './content.ts';
import { invalidateStaleContent } from './content-cache.ts';
import { checkContent } from './content-check.ts';
import { ContentError, ContentErrors } from '../model/errors.ts';
import { findMachine, machineSummary, type MachineLookup } from './machine.ts';
import { postBuild } from './post-build.ts';
import { prepareStaging, type Staging } from './staging.ts';
import { virtualDataPlugin, type BuildData } from './virtual-data.ts';
import { pageFiles, type PageFiles } from './git-dates.ts';
import type { Repository } from '../model/repository.ts';

export interface StackAtlasOptions {
  /** Public origin (canonical links, previews, sitemap, feeds). */
  site: string;
  /** Base path the site is served under. */
  base: string;
  /** Content folder, relative to the project root. */
  contentDir: string;
  /** URL contract file ('' = no contract check). */
  urlsFile: string;
  /** Rewrite the URL contract instead of checking it. */
  updateUrls: boolean;
  /** Cache folder for rendered diagrams (default: <cacheDir of Astro>/stack-atlas). */
  cacheDir?: string;
  /** Broken internal links fail the build (default) or are only listed as warnings. */
  brokenLinks?: 'error' | 'warn';
  /** Largest page in KiB (default 2048); a larger page fails the build naming its source. */
  pageBudgetKiB?: number;
  /** Repository of the content, for edit and report links (none: no such links). */
  repository?: Repository;
  /**
   * Lets MDX notes import, export and call code, which runs at build time with the
   * build's files and secrets (default false: expressions may only read values).
   * For a repository whose every author is trusted; set it here, never from content.
   */
  trustedMdx?: boolean;
}

/** The integration, and the sitemap's filter (astro.config.mjs hands it to @astrojs/sitemap). */
export type StackAtlasIntegration = AstroIntegration & { sitemapFilter: (page: string) => boolean };

export default function stackAtlas(options: StackAtlasOptions): StackAtlasIntegration {
  const base = normaliseBase(options.base);
  let root = process.cwd();
  let content: SiteContent | undefined;
  let diagrams: Promise<DiagramManifest> | undefined;
  let renderer: DiagramRenderer | undefined;
  let staging: Staging | undefined;
  let logger: AstroIntegrationLogger | undefined;
  let machine: MachineLookup = { machine: null, reason: 'not looked for yet' };

  /** Generated diagrams, made once per content version on first use (the first page that needs them). */
  const renderDiagrams = async (): Promise<DiagramManifest> => {
    const result = await buildDiagramManifest({
      atlas: content!.atlas,
      chains: content!.chains,
      base,
      site: options.site,
      renderer: renderer!,
    });
    logger?.info(
      `diagrams: ${Object.keys(result.manifest).length} in ${(result.ms / 1000).toFixed(1)} s ` +
        `(${result.rendered} rendered by Mermaid, ${result.cached} from cache, the rest laid out directly)`,
    );
    return result.manifest;
  };
  let files: PageFiles | undefined;
  /** In dev: the content errors of the last reload, shown on every page (Astro's error overlay) until fixed. */
  let contentError: Error | undefined;
  const data = (): BuildData => {
    if (contentError) throw contentError;
    return buildData();
  };
  const buildData = (): BuildData => ({
    content: content!,
    diagrams: () => (diagrams ??= renderDiagrams()),
    site: options.site,
    base,
    // edit links of a content repository (site.yaml) name files from the content folder
    repository: options.repository && {
      ...options.repository,
      localContentDir: path.relative(root, content!.contentDir).split(path.sep).join('/'),
    },
    pageFiles: () => (files ??= pageFiles(root, content!)),
    machine: machine.machine,
  });
  const vitePlugin = virtualDataPlugin(data);

  return {
    name: 'stack-atlas',
    // The index pages of parts the content leaves empty are built (their URLs answer) but not listed.
    sitemapFilter: (page) =>
      !content ||
      !emptySectionPages(sectionsOf(content)).some((sitePath) => page === absoluteUrl(options.site, base, sitePath)),
    hooks: {
      'astro:config:setup': async ({ config, command, logger: setupLogger, updateConfig }) => {
        logger = setupLogger;
        root = fileURLToPath(config.root);
        try {
          content = loadContent(root, options.contentDir);
        } catch (error) {
          throw await everyContentError(error, root, options, fileURLToPath(config.cacheDir));
        }
        setupLogger.info(contentSummary(content));
        const stale = staleWarning(content);
        if (stale) setupLogger.warn(stale);
        if (invalidateStaleContent(root, fileURLToPath(config.cacheDir))) {
          setupLogger.info(
            'content cache: the Markdown pipeline changed since the last build; every entry renders again',
          );
        }
        for (const warning of contentWarnings(content)) setupLogger.warn(warning);
        machine = liveMachine(root, content);
        setupLogger.info(machineSummary(machine));
        renderer = new DiagramRenderer({
          root,
          cacheDir: options.cacheDir ?? path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'diagrams'),
          log: (message) => setupLogger.info(message),
        });
        if (command === 'build') {
          // one lock per checkout: every build here shares .astro/, whatever its output folder
          staging = prepareStaging(fileURLToPath(config.outDir), { lockFile: path.join(root, '.astro', 'build.lock') });
          for (const note of staging.notes) setupLogger.warn(note);
        }

        updateConfig({
          site: options.site,
          base,
          trailingSlash: 'always',
          build: { format: 'directory' },
          ...(staging ? { outDir: staging.outDirUrl } : {}),
          // Never inline assets as base64: fonts stay separate cacheable files (and the CSP needs no data:).
          vite: { build: { assetsInlineLimit: 0 }, plugins: [vitePlugin] },
          markdown: {
            processor: unified(
              markdownSettings({
                atlas: content.atlas,
                notes: content.noteFiles,
                notesDir: path.join(content.contentDir, 'notes'),
                base,
                renderer,
                trustedMdx: options.trustedMdx ?? false,
              }),
            ),
            // Expressive Code highlights code; mermaid fences are left for the diagram renderer.
            syntaxHighlight: false,
          },
          // Runs after the other integrations (sitemap included), so it sees the finished output.
          integrations: [
            postBuild({
              previewCacheDir: path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'previews'),
              base,
              site: options.site,
              root,
              contentDir: options.contentDir,
              urlsFile: options.urlsFile,
              updateUrls: options.updateUrls,
              brokenLinks: options.brokenLinks ?? 'error',
              pageBudgetBytes: (options.pageBudgetKiB ?? 2048) * 1024,
              getContent: () => content!,
              getStaging: () => staging,
              getMachine: () => machine,
              closeRenderer: () => renderer?.close(true),
            }),
          ],
        });
      },
      'astro:server:setup': ({ server, logger }) => {
        const watched = path.resolve(root, options.contentDir);
        let timer: NodeJS.Timeout | undefined;
        let running: Promise<void> = Promise.resolve();
        // Cards, layers and chains feed diagrams and every page: reload them and the data module.
        // A note's frontmatter is checked too, but a good note edit leaves the pages to Astro's own update.
        let pagesNeedReload = false;
        const reload = () => {
          running = running.then(async () => {
            const hadError = contentError !== undefined;
            try {
              content = loadContent(root, options.contentDir);
              contentError = undefined;
              diagrams = undefined;
              files = undefined;
              if (pagesNeedReload || hadError) vitePlugin.update();
            } catch (error) {
              // Keep the dev server alive with the last good content; every page shows the errors until they are fixed.
              contentError = devError(error);
              logger.error(contentError.message);
              vitePlugin.update();
            }
            pagesNeedReload = false;
          });
        };
        server.watcher.add(watched);
        server.watcher.on('all', (_event, file) => {
          const rel = path.relative(watched, file).split(path.sep).join('/');
          if (
            rel.startsWith('..') ||
            !/^(layers\.yaml|redirects\.yaml|playground\.yaml|cards\/.+\.md|chains\/.+\.ya?ml|examples\/.+|notes\/.+\.mdx?)$/.test(
              rel,
            )
          ) {
            return;
          }
          if (!rel.startsWith('notes/')) pagesNeedReload = true;
          clearTimeout(timer);
          timer = setTimeout(reload, 200);
        });
      },
      'astro:server:done': async () => {
        await renderer?.close(true);
      },
    },
  };
}

/**
 * A content error as Vite's error overlay shows it: the whole sorted list as the message,
 * and the first error's file, line and column as the place it opens (`loc`).
 */
function devError(error: unknown): Error {
  const first = error instanceof ContentErrors ? error.all[0] : error instanceof ContentError ? error : undefined;
  const shown = new Error(error instanceof Error ? error.message : String(error));
  shown.name = 'ContentError';
  if (first) {
    Object.assign(shown, {
      loc: { file: first.file, line: first.line ?? 1, column: first.column ?? 1 },
      id: first.file,
    });
  }
  shown.stack = shown.message;
  return shown;
}

/**
 * When content fails to load, the build would otherwise stop there and report the
 * Markdown mistakes (fences, wiki links, Mermaid, links, images) one build at a time:
 * the content check adds them, so one failed build lists every mistake, sorted.
 */
async function everyContentError(
  error: unknown,
  root: string,
  options: StackAtlasOptions,
  astroCacheDir: string,
): Promise<unknown> {
  if (!(error instanceof ContentError)) return error;
  const renderer = new DiagramRenderer({
    root,
    cacheDir: options.cacheDir ?? path.join(astroCacheDir, 'stack-atlas', 'diagrams'),
    log: () => undefined,
  });
  try {
    const { errors } = await checkContent({
      root,
      contentDir: options.contentDir,
      renderer,
      urlsFile: options.urlsFile,
    });
    return errors.length ? new ContentErrors(errors) : error;
  } catch {
    return error;
  } finally {
    await renderer.close(true);
  }
}

/**
 * The machine image, its examples narrowed to those the content runs in the machine (a
 * `machine:` section in example.yaml): an id the content lacks would be a page that does not exist.
 */
function liveMachine(root: string, content: SiteContent): MachineLookup {
  const lookup = findMachine(root);
  if (!lookup.machine) return lookup;
  const known = new Set(content.examples.filter((example) => example.machine).map((example) => example.id));
  return { ...lookup, machine: { ...lookup.machine, examples: lookup.machine.examples.filter((id) => known.has(id)) } };
}

export { stackAtlas };
