/**
 * Errors in user content. Each names the file, and where known the line and column in
 * that file (frontmatter counted), so editors and terminals can jump to it. A run
 * collects them (`ErrorCollector`) and reports them together, sorted by file and line.
 */
import path from 'node:path';
import type { z } from 'zod';
import { closestWord } from './typos.ts';

/** Where in a file: 1-based line and column. */
export interface Place {
  line: number;
  column: number;
}

export interface ErrorPlace {
  line?: number | undefined;
  column?: number | undefined;
  /** The field the error is about (`relations.2.target`), for finding its line later. */
  field?: string | undefined;
}

export class ContentError extends Error {
  readonly file: string;
  /** What is wrong, without the location. */
  readonly reason: string;
  line: number | undefined;
  column: number | undefined;
  readonly field: string | undefined;
  constructor(file: string, reason: string, place: ErrorPlace = {}) {
    super(reason);
    this.name = 'ContentError';
    this.file = file;
    this.reason = reason;
    this.line = place.line;
    this.column = place.column;
    this.field = place.field;
    this.message = this.locate();
    // Printed by tools that log the thrown object (Astro's Markdown step does): the message
    // alone, not a stack trace and a dump of these fields.
    for (const key of ['name', 'file', 'reason', 'line', 'column', 'field'] as const) {
      Object.defineProperty(this, key, { enumerable: false, writable: key === 'line' || key === 'column' });
    }
    this.stack = this.message;
  }

  /** Sets the line once it is known (errors found by cross-checks know the field, not the line). */
  place(at: Place | undefined): this {
    if (at && this.line === undefined) {
      this.line = at.line;
      this.column = at.column;
      this.message = this.locate();
      this.stack = this.message;
    }
    return this;
  }

  /** `file:line:column: reason` (or `file: reason` without a line); the file relative to the working directory. */
  locate(file = displayFile(this.file)): string {
    const where = this.line !== undefined ? `${file}:${this.line}:${this.column ?? 1}` : file;
    return `${where}: ${this.reason}`;
  }
}

/**
 * Several content errors at once; the message lists them all, sorted. It is a
 * ContentError itself (about the first file), so callers that catch one still work.
 */
export class ContentErrors extends ContentError {
  /** Every error, sorted. (Not named `errors`: Astro takes an error with an `errors` list for its first item only.) */
  readonly all: ContentError[];
  constructor(errors: ContentError[]) {
    const sorted = sortErrors(errors);
    super(sorted[0]?.file ?? '', formatErrors(sorted));
    Object.defineProperty(this, 'name', { value: 'ContentErrors', enumerable: false });
    this.all = sorted;
    Object.defineProperty(this, 'all', { enumerable: false });
    this.message = this.reason;
  }

  override locate(): string {
    return this.reason;
  }
}

/** By file, then line, then column; errors without a line first in their file. */
export function sortErrors(errors: readonly ContentError[]): ContentError[] {
  return [...errors].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.reason.localeCompare(b.reason),
  );
}

