/**
 * Loads and validates every content file once per build (notes' frontmatter,
 * cards, layers, call chains, examples, redirects) and cross-checks references,
 * failing with the file, the field and what was expected.
 */
import path from 'node:path';
import { collectAtlas } from '../model/load.ts';
import { loadChains, type Chain } from '../model/chains.ts';
import { ContentError, didYouMean, ErrorCollector, sortErrors, toContentErrors } from '../model/errors.ts';
import { placeErrors } from '../model/error-places.ts';
import { staleCards } from '../model/freshness.ts';
import { loadExamples, type Example } from '../model/examples.ts';
import { loadPlayground, PLAYGROUND_FILE, type Playground } from '../model/playground.ts';
import { loadRedirects } from '../model/redirects-file.ts';
import { noteSlips } from '../model/note-slips.ts';
import type { Atlas } from '../model/types.ts';
import { paths, withBase } from '../model/urls.ts';
import { cardAliasRedirects } from '../model/redirects.ts';
import { collectNotes, type ValidNote } from '../model/validate-notes.ts';
import { must } from '../model/lookup.ts';
import { defaultSiteFile, readSiteFile, startNoteProblem, type SiteFile } from '../model/site-file.ts';
import { languageFrom } from '../config.ts';

export interface SiteContent {
  contentDir: string;
  /** site.yaml (its defaults when the folder has none). */
  site: SiteFile;
  atlas: Atlas;
  /** Note slugs (for wiki links). */
  notes: string[];
  /** Every note with valid frontmatter, drafts included (link previews skip drafts). */
  noteFiles: ValidNote[];
  /** Symbolic links under content/notes/, not followed (the build warns about each). */
  noteSymlinks: string[];
  chains: Chain[];
  examples: Example[];
  /** Declared redirects: old site path → new site path. */
  redirects: Record<string, string>;
  /** The playground's guided path. */
  playground: Playground;
}

/**
 * Reads `contentDir` (relative to `root`) and returns the validated content. Every
 * loader runs even when an earlier one failed (those that need the atlas run on it
 * when it loaded), and all their errors are thrown together: a ContentErrors sorted by
 * file and line, each error at its line where the file shows it.
 */
export function loadContent(root: string, contentDir: string): SiteContent {
  const collected = collectContent(root, contentDir);
  if (collected.errors.length) {
    const errors = new ErrorCollector();
    errors.add(...collected.errors);
    errors.throwIfAny();
  }
  return collected.content!;
}

/** What collectContent found: the content when it is all valid, else the sound parts and every error. */
export interface CollectedContent {
  contentDir: string;
  /** Set when there are no errors. */
  content: SiteContent | undefined;
  /** The cards and layers that are sound (undefined when layers.yaml is unusable). */
  atlas: Atlas | undefined;
  /** Notes whose frontmatter is valid. */
  notes: ValidNote[];
  /** Every error, each at its line where the file shows it, sorted by file and line. */
  errors: ContentError[];
}

