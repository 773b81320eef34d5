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
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { unified } from '@astrojs/markdown-remark';
import { buildDiagramManifest, type DiagramManifest } from '../diagrams/render/build.ts';
import { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { releaseBrowser } from './browser-release.ts';
import { markdownSettings, type MarkdownContent } from './markdown.ts';
import { absoluteUrl, normaliseBase } from '../model/urls.ts';
import { emptySectionPages, sectionsOf } from '../model/sections.ts';
import { contentSummary, contentWarnings, loadContent, staleWarning, type SiteContent } from './content.ts';
import {
  codeBlockInputs,
  codeRoot,
  diagramManifestInputs,
  invalidateStaleContent,
  readBuildCache,
  renderingDigest,
  writeBuildCache,
} from './content-cache.ts';
import { setCodeCache } from '../data/code-cache.ts';
import { siteLang } from '../config.ts';
import { checkContent, noteChecker } from './content-check.ts';
import { markdownKey } from './markdown.ts';
import { devContent } from '../data/strict-loader.ts';
import { ContentError, ContentErrors } from '../model/errors.ts';
import { findMachine, machineSummary, type MachineLookup } from './machine.ts';
import { postBuild } from './post-build.ts';
import { heapShortfall } from './heap-check.ts';
import { besideOutput, prepareStaging, type Staging } from './staging.ts';
import { virtualDataPlugin, type BuildData } from './virtual-data.ts';
import { diagramInputsKey } from './diagram-inputs.ts';
import { writeStoreAtOnce } from './store-writer.ts';
import { askRestart, handOverWatcher, newestOf, restartDone, restartStamp } from './watcher-handover.ts';
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
  /** Notes per list page (default 50): which numbered list pages a note may link to. */
  listSize?: number;
  /** Repository of the content, for edit and report links (none: no such links). */
  repository?: Repository;
  /**
   * Lets MDX notes import, export and call code, which runs at build time with the
   * build's files and secrets (default false: expressions may only read values).
   * For a repository whose every author is trusted; set it here, never from content.
   */
  trustedMdx?: boolean;
}

/** The last build's diagrams and the digest of what they were made from. */
type KeptDiagrams = { key: string; manifest: DiagramManifest } | undefined;

/** The integration, and the sitemap's filter (astro.config.mjs hands it to @astrojs/sitemap). */
export type StackAtlasIntegration = AstroIntegration & { sitemapFilter: (page: string) => boolean };

