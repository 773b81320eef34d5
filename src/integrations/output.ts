/** The built site read once: every file's site path, and the text of every HTML page. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface BuiltSite {
  /** Output folder (absolute). */
  dir: string;
  /** Base path, starting and ending with `/`. */
  base: string;
  /** Every file, as a path relative to `dir` with `/` separators. */
  files: string[];
  /** HTML pages: relative path → text. */
  html: Map<string, string>;
}

/** Walks `dir` once (dot folders such as .prerender are skipped) and reads the HTML pages. */
export async function readBuiltSite(dir: string, base: string): Promise<BuiltSite> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((part) => part.startsWith('.')))
    .sort();
  const pages = files.filter((file) => file.endsWith('.html'));
  const texts = await Promise.all(pages.map((file) => readFile(path.join(dir, file), 'utf8')));
  // In file order, whatever order the reads finished in: the search index depends on it.
  const html = new Map(pages.map((file, i) => [file, texts[i]!]));
  return { dir, base, files, html };
}

/** `cards/runc/index.html` → `cards/runc/`; `404.html` → `404.html` (relative to the base). */
export function pagePath(file: string): string {
  return file.replace(/(^|\/)index\.html$/, '$1');
}
