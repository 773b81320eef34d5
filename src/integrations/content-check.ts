/**
 * Checks the whole content folder without building the site, with the build's own
 * code: the loaders (schemas, relations, aliases, chains, examples, redirects), then
 * every note through the build's Markdown processor (unclosed fences, wiki links,
 * Mermaid via the renderer and its disk cache, unsafe markup, …), then the notes'
 * links and images against the pages the site will have. Every error is collected;
 * nothing stops at the first. Used by `npm run check:content` (tools/check-content.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import type { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { ContentError, ErrorCollector, sortErrors, toContentErrors } from '../model/errors.ts';
import { cardAliasRedirects } from '../model/redirects.ts';
import { paths } from '../model/urls.ts';
import { taxonomy } from '../model/notes.ts';
import { scanNotes, noteSlug } from '../model/note-files.ts';
import { markdownLimitProblems } from '../model/markdown-limits.ts';
import { splitFrontmatter } from '../model/frontmatter.ts';
import type { ValidNote } from '../model/validate-notes.ts';
import { collectContent, symlinkWarnings, type CollectedContent, type SiteContent } from './content.ts';
import { findBrokenLinks, parsePage, type Site, type SitePage } from './link-graph.ts';
import { markdownSettings } from './markdown.ts';
import { DEFAULT_LIST_SIZE, pagePath } from '../model/pagination.ts';

export interface ContentCheckOptions {
  /** Project root (where public/ and the URL contract are). */
  root: string;
  /** Content folder, relative to root or absolute. */
  contentDir: string;
  /** Renders Mermaid fences (its disk cache makes unchanged diagrams free). */
  renderer: DiagramRenderer;
  /** URL contract file relative to root ('' = none): pages it lists count as existing. */
  urlsFile?: string;
  /** Notes per list page (STACK_ATLAS_LIST_SIZE): which numbered archive, tag and category pages exist. */
  listSize?: number;
}

export interface ContentCheckResult {
  errors: ContentError[];
  /** What was skipped and why (symbolic links under notes/), as the build warns of it. */
  warnings: string[];
  notes: number;
  cards: number;
}

/** Pages every site has, whatever its content (src/pages/ without parameters). */
const FIXED_PAGES = [
  '',
  'archive/',
  'cards/',
  'categories/',
  'compare/',
  'examples/',
  'layers/',
  'search/',
  'tags/',
  'playground/',
  'playground/licences/',
];
const FIXED_FILES = ['404.html', 'rss.xml', 'llms.txt', 'robots.txt', 'sitemap-index.xml'];

/** Every error in the content folder, sorted by file and line. */
export async function checkContent(options: ContentCheckOptions): Promise<ContentCheckResult> {
  const collected = collectContent(options.root, options.contentDir);
  const errors = new ErrorCollector();
  errors.add(...collected.errors);
  const notesDir = path.join(collected.contentDir, 'notes');
  if (collected.atlas) {
    const processor = await createMarkdownProcessor({
      syntaxHighlight: false,
      ...markdownSettings({
        atlas: collected.atlas,
        notes: collected.notes,
        notesDir,
        base: '/',
        renderer: options.renderer,
      }),
    });
    errors.add(...(await checkNotes(collected, notesToRender(collected, notesDir), processor, options)));
  }
  const scan = scanNotes(notesDir);
  return {
    errors: dedupe(sortErrors(errors.errors)),
    warnings: symlinkWarnings(collected.contentDir, scan.symlinks),
    notes: scan.files.length,
    cards: collected.atlas?.cards.length ?? 0,
  };
}

type NoteToCheck = Pick<ValidNote, 'file' | 'slug' | 'body' | 'data'>;
type MarkdownProcessor = Awaited<ReturnType<typeof createMarkdownProcessor>>;

/**
 * The Markdown mistakes of some notes (render errors such as unclosed fences, wiki links,
 * Mermaid and missing images; then broken links), checked against every page the content makes.
 */
async function checkNotes(
  collected: CollectedContent,
  notes: NoteToCheck[],
  processor: MarkdownProcessor,
  options: Pick<ContentCheckOptions, 'root' | 'urlsFile' | 'listSize'>,
): Promise<ContentError[]> {
  const errors: ContentError[] = [];
  const notesDir = path.join(collected.contentDir, 'notes');
  const rendered = new Map<string, string>();
  for (const note of notes) {
    const file = path.join(notesDir, note.file);
    // MDX needs the MDX compiler (the build runs it); its frontmatter was checked above.
    if (file.endsWith('.mdx')) continue;
    // Astro's processor logs what it throws before throwing it; here it is collected and printed once.
    const log = console.error;
    console.error = () => undefined;
    try {
      const result = await processor.render(note.body, {
        fileURL: pathToFileURL(file),
        frontmatter: note.data as Record<string, unknown>,
      });
      rendered.set(paths.note(note.slug), result.code);
    } catch (error) {
      errors.push(...toContentErrors(error, file));
    } finally {
      console.error = log;
    }
  }
  errors.push(...linkErrors(collected, rendered, options));
  return dedupe(sortErrors(errors));
}

/**
 * For `astro dev`: checks one note file at a time the way `checkContent` does, with the
 * content of the moment (`current`) and a processor made once whose plugins follow it.
 * Returns the note's errors (none when it is fine, or no longer a note).
 */
