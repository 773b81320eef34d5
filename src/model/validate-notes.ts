/**
 * Validates note frontmatter with strict YAML 1.2 before Astro sees it: Astro's
 * YAML 1.1 parser silently turns an impossible date such as 2025-13-45 into a
 * real one (2026-02-14), and its schema errors name the entry, not the file.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ContentError, formatZodError } from './errors.ts';
import { readFrontmatter } from './load.ts';
import { noteSchema, type NoteData } from './note-schema.ts';

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

/** A note whose frontmatter passed validation. */
export interface ValidNote {
  /** Path relative to the notes folder, with `/`. */
  file: string;
  slug: string;
  data: NoteData;
  body: string;
}

/** Validates every note; throws one ContentError listing every invalid one (file, field, expectation). */
export function validateNotes(notesDir: string): ValidNote[] {
  const notes: ValidNote[] = [];
  const problems: string[] = [];
  for (const rel of listNoteFiles(notesDir)) {
    const file = path.join(notesDir, rel);
    try {
      const { data, body } = readFrontmatter(file, readFileSync(file, 'utf8'));
      const result = noteSchema.safeParse(data);
      if (result.success) notes.push({ file: rel, slug: noteSlug(rel), data: result.data, body });
      else problems.push(`${file}: invalid note frontmatter:\n${formatZodError(result.error)}`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length)
    throw new ContentError(notesDir, `${problems.length} note(s) with errors:\n${problems.join('\n')}`);
  return notes;
}
