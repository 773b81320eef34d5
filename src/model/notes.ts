/** Pure helpers over note metadata: ordering, neighbours, grouping, reading time. */

export interface NoteMeta {
  slug: string;
  title: string;
  published: Date;
  tags: string[];
  category?: string | null;
}

/** Notes written for readers: what the reader-facing lists show (see `audience` in note-schema.ts). */
export function forReaders<T extends { audience?: 'readers' | 'authors' }>(notes: T[]): T[] {
  return notes.filter((note) => note.audience !== 'authors');
}

/** Newest first; ties broken by title so the order is stable. */
export function sortNotes<T extends NoteMeta>(notes: T[]): T[] {
  return [...notes].sort(
    (a, b) => b.published.getTime() - a.published.getTime() || a.title.localeCompare(b.title, 'zh-CN'),
  );
}

/** Previous (older) and next (newer) neighbours of a note in the sorted list. */
export function neighbours<T extends NoteMeta>(sorted: T[], slug: string): { prev?: T; next?: T } {
  const index = sorted.findIndex((n) => n.slug === slug);
  if (index < 0) return {};
  return { prev: sorted[index + 1], next: index > 0 ? sorted[index - 1] : undefined };
}

/** Notes grouped by year of publication, newest year first. */
export function groupByYear<T extends NoteMeta>(sorted: T[]): Array<{ year: number; notes: T[] }> {
  const groups = new Map<number, T[]>();
  for (const note of sorted) {
    const year = note.published.getUTCFullYear();
    const group = groups.get(year);
    if (group) group.push(note);
    else groups.set(year, [note]);
  }
  return [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([year, notes]) => ({ year, notes }));
}

/** Every tag (or category) with the notes that carry it, most used first. */
export function taxonomy<T extends NoteMeta>(
  notes: T[],
  pick: (n: T) => string[],
): Array<{ name: string; notes: T[] }> {
  const groups = new Map<string, T[]>();
  for (const note of notes) {
    // a tag written twice in one note lists the note once
    for (const name of new Set(pick(note))) {
      const group = groups.get(name);
      if (group) group.push(note);
      else groups.set(name, [note]);
    }
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'zh-CN'))
    .map(([name, list]) => ({ name, notes: sortNotes(list) }));
}

/**
 * Reading time for mixed Chinese/English text: Han characters at ~400 per minute,
 * Latin words at ~220 per minute (common figures for adult readers).
 */
export function readingStats(markdown: string): { characters: number; minutes: number } {
  const text = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/<[^>]+>/g, ' ');
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.replace(/\p{Script=Han}/gu, ' ').match(/[A-Za-z0-9][\w.-]*/g)?.length ?? 0;
  const minutes = Math.max(1, Math.round(han / 400 + words / 220));
  return { characters: han + words, minutes };
}