export async function noteChecker(options: {
  root: string;
  urlsFile?: string;
  renderer: DiagramRenderer;
  current: () => SiteContent;
}): Promise<(file: string) => Promise<ContentError[]>> {
  const collectedOf = (content: SiteContent): CollectedContent => ({
    contentDir: content.contentDir,
    content,
    atlas: content.atlas,
    notes: content.noteFiles,
    errors: [],
  });
  const first = options.current();
  const notesDir = path.join(first.contentDir, 'notes');
  const processor = await createMarkdownProcessor({
    syntaxHighlight: false,
    ...markdownSettings({
      atlas: first.atlas,
      notes: first.noteFiles,
      current: () => {
        const content = options.current();
        return { atlas: content.atlas, notes: content.noteFiles };
      },
      notesDir,
      base: '/',
      renderer: options.renderer,
    }),
  });
  return async (file) => {
    const collected = collectedOf(options.current());
    const rel = path.relative(notesDir, file).split(path.sep).join('/');
    if (rel.startsWith('..') || !existsSync(file)) return [];
    const note = notesToRender(collected, notesDir).find((n) => n.file === rel);
    return note ? checkNotes(collected, [note], processor, options) : [];
  };
}

/** Valid notes, and notes whose frontmatter failed but whose body can still be checked. */
function notesToRender(
  collected: CollectedContent,
  notesDir: string,
): Pick<ValidNote, 'file' | 'slug' | 'body' | 'data'>[] {
  const valid = new Set(collected.notes.map((note) => note.file));
  const others = scanNotes(notesDir)
    .files.filter((rel) => !valid.has(rel))
    .flatMap((rel) => {
      let text: string;
      try {
        text = readFileSync(path.join(notesDir, rel), 'utf8');
      } catch {
        return [];
      }
      const body = splitFrontmatter(text)?.body;
      // a body over the parser's limits was reported by the loader; rendering it would stall the check
      if (body === undefined || markdownLimitProblems(body).length) return [];
      return [{ file: rel, slug: noteSlug(rel), body, data: {} as ValidNote['data'] }];
    });
  return [...collected.notes, ...others];
}

/** Broken links and fragments in the rendered notes, each at the line it was written. */
function linkErrors(
  collected: CollectedContent,
  rendered: Map<string, string>,
  options: Pick<ContentCheckOptions, 'root' | 'urlsFile' | 'listSize'>,
): ContentError[] {
  const atlas = collected.atlas!;
  const pages = new Map<string, SitePage>();
  // A page this check does not render accepts any fragment (as a redirect stub does).
  const elsewhere = (): SitePage => ({
    file: '',
    ids: new Set(),
    links: [],
    inlineScripts: [],
    unsafe: [],
    redirect: 'not rendered',
  });
  const add = (sitePath: string) => pages.set(`/${sitePath}`, elsewhere());
  for (const page of FIXED_PAGES) add(page);
  for (const card of atlas.cards) add(paths.card(card.id));
  for (const alias of cardAliasRedirects(atlas).keys()) add(paths.card(alias));
  for (const note of collected.notes) add(paths.note(note.slug));
  // Each list's first page and as many numbered pages as its notes fill, grouped as the pages group
  // them (drafts are in no list of a build); decoded, as the link check compares paths.
  const listed = collected.notes.filter((note) => !note.data.draft).map((note) => ({ ...note.data, slug: note.slug }));
  const lists: Array<[string, number]> = [
    ['archive/', listed.length],
    ...taxonomy(listed, (n) => n.tags).map((g): [string, number] => [paths.tag(g.name), g.notes.length]),
    ...taxonomy(listed, (n) => (n.category ? [n.category] : [])).map((g): [string, number] => [
      paths.category(g.name),
      g.notes.length,
    ]),
  ];
  const listSize = options.listSize ?? DEFAULT_LIST_SIZE;
  for (const [first, notes] of lists) {
    for (let n = 1; n <= Math.max(1, Math.ceil(notes / listSize)); n++) add(decodeURIComponent(pagePath(first, n)));
  }
  const files = new Set(FIXED_FILES.map((f) => `/${f}`));
  if (options.urlsFile) {
    const contract = path.resolve(options.root, options.urlsFile);
    if (existsSync(contract)) {
      for (const line of readFileSync(contract, 'utf8').split('\n')) {
        if (!line.startsWith('/')) continue;
        if (line.endsWith('/')) pages.set(line, pages.get(line) ?? elsewhere());
        else files.add(line);
      }
    }
  }
  for (const file of publicFiles(path.join(options.root, 'public'))) files.add(file);
  for (const [sitePath, html] of rendered) pages.set(`/${sitePath}`, parsePage(html, `${sitePath}index.html`));
  const site: Site = { base: '/', pages, files, linkCount: 0 };
  return findBrokenLinks(site).map((link) => {
    const source = /^(.*):(\d+)$/.exec(link.source ?? '');
    const file = source ? path.resolve(options.root, source[1]!) : pageFile(collected, link.page);
    let href = link.href;
    try {
      href = decodeURI(href);
    } catch {
      // keep it as written
    }
    return new ContentError(file, `link ${href}: ${link.reason}`, { line: source ? Number(source[2]) : undefined });
  });
}

/** The note file a site path came from. */
function pageFile(collected: CollectedContent, sitePath: string): string {
  const note = collected.notes.find((n) => `/${paths.note(n.slug)}` === sitePath);
  return note ? path.join(collected.contentDir, 'notes', note.file) : sitePath;
}

/** Site paths of everything in public/. */
function publicFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? publicFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`)
      : [`${prefix}/${entry.name}`],
  );
}

/** The same error reported twice (a loader and a re-check) is listed once. */
function dedupe(errors: ContentError[]): ContentError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = error.locate();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
