/**
 * Validates note frontmatter with strict YAML 1.2 before Astro sees it: Astro's
 * YAML 1.1 parser silently turns an impossible date such as 2025-13-45 into a
 * real one (2026-02-14), and its schema errors name the entry, not the file.
 * Also checks what only the whole folder shows: two files for one URL, and tags
 * or categories whose URLs would clash.
 */
import path from 'node:path';
import { insideFolder, localFileTarget, readContentFile } from './content-files.ts';
import { ContentError, ErrorCollector, zodErrors } from './errors.ts';
import { readFrontmatter } from './load.ts';
import { bodyFirstLine, markdownLimitProblems } from './markdown-limits.ts';
import { assertUniqueSlugs, noteSlug, scanNotes } from './note-files.ts';
import { noteSchema, type NoteData } from './note-schema.ts';
import { taxonomySlug } from './urls.ts';

export { noteSlug } from './note-files.ts';

/** Relative paths of every note file (.md, .mdx) under `notesDir` (symbolic links are not followed). */
export function listNoteFiles(notesDir: string): string[] {
  return scanNotes(notesDir).files;
}

/** A note whose frontmatter passed validation. */
export interface ValidNote {
  /** Path relative to the notes folder, with `/`. */
  file: string;
  slug: string;
  data: NoteData;
  body: string;
}

export interface ValidatedNotes {
  notes: ValidNote[];
  /** Symbolic links under the notes folder that were skipped. */
  symlinks: string[];
}

interface TaxonomyUse {
  name: string;
  file: string;
}

/** Two different spellings that would share one tag or category URL (`CI/CD` and `CI-CD`, `K8s` and `k8s`). */
function taxonomyClashes(kind: 'tags' | 'category', uses: TaxonomyUse[]): string[] {
  const bySlug = new Map<string, TaxonomyUse[]>();
  for (const use of uses) {
    const key = taxonomySlug(use.name).toLowerCase();
    const seen = bySlug.get(key) ?? [];
    if (!seen.some((s) => s.name === use.name)) bySlug.set(key, [...seen, use]);
  }
  const url = kind === 'tags' ? 'tags' : 'categories';
  return [...bySlug.values()]
    .filter((spellings) => spellings.length > 1)
    .map(
      (spellings) =>
        `${kind}: ${spellings.map((s) => `"${s.name}" (${s.file})`).join(' and ')} would share the URL ` +
        `/${url}/${taxonomySlug(spellings[0]!.name)}/; write them the same way`,
    );
}

/**
 * Why a frontmatter `slug` cannot be a note's URL path, or undefined: it must stay
 * under /notes/ (no `.` or `..` segments, no leading or trailing slash) and be plain
 * text in a URL.
 */
export function frontmatterSlugProblem(slug: unknown): string | undefined {
  if (slug === undefined || slug === null) return undefined;
  if (typeof slug !== 'string') return 'expected text such as my-post or guide/setup';
  const segments = slug.trim().split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || !/^[\p{L}\p{M}\p{N}_.~-]+$/u.test(s))) {
    return `"${slug}" is not a path under /notes/ (segments of letters, digits, - _ . ~ separated by /, no . or ..)`;
  }
  return undefined;
}

/**
 * Validates every note; throws every problem at once (a ContentErrors), each naming the
 * file and the line of the field (file lines, frontmatter counted).
 */
export function validateNotes(notesDir: string): ValidatedNotes {
  const errors = new ErrorCollector();
  const notes = collectNotes(notesDir, errors);
  errors.throwIfAny();
  return notes;
}

/** validateNotes without throwing: problems go to `errors`; the notes that passed are returned. */
export function collectNotes(notesDir: string, errors: ErrorCollector): ValidatedNotes {
  const { files, symlinks } = scanNotes(notesDir);
  const notes: ValidNote[] = [];
  const tags: TaxonomyUse[] = [];
  const categories: TaxonomyUse[] = [];
  for (const rel of files) {
    const file = path.join(notesDir, rel);
    errors.try(file, () => {
      const text = readContentFile(file);
      const { data, body, locate } = readFrontmatter(file, text);
      const result = noteSchema.safeParse(data);
      if (!result.success) {
        errors.add(...zodErrors(file, result.error, data, locate));
        return;
      }
      const slugProblem = frontmatterSlugProblem((data as { slug?: unknown } | null)?.slug);
      if (slugProblem) {
        const at = locate(['slug']);
        errors.add(new ContentError(file, `slug: ${slugProblem}`, { line: at?.line, column: at?.column }));
        return;
      }
      // A cover is published by Astro's image pipeline: never a file from outside the content folder.
      const cover = localFileTarget(result.data.image, file);
      if (cover && !insideFolder(path.dirname(notesDir), cover)) {
        const at = locate(['image']);
        errors.add(
          new ContentError(
            file,
            `image: ${result.data.image} is outside the content folder (content may only use files inside it)`,
            { line: at?.line, column: at?.column },
          ),
        );
        return;
      }
      const limits = markdownLimitProblems(body, bodyFirstLine(text, body));
      if (limits.length) {
        errors.add(...limits.map((p) => new ContentError(file, p.message, { line: p.line, column: p.column })));
        return;
      }
      const slug = noteSlug(rel, (data as { slug?: unknown } | null)?.slug);
      notes.push({ file: rel, slug, data: result.data, body });
      for (const name of result.data.tags) tags.push({ name, file });
      if (result.data.category) categories.push({ name: result.data.category, file });
    });
  }
  for (const clash of [...taxonomyClashes('tags', tags), ...taxonomyClashes('category', categories)]) {
    errors.add(new ContentError(notesDir, clash));
  }
  errors.try(notesDir, () => assertUniqueSlugs(notesDir, new Map(notes.map((note) => [note.file, note.slug]))));
  return { notes, symlinks };
}
