/**
 * The one way content files are read: never through a symbolic link (a link could
 * publish any file of the build machine, `/proc/self/environ` included), only regular
 * files (a FIFO or device would hang or flood the build), as UTF-8 that must be valid
 * (a byte that is not becomes a clear error rather than a silent U+FFFD), with a
 * leading byte-order mark (common from Windows editors) dropped.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
} from 'node:fs';
import path from 'node:path';
import { ContentError } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → text: valid UTF-8 required, BOM dropped; `file` names the error. */
export function decodeContent(file: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    throw new ContentError(file, `not valid UTF-8 (line ${at.line}, byte ${at.offset}): save the file as UTF-8`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where the first byte sequence that is not UTF-8 starts. */
function firstInvalidByte(bytes: Uint8Array): { line: number; offset: number } {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const size = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const valid =
      size > 0 && i + size <= bytes.length && bytes.subarray(i + 1, i + size).every((c) => (c & 0xc0) === 0x80);
    if (!valid) return { line, offset: i };
    if (b === 0x0a) line += 1;
    i += size;
  }
  return { line, offset: bytes.length };
}

/** True when `file` is a symbolic link (not followed). */
export function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Largest content file (notes, cards, YAML, example files). A page may weigh 2 MiB, so a
 * bigger source cannot make a page anyway; reading and parsing a file of hundreds of
 * megabytes would only hold the build up before it failed.
 */
export const MAX_CONTENT_FILE_BYTES = 4 * 1024 * 1024;

/** Reads one content file as text; refuses links, anything but a regular file, and files over the size limit. */
export function readContentFile(file: string): string {
  if (isSymlink(file)) {
    throw new ContentError(file, 'is a symbolic link: content is read from real files only (copy the file in instead)');
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ContentError(file, 'is a symbolic link: content is read from real files only');
    throw new ContentError(file, `cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ContentError(file, 'is not a regular file');
    if (stat.size > MAX_CONTENT_FILE_BYTES) {
      throw new ContentError(
        file,
        `is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; a content file may be at most ` +
          `${MAX_CONTENT_FILE_BYTES / 1024 / 1024} MiB (a page may weigh 2 MiB): split it`,
      );
    }
    return decodeContent(file, readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

/** True when `dir` is a real directory (a link to one is not). */
export function isRealDirectory(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The file names of a flat content folder that match `pattern`, sorted. Anything else
 * in it (`Upper.MD`, `x.markdown`, `c.json`, a sub-folder) is an error naming it rather
 * than something silently skipped; other dot files (`.gitkeep`, editor swap files) are left alone.
 */
export function contentFileNames(dir: string, pattern: RegExp, rule: string): string[] {
  const names = readdirSync(dir).filter((name) => !name.startsWith('.') || /\.(mdx?|markdown|ya?ml|json)$/i.test(name));
  for (const name of names) {
    if (!pattern.test(name)) throw new ContentError(path.join(dir, name), `not read: ${rule}`);
  }
  return names.sort();
}

/** The local file a URL in a content file names (an image, a cover), or undefined for URLs, site paths and data. */
export function localFileTarget(url: string, fromFile: string): string | undefined {
  if (!url || /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(url)) return undefined;
  const bare = url.replace(/[?#].*$/, '');
  let decoded = bare;
  try {
    decoded = decodeURI(bare);
  } catch {
    // keep it as written
  }
  return path.resolve(path.dirname(fromFile), decoded);
}

/** True when `file` (and, if it exists, the file it really is) lies inside `folder`. */
export function insideFolder(folder: string, file: string): boolean {
  const within = (dir: string, target: string) => {
    const rel = path.relative(dir, target);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!within(folder, file)) return false;
  return !existsSync(file) || within(realpathSync(folder), realpathSync(file));
}
