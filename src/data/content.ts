/** Astro-side access to content: published notes, the atlas, cards with bodies. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { loadAtlas } from '../model/load.ts';
import type { Atlas } from '../model/types.ts';
import { sortNotes } from '../model/notes.ts';
import { CONTENT_DIR } from '../site.config.ts';
import { loadExamples, type Example } from '../model/examples.ts';

export type NoteEntry = CollectionEntry<'notes'>;

/** Published notes (drafts only in dev), newest first, with plain metadata for the model helpers. */
export async function getNotes() {
  const entries = await getCollection('notes', ({ data }) => import.meta.env.DEV || !data.draft);
  return sortNotes(
    entries.map((entry) => ({
      entry,
      slug: entry.id,
      title: entry.data.title,
      published: entry.data.published,
      tags: entry.data.tags,
      category: entry.data.category,
    })),
  );
}

let atlas: Atlas | undefined;
/** The validated atlas (cards, layers, relations), loaded once per build. */
export function getAtlas(): Atlas {
  atlas ??= loadAtlas(CONTENT_DIR);
  return atlas;
}

let examples: Example[] | undefined;
/** The runnable examples (metadata, script, transcript), loaded once per build. */
export function getExamples(): Example[] {
  examples ??= loadExamples(CONTENT_DIR);
  return examples;
}