/** loadContent without throwing: every loader's errors, and what loaded. */
export function collectContent(root: string, contentDir: string): CollectedContent {
  const dir = path.resolve(root, contentDir);
  const errors = new ErrorCollector();
  const notesDir = path.join(dir, 'notes');
  const site = errors.try(path.join(dir, 'site.yaml'), () => readSiteFile(dir)) ?? defaultSiteFile;
  const notes = collectNotes(notesDir, errors);
  const startProblem = startNoteProblem(dir, site, notes.notes);
  if (startProblem) errors.add(...toContentErrors(startProblem, path.join(dir, 'site.yaml')));
  // a Chinese site (site.yaml, or SITE_LANG over it) gives every card its Chinese name
  const atlas = collectAtlas(dir, errors, {
    ...site,
    zhRequired: languageFrom(process.env, site.language).startsWith('zh'),
  });
  const examples = errors.try(path.join(dir, 'examples'), () => loadExamples(dir)) ?? [];
  const redirects = errors.try(path.join(dir, 'redirects.yaml'), () => loadRedirects(dir)) ?? {};
  let chains: Chain[] = [];
  let playground: Playground = { steps: [] };
  if (atlas) {
    chains = errors.try(path.join(dir, 'chains'), () => loadChains(dir, atlas)) ?? [];
    // Remarks that correct a note must quote words the note really says.
    errors.try(path.join(dir, 'cards'), () => noteSlips(atlas, notes.notes, '/'));
    for (const example of examples) {
      example.cards.forEach((id, index) => {
        if (!atlas.byId.has(id))
          errors.add(
            new ContentError(
              `${example.dir}/example.yaml`,
              `cards.${index}: unknown card "${id}"${didYouMean(id, atlas.byId.keys())}`,
            ),
          );
      });
    }
    playground =
      errors.try(path.join(dir, PLAYGROUND_FILE), () => loadPlayground(dir, (id) => atlas.byId.has(id))) ?? playground;
    errors.try(path.join(dir, 'redirects.yaml'), () =>
      assertRedirectsFree(path.join(dir, 'redirects.yaml'), redirects, atlas, notes.notes, notesDir),
    );
  }
  const found = { contentDir: dir, atlas, notes: notes.notes };
  if (errors.errors.length || !atlas)
    return { ...found, content: undefined, errors: sortErrors(placeErrors(errors.errors)) };
  const content: SiteContent = {
    contentDir: dir,
    site,
    atlas,
    notes: notes.notes.map((note) => note.slug),
    noteFiles: notes.notes,
    noteSymlinks: notes.symlinks,
    chains,
    examples,
    redirects,
    playground,
  };
  return { ...found, content, errors: [] };
}

/**
 * A redirect may only take a URL nothing else serves: a card, a card alias or a
 * note at the same path would be two sources for one URL, one silently lost.
 */
function assertRedirectsFree(
  file: string,
  redirects: Record<string, string>,
  atlas: Atlas,
  notes: ValidNote[],
  notesDir: string,
): void {
  const served = new Map<string, string>();
  for (const card of atlas.cards) served.set(paths.card(card.id), card.file);
  for (const [alias, id] of cardAliasRedirects(atlas)) {
    served.set(paths.card(alias), `the alias redirect of card "${id}" (${must(atlas.byId, id, 'card').file})`);
  }
  for (const note of notes) served.set(paths.note(note.slug), path.join(notesDir, note.file));
  const clashes = Object.keys(redirects)
    .filter((from) => served.has(from))
    .map((from) => `  ${from}: already served by ${served.get(from)}; remove the redirect or the page`);
  if (clashes.length)
    throw new ContentError(file, `redirect from a URL that is already a page:\n${clashes.join('\n')}`);
}

/** The source file of each page written from one (site path with base → absolute file), for messages. */
export function pageSources(content: SiteContent, base: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const note of content.noteFiles) {
    sources.set(withBase(base, paths.note(note.slug)), path.join(content.contentDir, 'notes', note.file));
  }
  for (const card of content.atlas.cards) sources.set(withBase(base, paths.card(card.id)), path.resolve(card.file));
  for (const example of content.examples) {
    sources.set(withBase(base, paths.example(example.id)), path.resolve(example.dir, 'README.md'));
  }
  return sources;
}

/** Warnings about what was loaded but not used (each names the file). */
export function contentWarnings(content: SiteContent): string[] {
  return symlinkWarnings(content.contentDir, content.noteSymlinks);
}

/** One warning per symbolic link under notes/ (skipped, never followed), as the build and check:content print them. */
export function symlinkWarnings(contentDir: string, links: readonly string[]): string[] {
  return links.map(
    (link) =>
      `${path.join(contentDir, 'notes', link)}: symbolic link not followed (notes are read from real files and folders only)`,
  );
}

/** One log line summarising what was loaded. */
export function contentSummary(content: SiteContent): string {
  const { atlas } = content;
  return (
    `content: ${content.notes.length} notes, ${atlas.cards.length} cards, ${atlas.edges.length} relations, ` +
    `${atlas.layers.length} layers, ${content.chains.length} call chains, ${content.examples.length} examples`
  );
}

/** A warning naming the card files not reviewed for 12 months, or undefined when every card is fresh. */
export function staleWarning(content: SiteContent, today = new Date()): string | undefined {
  const stale = staleCards(content.atlas.cards, today);
  if (!stale.length) return undefined;
  return `not reviewed for 12 months: ${stale.map((c) => `${path.basename(c.file)} (${c.reviewed})`).join(', ')}`;
}
