/**
 * A size budget per page: a page over it fails the build naming the file the
 * author wrote (a 1.5 MB note with a 50,000-line code block becomes a 25 MB page,
 * which no reader wants and which the offline cache would have to skip).
 */
import path from 'node:path';
import { Parser } from 'htmlparser2';
import type { ValidNote } from '../model/validate-notes.ts';
import { paths, withBase } from '../model/urls.ts';
import { pagePath } from './output.ts';

export interface PageBudgetOptions {
  /** Largest page, in bytes. */
  limitBytes: number;
  /** The source file of a page (site path → file), to name it. */
  sourceOf?: (sitePath: string) => string | undefined;
  /** The note files behind a page made of notes' fields (a tag or category page), to blame a list page's links to it. */
  notesOf?: (sitePath: string) => readonly string[] | undefined;
  /** The text of a page (file relative to the output): read only for a page over the budget that no single file made. */
  readPage: (file: string) => string;
}

/** What the budget needs of the built site: its base, and each page's size in bytes (file → bytes). */
export interface PageSizes {
  base: string;
  sizes: ReadonlyMap<string, number>;
}

/** Tag and category pages (site path with base) → the note files that carry that tag or category. */
export function taxonomyNotes(notes: ValidNote[], notesDir: string, base: string): Map<string, string[]> {
  const behind = new Map<string, string[]>();
  const add = (sitePath: string, file: string) => {
    const key = withBase(base, sitePath);
    behind.set(key, [...(behind.get(key) ?? []), file]);
  };
  for (const note of notes) {
    const file = path.join(notesDir, note.file);
    for (const tag of new Set(note.data.tags)) add(paths.tag(tag), file);
    if (note.data.category) add(paths.category(note.data.category), file);
  }
  return behind;
}

const mib = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;

const display = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};

/** Links on a page to pages written from a source file: per file, how many and how many bytes of `<a>…</a>`. */
function linkedSources(
  html: string,
  sourcesOf: (sitePath: string) => readonly string[],
): Map<string, { links: number; bytes: number }> {
  const found = new Map<string, { links: number; bytes: number }>();
  const open: { sources: readonly string[]; start: number }[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name !== 'a') return;
      const href = (attributes.href ?? '').replace(/[#?].*$/, '');
      // Pages escape non-ASCII paths, hand-written markup may not: try the link as written, decoded and escaped.
      let sources = sourcesOf(href);
      for (const spelling of [decodeURI, encodeURI]) {
        if (sources.length) break;
        try {
          sources = sourcesOf(spelling(href));
        } catch {
          // Not a valid URL in that spelling: no source.
        }
      }
      open.push({ sources, start: parser.startIndex });
    },
    onclosetag(name) {
      if (name !== 'a') return;
      const link = open.pop();
      if (!link?.sources.length) return;
      const bytes = Buffer.byteLength(html.slice(link.start, parser.endIndex + 1));
      for (const source of link.sources) {
        const entry = found.get(source) ?? { links: 0, bytes: 0 };
        entry.links += 1;
        entry.bytes += bytes / link.sources.length;
        found.set(source, entry);
      }
    },
  });
  parser.end(html);
  return found;
}

/**
 * For a page no single file was written into (the tag index, the archive): the note
 * that made it big, when one stands out. A note with 1,000 tags is linked from the
 * tag index 1,000 times; a note with an enormous title fills the page with its links.
 */
function culprit(html: string, bytes: number, sourcesOf: (sitePath: string) => readonly string[]): string {
  const ranked = [...linkedSources(html, sourcesOf)].sort((a, b) => b[1].links - a[1].links || b[1].bytes - a[1].bytes);
  const total = ranked.reduce((sum, [, entry]) => sum + entry.links, 0);
  const [top, next] = ranked;
  if (top && top[1].links >= 10 && top[1].links >= 3 * (next?.[1].links ?? 0)) {
    return `; it links to ${display(top[0])} or its tags ${top[1].links.toLocaleString('en')} times (of ${total.toLocaleString('en')} such links to notes and cards; the next: ${next?.[1].links ?? 0}), which is what makes it large`;
  }
  const heaviest = ranked.toSorted((a, b) => b[1].bytes - a[1].bytes)[0];
  if (heaviest && heaviest[1].bytes * 4 >= bytes) {
    return `; ${mib(heaviest[1].bytes)} of it are links to ${display(heaviest[0])}, which is what makes it large`;
  }
  return ranked.length ? `; no single note stands out (it links to ${ranked.length} notes and cards)` : '';
}

/** Returns the summary line; throws naming every page over the budget and its source file. */
export function checkPageBudget(site: PageSizes, options: PageBudgetOptions): string {
  const over: string[] = [];
  let largest = 0;
  const sourcesOf = (sitePath: string): readonly string[] => {
    const own = options.sourceOf?.(sitePath);
    return own ? [own] : (options.notesOf?.(sitePath) ?? []);
  };
  for (const [file, bytes] of site.sizes) {
    largest = Math.max(largest, bytes);
    if (bytes <= options.limitBytes) continue;
    const source = options.sourceOf?.(site.base + pagePath(file));
    const cause = source ? '' : culprit(options.readPage(file), bytes, sourcesOf);
    over.push(
      `  ${source ? `${display(source)}: its page ${file}` : file} is ${mib(bytes)}, over the ${mib(options.limitBytes)} page budget${cause}`,
    );
  }
  if (over.length) {
    throw new Error(
      `page budget: ${over.length} page(s) too large:\n${over.join('\n')}\n` +
        'Split the note or move long listings into a file linked from it; STACK_ATLAS_PAGE_BUDGET_KB raises the budget.',
    );
  }
  return `page budget: ${site.sizes.size} pages, largest ${mib(largest)} (budget ${mib(options.limitBytes)})`;
}
