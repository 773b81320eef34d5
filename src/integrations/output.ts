/**
 * The built site as a list of files. Pages are read from disk when a step needs one
 * (and dropped after): at 10,000 notes the site's HTML is more than a gigabyte of
 * JavaScript strings, which no step needs all at once (issue 24 item 5).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface BuiltSite {
  /** Output folder (absolute). */
  dir: string;
  /** Base path, starting and ending with `/`. */
  base: string;
  /** Every file, as a path relative to `dir` with `/` separators, sorted. */
  files: string[];
  /** The HTML pages among `files`, in the same order. */
  pages: string[];
}

/** Walks `dir` once (dot folders such as .prerender are skipped); reads no file. */
export async function readBuiltSite(dir: string, base: string): Promise<BuiltSite> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((part) => part.startsWith('.')))
    .sort();
  return { dir, base, files, pages: files.filter((file) => file.endsWith('.html')) };
}

/** The text of one page of the site (`file` relative to the output folder). */
export function readPage(site: Pick<BuiltSite, 'dir'>, file: string): Promise<string> {
  return readFile(path.join(site.dir, file), 'utf8');
}

/** `cards/runc/index.html` → `cards/runc/`; `404.html` → `404.html` (relative to the base). */
export function pagePath(file: string): string {
  return file.replace(/(^|\/)index\.html$/, '$1');
}
