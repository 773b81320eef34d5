/** Build errors for markdown content: every message names the file, line and column. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { ContentError } from '../model/errors.ts';
import { splitFrontmatter } from '../model/frontmatter.ts';

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
  const split = splitFrontmatter(original);
  if (!split) return 0;
  const frontmatterLength = original.length - split.body.length;
  // Astro may trim or keep the body's blank ends: line up the first real text in both.
  const bodyAt = body.search(/\S/);
  if (bodyAt < 0) return 0;
  const probe = body.slice(bodyAt, bodyAt + 40);
  const originalAt = original.indexOf(probe, frontmatterLength);
  if (originalAt < 0) return 0;
  const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
  return lineOf(original, originalAt) - lineOf(body, bodyAt);
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

/**
 * Stops the build for a problem at `place` in `file`, the unified way
 * (`file.fail` with a place, a rule id and our source name). Positions are file
 * lines (frontmatter counted), and the message itself starts with
 * `file:line:column:` because Astro prints only the message.
 */
export function fail(file: VFile, place: Point | Position | undefined, reason: string, ruleId = 'content'): never {
  const point = sourcePoint(file, place);
  // Recorded on the file the unified way; thrown as a ContentError, which prints as one line
  // (a VFileMessage thrown through Astro's console.error dumps its every field).
  const message = file.message(reason, { place: point, ruleId, source: 'stack-atlas' });
  message.fatal = true;
  throw new ContentError(file.path ? path.resolve(file.path) : displayPath(file), reason, {
    line: point?.line,
    column: point?.column,
  });
}

/** Records a warning at `place` (file lines) and returns it as `file:line:column: reason`. */
export function warn(file: VFile, place: Point | Position | undefined, reason: string, ruleId = 'content'): string {
  file.message(reason, { place: sourcePoint(file, place), ruleId, source: 'stack-atlas' });
  return `${locate(file, place)}: ${reason}`;
}

/** The point `offset` characters after `start` in a node's text, counting newlines. */
export function pointInText(start: Point | undefined, text: string, offset: number): Point | undefined {
  if (!start) return undefined;
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  if (lines.length === 1) return { line: start.line, column: start.column + offset };
  return { line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
}