export default function stackAtlas(options: StackAtlasOptions): StackAtlasIntegration {
  const base = normaliseBase(options.base);
  let root = process.cwd();
  let content: SiteContent | undefined;
  let diagrams: Promise<DiagramManifest> | undefined;
  /** What `diagrams` was made from (dev keeps them while a card's prose is all that changed). */
  let diagramsKey: string | undefined;
  let renderer: DiagramRenderer | undefined;
  let staging: Staging | undefined;
  let logger: AstroIntegrationLogger | undefined;
  let command: 'dev' | 'build' | 'preview' | 'sync' = 'build';
  let machine: MachineLookup = { machine: null, reason: 'not looked for yet' };

  /** Where the last build's diagrams are kept, and a digest of the code that made them. */
  let diagramCache: { file: string; code: string } | undefined;
  /** Generated diagrams, made once per content version on first use (the first page that needs them). */
  const renderDiagrams = async (inputsKey: string): Promise<DiagramManifest> => {
    // Laying out every diagram again costs ~0.4 s of each rebuild; unchanged inputs give the same SVGs.
    const key = createHash('sha256')
      .update(JSON.stringify([inputsKey, base, options.site, siteLang]))
      .digest('hex');
    const kept = diagramCache && ((await readBuildCache(diagramCache.file, diagramCache.code)) as KeptDiagrams);
    if (kept?.key === key) {
      logger?.info(`diagrams: ${Object.keys(kept.manifest).length} unchanged since the last build, reused`);
      return kept.manifest;
    }
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
    if (diagramCache) {
      const keep: KeptDiagrams = { key, manifest: result.manifest };
      await writeBuildCache(diagramCache.file, diagramCache.code, keep);
    }
    return result.manifest;
  };
  let files: PageFiles | undefined;
  /** In dev: the content errors of the last reload, shown on every page (Astro's error overlay) until fixed. */
  let contentError: Error | undefined;
  /** site.yaml as this config read it (dev: a different valid one restarts dev). */
  let siteAtStart: string | undefined;
  /** In dev: each note's Markdown mistakes (fences, wiki links, Mermaid, links, images) by absolute file. */
  const noteProblems = new Map<string, ContentError[]>();
  /** In dev: checks every note's Markdown once, after the first page asked for the data. */
  let checkAtStart: (() => void) | undefined;
  const data = (): BuildData => {
    if (checkAtStart) setTimeout(checkAtStart, 0);
    checkAtStart = undefined;
    if (contentError) throw contentError;
    // Markdown mistakes: the notes' own check, and whatever Astro's loader failed to render
    // since (card bodies, MDX); the same mistake found by both is shown once.
    const rendered = [...devContent().renderErrors.values()].map(
      (e) => new ContentError(e.file, e.message, { line: e.line, column: e.column }),
    );
    const problems = [...noteProblems.values()].flat();
    const shown = new Set(problems.map((p) => p.message));
    problems.push(...rendered.filter((p) => !shown.has(p.message)));
    if (problems.length) throw devError(new ContentErrors(problems));
    return buildData();
  };
  /** What the Markdown plugins read; the same object while cards, aliases, remarks and notes are unchanged. */
  let markdownContent: { key: string; value: MarkdownContent } | undefined;
  const currentMarkdown = (): MarkdownContent => {
    const key = markdownKey(content!);
    if (markdownContent?.key !== key) {
      markdownContent = { key, value: { atlas: content!.atlas, notes: content!.noteFiles } };
    }
    return markdownContent.value;
  };
  const buildData = (): BuildData => ({
    content: content!,
    diagrams: () => {
      if (!diagrams) {
        diagramsKey = diagramInputsKey(content!);
        const made = renderDiagrams(diagramsKey);
        diagrams = made;
        // a failed render is tried again by the next request, not kept
        made.catch(() => {
          if (diagrams === made) diagrams = undefined;
        });
      }
      return diagrams;
    },
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
  const vitePlugin = virtualDataPlugin(data, () => command === 'dev');

  return {
    name: 'stack-atlas',
    // The index pages of parts the content leaves empty are built (their URLs answer) but not listed.
    sitemapFilter: (page) =>
      !content ||
      !emptySectionPages(sectionsOf(content)).some((sitePath) => page === absoluteUrl(options.site, base, sitePath)),
    hooks: {
      'astro:config:setup': async ({
        config,
        command: astroCommand,
        logger: setupLogger,
        updateConfig,
        addWatchFile,
      }) => {
        command = astroCommand;
        logger = setupLogger;
        root = fileURLToPath(config.root);
        // site.yaml (name, language, kinds…) is read with the config: once a saved site.yaml is
        // valid and new, the dev server below writes this file, and Astro restarts dev
        addWatchFile(restartStamp(root));
        try {
          content = loadContent(root, options.contentDir);
        } catch (error) {
          throw await everyContentError(error, root, options, fileURLToPath(config.cacheDir));
        }
        siteAtStart = JSON.stringify(content.site);
        setupLogger.info(contentSummary(content));
        if (command === 'build') {
          // Before anything is rendered or written: a build too big for the heap stops here, dist/ untouched.
          const shortfall = heapShortfall({
            notes: content.noteFiles.length,
            notesDir: path.join(content.contentDir, 'notes'),
            heapLimit: getHeapStatistics().heap_size_limit,
            machineMemory: totalmem(),
          });
          if (shortfall) throw new Error(shortfall);
        }
        const stale = staleWarning(content);
        if (stale) setupLogger.warn(stale);
        if (invalidateStaleContent(root, fileURLToPath(config.cacheDir), markdownKey(content))) {
          setupLogger.info(
            'content cache: the Markdown pipeline, or the card names and note titles entries link to, changed since the last build; every entry renders again',
          );
        }
        for (const warning of contentWarnings(content)) setupLogger.warn(warning);
        // <Code> blocks are kept between builds, keyed by their props and what else shapes them.
        setCodeCache({
          dir: path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'code'),
          salt: JSON.stringify([renderingDigest(root, codeBlockInputs), siteLang, base]),
        });
        machine = liveMachine(root, content);
        setupLogger.info(machineSummary(machine));
        diagramCache = {
          file: path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'diagram-manifest.json'),
          code: renderingDigest(codeRoot, diagramManifestInputs),
        };
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
          vite: {
            build: { assetsInlineLimit: 0 },
            plugins: [vitePlugin],
            server: {
              watch: {
                // dev: a build in the same checkout writes its staging and previous output beside dist/,
                // and the caches take a Debian root or a machine image (thousands of files) while dev runs
                ignored: [
                  ...Object.values(besideOutput(fileURLToPath(config.outDir))),
                  path.join(root, '.cache'),
                  fileURLToPath(config.cacheDir),
                ]
                  // (never the content folder's own parent)
                  .filter((dir) => path.relative(dir, path.resolve(root, options.contentDir)).startsWith('..'))
                  .map((dir) => `${dir}/**`),
              },
            },
          },
          markdown: {
            processor: unified(
              markdownSettings({
                atlas: content.atlas,
                notes: content.noteFiles,
                // dev: new cards, aliases and notes reach the plugins without a restart (and after one)
                current: command === 'dev' ? newestOf('markdown-content', currentMarkdown) : currentMarkdown,
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
              searchCacheDir: path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'search-index'),
              svgCheckCache: path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'svg-check.json'),
              pageScanCache: path.join(fileURLToPath(config.cacheDir), 'stack-atlas', 'page-scan.json'),
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
      'astro:build:start': async () => {
        // Content is synced: the generated diagrams are drawn now, and Chromium is let go before bundling.
        await releaseBrowser(buildData().diagrams, renderer);
      },
      'astro:server:setup': ({ server, logger }) => {
        // `astro build` syncs content through a temporary Vite server, which runs this hook too:
        // the watcher and the note checks are for `astro dev` only (a build checks everything itself).
        if (command !== 'dev') return;
        const lostWatcher = handOverWatcher(server.watcher as never, root);
        if (lostWatcher)
          logger.warn(
            `after this restart, saved content reaches pages only once npm run dev is restarted (${lostWatcher})`,
          );
        // a card body or MDX note that Astro failed to render shows in the page until it renders again
        devContent().renderErrorsChanged = () => vitePlugin.update();
        const slowStore = writeStoreAtOnce(root);
        /** Run once Astro stored the next saved entry (see the watcher below). */
        const afterStored = new Set<() => void>();
        const dev = devContent();
        const writeStore = slowStore ? undefined : dev.stored;
        dev.stored = (images) => {
          // a card, layer or chain save: written together with the pages' new data below, so
          // that the browser reloads once rather than once for Astro's entry and once for ours
          if (!pagesNeedReload || images) writeStore?.(images);
          const waiting = [...afterStored];
          afterStored.clear();
          for (const run of waiting) run();
        };
        if (slowStore) logger.warn(`saved entries reach pages after Astro's own delay (${slowStore})`);
        const watched = path.resolve(root, options.contentDir);
        let timer: NodeJS.Timeout | undefined;
        let running: Promise<void> = Promise.resolve();
        // Cards, layers and chains feed diagrams and every page: reload them and the data module.
        // A note's frontmatter is checked too, but a good note edit leaves the pages to Astro's own update.
        let pagesNeedReload = false;
        /** Notes saved since the last reload, to check their Markdown. */
        const changedNotes = new Set<string>();
        let checkNote: Promise<(file: string) => Promise<ContentError[]>> | undefined;
        /** Checks notes' Markdown; says whether what the pages must show changed. */
        const checkNotes = async (notes: Iterable<string>): Promise<boolean> => {
          checkNote ??= noteChecker({ root, urlsFile: options.urlsFile, renderer: renderer!, current: () => content! });
          const check = await checkNote;
          let changed = false;
          for (const file of notes) {
            const before =
              noteProblems
                .get(file)
                ?.map((e) => e.message)
                .join('\n') ?? '';
            let found: ContentError[];
            try {
              found = await check(file);
            } catch (error) {
              found = [new ContentError(file, error instanceof Error ? error.message : String(error))];
            }
            if (found.length) noteProblems.set(file, found);
            else noteProblems.delete(file);
            if ((found.map((e) => e.message).join('\n') ?? '') !== before) changed = true;
            for (const problem of found) logger.error(problem.message);
          }
          return changed;
        };
        /**
         * Every entry renders again (Astro's loader re-renders only changed files): the digest
         * salt changes and each entry's file is announced as changed (a 'change' event, which
         * the loader and Vite hear; the 'all' listener below does not). Files just saved are
         * included, entries or not yet: the loader may have rendered them before this reload
         * knew the card they name (a note and its card saved together); a render begun before
         * the new salt is not stored over a newer one (strict-loader.ts).
         */
        const renderAgain = (alsoSaved: ReadonlySet<string>) => {
          const dev = devContent();
          dev.salt = `:${Date.now()}`;
          const files = new Set([...dev.files.values()].flatMap((list) => list()));
          for (const file of alsoSaved) if (/\.mdx?$/.test(file) && existsSync(file)) files.add(file);
          for (const file of files) server.watcher.emit('change', file);
        };
        /** Files the author saved since the last reload (Astro's loader renders those by itself). */
        const saved = new Set<string>();
        const allNotes = () =>
          content ? content.noteFiles.map((n) => path.join(content!.contentDir, 'notes', n.file)) : [];
        const reload = () => {
          running = running.then(async () => {
            const hadError = contentError !== undefined;
            const keyBefore = content && markdownKey(content);
            const notes = [...changedNotes];
            changedNotes.clear();
            const savedNow = new Set(saved);
            saved.clear();
            try {
              const filesBefore = content && pageFileList(content);
              content = loadContent(root, options.contentDir);
              contentError = undefined;
              if (diagramsKey !== diagramInputsKey(content)) diagrams = undefined;
              // last commit dates (git log, slow) change with a commit, not with a save: kept while the files are the same
              if (filesBefore !== pageFileList(content)) files = undefined;
            } catch (error) {
              // Keep the dev server alive with the last good content; every page shows the errors until they are fixed.
              contentError = devError(error);
              logger.error(contentError.message);
              vitePlugin.update();
              pagesNeedReload = false;
              writeStore?.(false);
              return;
            }
            // a valid new site.yaml: dev restarts to read it with the config (one restart at a time;
            // the restarted server looks again)
            if (JSON.stringify(content.site) !== siteAtStart && askRestart(root)) {
              logger.info('site.yaml changed: restarting dev to read it');
            }
            const markdownChanged = keyBefore !== markdownKey(content);
            // a card, alias, remark or note came or went: every rendered entry may link differently
            const toCheck = markdownChanged ? new Set([...allNotes(), ...noteProblems.keys()]) : new Set(notes);
            const hadProblems = new Set(noteProblems.keys());
            const problemsChanged = await checkNotes(toCheck);
            // a note fixed by something else (its image now exists) still holds Astro's failed render
            const fixedElsewhere = [...hadProblems].some((file) => !noteProblems.has(file) && !savedNow.has(file));
            if (markdownChanged || fixedElsewhere) renderAgain(savedNow);
            // Good data after good data: handed to the pages in place (no page module runs again).
            // Errors, their fixes and new or removed cards, aliases and notes rebuild the modules.
            const inPlace = !hadError && !problemsChanged && !markdownChanged && noteProblems.size === 0;
            if (pagesNeedReload && inPlace) await vitePlugin.refresh();
            else if (pagesNeedReload || hadError || problemsChanged || markdownChanged) vitePlugin.update();
            writeStore?.(false);
            pagesNeedReload = false;
          });
          // one failed reload must not stop the next ones
          running = running.catch((error: unknown) =>
            logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)),
          );
        };
        server.watcher.add(watched);
        server.watcher.on('all', (event, file) => {
          const rel = path.relative(watched, file).split(path.sep).join('/');
          saved.add(path.resolve(file));
          // a removed file's render error goes with it
          if (event === 'unlink' && devContent().renderErrors.delete(path.resolve(file))) vitePlugin.update();
          if (
            rel.startsWith('..') ||
            !/^(site\.yaml|layers\.yaml|redirects\.yaml|playground\.yaml|cards\/.+\.md|chains\/.+\.ya?ml|examples\/.+|notes\/.+)$/.test(
              rel,
            )
          ) {
            return;
          }
          if (rel.startsWith('notes/')) {
            if (/\.mdx?$/.test(rel)) changedNotes.add(path.resolve(file));
            // an image next to a note came or went: the notes that name it are checked again
            else for (const known of noteProblems.keys()) changedNotes.add(known);
            if (event === 'unlink') noteProblems.delete(path.resolve(file));
          } else pagesNeedReload = true;
          clearTimeout(timer);
          // A note alone: Astro renders and stores it first (the page's new text), then it is
          // checked here (loading all content would hold the one thread meanwhile). Stored or
          // not (a mistake Astro cannot store), the check runs within a second.
          timer = setTimeout(reload, pagesNeedReload ? 50 : 800);
          if (!pagesNeedReload)
            afterStored.add(() => {
              clearTimeout(timer);
              timer = setTimeout(reload, 20);
            });
        });
        // Notes that were wrong before dev started show their mistakes too: checked in the
        // background once the first page has its data, so start-up does not wait for it.
        // the restart asked for above: site.yaml may have changed again meanwhile
        if (restartDone()) reload();
        checkAtStart = () => {
          running = running.then(async () => {
            if (content && (await checkNotes(allNotes()))) vitePlugin.update();
          });
          running = running.catch((error: unknown) => logger.error(String(error)));
        };
      },
      'astro:server:done': async () => {
        await renderer?.close(true);
      },
    },
  };
}

/** The files pages are made from, as one string (equal while no card, note or example came or went). */
function pageFileList(content: SiteContent): string {
  return JSON.stringify([
    content.atlas.cards.map((card) => card.file),
    content.noteFiles.map((note) => [note.slug, note.file]),
    content.examples.map((example) => example.dir),
  ]);
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
      listSize: options.listSize,
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
