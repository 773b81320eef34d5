/**
 * Which files under content/notes/ are notes, and the URL slug of each. The walk
 * never follows symbolic links: a link back up the tree (`ln -s . loop`) would
 * make a recursive listing endless, and a link elsewhere would publish the same
 * note under two URLs. Links are reported instead, so the author sees them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ContentError } from './errors.ts';

export interface NoteScan {
  /** Note files (.md, .mdx), relative to the notes folder, `/`-separated, sorted. */
  files: string[];
  /** Symbolic links found under the notes folder (relative paths), not followed. */
  symlinks: string[];
}

/** Walks `notesDir` without following symbolic links. */
export function scanNotes(notesDir: string): NoteScan {
  const files: string[] = [];
  const symlinks: string[] = [];
  if (!existsSync(notesDir)) return { files, symlinks };
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(notesDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) symlinks.push(child);
      else if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && /\.mdx?$/.test(entry.name)) files.push(child);
    }
  };
  if (statSync(notesDir).isDirectory()) walk('');
  return { files: files.sort(), symlinks: symlinks.sort() };
}

/** Glob patterns for Astro's loader: every note, minus the symbolic links the scan skipped. */
export function noteGlobPatterns(symlinks: readonly string[]): string[] {
  const escape = (p: string) => p.replace(/[[\]{}()*?!+@]/g, '\\$&');
  return ['**/*.{md,mdx}', ...symlinks.flatMap((link) => [`!${escape(link)}`, `!${escape(link)}/**`])];
}

/**
 * One path segment as Astro's default slugger writes it (github-slugger): lower
 * case, spaces to `-`, punctuation and symbols dropped, letters of any script kept.
 */
function slugSegment(segment: string): string {
  return segment
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** URL slug of a note: its path without extension, `folder/index` → `folder`; a frontmatter `slug` wins. */
export function noteSlug(relativePath: string, frontmatterSlug?: unknown): string {
  if (typeof frontmatterSlug === 'string' && frontmatterSlug.trim()) return frontmatterSlug.trim();
  const slug = relativePath
    .replace(/\.mdx?$/, '')
    .split('/')
    .map(slugSegment)
    .join('/');
  return slug.replace(/\/index$/, '');
}

/**
 * Fails when two note files would publish the same URL (`Foo.md` and `foo.md`,
 * `bar.md` and `bar/index.md`, a frontmatter `slug` equal to another note's):
 * Astro would keep one and silently drop the other.
 */
export function assertUniqueSlugs(notesDir: string, slugs: ReadonlyMap<string, string>): void {
  const owners = new Map<string, string[]>();
  for (const [file, slug] of slugs) {
    const key = slug.toLowerCase();
    owners.set(key, [...(owners.get(key) ?? []), file]);
  }
  const clashes = [...owners].filter(([, files]) => files.length > 1);
  if (!clashes.length) return;
  const lines = clashes.map(
    ([slug, files]) =>
      `  /notes/${slug}/ comes from ${files.map((f) => path.join(notesDir, f)).join(' and ')}; rename or remove one of them`,
  );
  throw new ContentError(notesDir, `${clashes.length} note URL(s) claimed by more than one file:\n${lines.join('\n')}`);
}
