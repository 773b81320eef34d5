/** Build errors for markdown content: every message names the file, line and column. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { ContentError } from '../model/errors.ts';

/** Path of the file being processed, relative to the working directory when inside it (shorter messages). */
export function displayPath(file: VFile): string {
  const full = file.path;
  if (!full) return '<unknown file>';
  const relative = path.relative(process.cwd(), full);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : full;
}

/**
 * Lines Astro cut off before the text we were given. Content collections pass the
 * body with the frontmatter removed, so positions count from the closing `---`;
 * reading the file back (only when an error is reported) turns them into real
 * file lines. MDX keeps blanked frontmatter lines, which gives 0 here.
 */
export function frontmatterLineOffset(file: VFile): number {
  if (!file.path || file.value === undefined) return 0;
  let original: string;
  try {
    original = readFileSync(file.path, 'utf8');
  } catch {
    return 0;
  }
  const body = String(file.value);
  if (original === body || !original.endsWith(body)) return 0;
  return original.slice(0, original.length - body.length).split('\n').length - 1;
}

/** Where `place` is in the source file, with the frontmatter offset applied. */
export function sourcePoint(file: VFile, place: Point | Position | undefined): Point | undefined {
  const point = place && 'start' in place ? place.start : place;
  return point ? { line: point.line + frontmatterLineOffset(file), column: point.column } : undefined;
}

/** `file:line:column` (or just the file) for messages. */
export function locate(file: VFile, place: Point | Position | undefined): string {
  const point = sourcePoint(file, place);
  return point ? `${displayPath(file)}:${point.line}:${point.column}` : displayPath(file);
}

/** A ContentError that also carries the line and column, so editors can jump to the spot. */
export class MarkdownError extends ContentError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(file: VFile, place: Point | Position | undefined, message: string) {
    const point = sourcePoint(file, place);
    super(displayPath(file), message);
    // ContentError formats `file: message`; we want `file:line:column: message`.
    this.message = `${locate(file, place)}: ${message}`;
    this.name = 'MarkdownError';
    this.line = point?.line;
    this.column = point?.column;
  }
}

/** Throws a MarkdownError for `place` in `file`. */
export function fail(file: VFile, place: Point | Position | undefined, message: string): never {
  throw new MarkdownError(file, place, message);
}

/** The point `offset` characters after `start` in a node's text, counting newlines. */
export function pointInText(start: Point | undefined, text: string, offset: number): Point | undefined {
  if (!start) return undefined;
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  if (lines.length === 1) return { line: start.line, column: start.column + offset };
  return { line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
}