/** Path as shown: relative to `cwd` when inside it. */
export function displayFile(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** One line per error (continuation lines indented), sorted by file and line. */
export function formatErrors(errors: readonly ContentError[], cwd = process.cwd()): string {
  return sortErrors(errors)
    .map((error) => error.locate(displayFile(error.file, cwd)))
    .join('\n');
}

/** A thrown value's readable text: never an object dump. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const reason = (error as { reason?: unknown }).reason;
    return typeof reason === 'string' && reason ? reason : error.message;
  }
  return String(error);
}

/**
 * Anything thrown while loading or rendering content, as ContentErrors: ours as they
 * are, a unified VFileMessage or a diagram error with its file and line, anything
 * else with `fallbackFile` and its message (never `util.inspect` of the object).
 */
export function toContentErrors(error: unknown, fallbackFile: string): ContentError[] {
  if (error instanceof ContentErrors) return error.all;
  if (error instanceof ContentError) return [error];
  const e = error as {
    file?: unknown;
    line?: unknown;
    column?: unknown;
    place?: { line?: number; column?: number; start?: { line?: number; column?: number } };
    reason?: unknown;
    message?: unknown;
    errors?: unknown;
  } | null;
  if (e && Array.isArray(e.errors) && e.errors.length) {
    return e.errors.flatMap((inner) => toContentErrors(inner, fallbackFile));
  }
  const file = typeof e?.file === 'string' && e.file ? path.resolve(e.file) : fallbackFile;
  const place = e?.place && 'start' in e.place ? e.place.start : e?.place;
  const line = typeof e?.line === 'number' ? e.line : place?.line;
  const column = typeof e?.column === 'number' ? e.column : place?.column;
  // Astro's Markdown step prefixes `Failed to parse Markdown file "…":` to what we threw.
  let reason = errorText(error).replace(/^Failed to parse Markdown file "[^"]*":\n/, '');
  // Messages made by markdown/errors.ts already start with `file:line:column: `; keep the reason only.
  const prefixed = /^(\S+?):(\d+)(?::(\d+))?: ([\s\S]*)$/.exec(reason);
  if (prefixed && path.resolve(prefixed[1]!) === (typeof e?.file === 'string' ? file : path.resolve(prefixed[1]!))) {
    return [
      new ContentError(typeof e?.file === 'string' ? file : path.resolve(prefixed[1]!), prefixed[4]!, {
        line: Number(prefixed[2]),
        column: prefixed[3] ? Number(prefixed[3]) : (column ?? undefined),
      }),
    ];
  }
  if (reason.startsWith(`${file}: `)) reason = reason.slice(file.length + 2);
  return [new ContentError(file, reason, { line: line ?? undefined, column: column ?? undefined })];
}

/** Collects every error of a run instead of stopping at the first. */
export class ErrorCollector {
  readonly errors: ContentError[] = [];

  add(...errors: ContentError[]): void {
    this.errors.push(...errors);
  }

  /** Runs `task`; a thrown content error is recorded (under `file` when it names none) and undefined returned. */
  try<T>(file: string, task: () => T): T | undefined {
    try {
      return task();
    } catch (error) {
      this.add(...toContentErrors(error, file));
      return undefined;
    }
  }

  /** Throws every collected error at once (a ContentErrors), if any. */
  throwIfAny(): void {
    if (this.errors.length === 1) throw this.errors[0]!;
    if (this.errors.length) throw new ContentErrors(this.errors);
  }
}

/** `did you mean "x"?` for a mistyped name, or '' when no known name is close. */
export function didYouMean(typed: unknown, known: Iterable<string>): string {
  if (typeof typed !== 'string') return '';
  const best = closestWord(
    typed.toLowerCase(),
    [...known].map((k) => k.toLowerCase()),
  );
  if (!best) return '';
  const original = [...known].find((k) => k.toLowerCase() === best) ?? best;
  return `; did you mean "${original}"?`;
}

/** The value at `path` inside `data`, or undefined. */
function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of at) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One zod issue as a reason: `field: what was expected`, with a suggestion for a mistyped name. */
export function zodIssueReason(issue: z.core.$ZodIssue, data?: unknown): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : '(root)';
  let message = issue.message;
  if (issue.code === 'invalid_value' && data !== undefined) {
    const typed = valueAt(data, issue.path);
    const values = issue.values.filter((v): v is string => typeof v === 'string');
    message = `${typeof typed === 'string' ? `"${typed}" is not one of ${values.map((v) => `"${v}"`).join(', ')}` : message}${didYouMean(typed, values)}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${issue.path.length ? `${field}.` : ''}${key}: unknown field`).join('; ');
  }
  return `${field}: ${message}`;
}

/** Turns a zod error into one readable line per issue: `field: what was expected`. */
export function formatZodError(error: z.ZodError, data?: unknown): string {
  return error.issues.map((issue) => `  - ${zodIssueReason(issue, data)}`).join('\n');
}

/**
 * A zod error as one ContentError per issue, each at the line of its field when
 * `locate` finds it (`locate` gets the issue's path and returns a file place).
 */
export function zodErrors(
  file: string,
  error: z.ZodError,
  data: unknown,
  locate: (at: readonly PropertyKey[]) => Place | undefined,
  prefix = '',
): ContentError[] {
  return error.issues.map((issue) => {
    const at = issue.code === 'unrecognized_keys' && issue.keys.length ? [...issue.path, issue.keys[0]!] : issue.path;
    const place = locate(at);
    return new ContentError(file, `${prefix}${zodIssueReason(issue, data)}`, {
      line: place?.line,
      column: place?.column,
      field: issue.path.map(String).join('.'),
    });
  });
}
