/**
 * Validates note frontmatter with strict YAML 1.2 before Astro sees it: Astro's
 * YAML 1.1 parser silently turns an impossible date such as 2025-13-45 into a
 * real one (2026-02-14), and its schema errors name the entry, not the file.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ContentError, formatZodError } from './errors.ts';
import { readFrontmatter } from './load.ts';
import { noteSchema } from './note-schema.ts';

/** Relative paths of every note file (.md, .mdx) under `notesDir`. */
export function listNoteFiles(notesDir: string): string[] {
  if (!existsSync(notesDir)) return [];
  return readdirSync(notesDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Note slug as Astro's glob loader derives it: the path without extension. */
export function noteSlug(relativePath: string): string {
  return relativePath
    .replace(/\.mdx?$/, '')
    .replace(/(^|\/)index$/, '')
    .toLowerCase();
}

/** Throws one ContentError listing every invalid note (file, field, expectation). */
export function validateNotes(notesDir: string): string[] {
  const files = listNoteFiles(notesDir);
  const problems: string[] = [];
  for (const rel of files) {
    const file = path.join(notesDir, rel);
    try {
      const { data } = readFrontmatter(file, readFileSync(file, 'utf8'));
      const result = noteSchema.safeParse(data);
      if (!result.success) problems.push(`${file}: invalid note frontmatter:\n${formatZodError(result.error)}`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length)
    throw new ContentError(notesDir, `${problems.length} note(s) with errors:\n${problems.join('\n')}`);
  return files;
}
