/** Which link-preview images the site has, and what each shows: made from the content, no Astro. */
import type { Atlas } from '../model/types.ts';
import type { ValidNote } from '../model/validate-notes.ts';
import { comparisonPairs } from '../model/compare.ts';
import {
  cardPreview,
  comparePreview,
  examplePreview,
  layersPreview,
  notePreview,
  ogPaths,
  sitePreview,
} from './specs.ts';
import type { PreviewSpec } from './types.ts';

export interface PreviewJob {
  /** Output path relative to the site root, e.g. `og/cards/runc.png`. */
  path: string;
  spec: PreviewSpec;
  /** The content file the image shows, named when drawing it fails. */
  source?: string;
}

/** The site image, the layers page, one per card, comparison, example and published note. */
export function previewJobs(
  atlas: Atlas,
  notes: ValidNote[],
  examples: { id: string; title: string; summary: string }[] = [],
  notesDir = 'notes',
): PreviewJob[] {
  return [
    { path: ogPaths.site(), spec: sitePreview(atlas) },
    { path: ogPaths.layers(), spec: layersPreview(atlas) },
    ...comparisonPairs(atlas).map((pair) => ({ path: ogPaths.compare(pair.id), spec: comparePreview(atlas, pair) })),
    ...examples.map((example) => ({ path: ogPaths.example(example.id), spec: examplePreview(example) })),
    ...atlas.cards.map((card) => ({ path: ogPaths.card(card.id), spec: cardPreview(atlas, card), source: card.file })),
    ...notes
      .filter((note) => !note.data.draft)
      .map((note) => ({
        path: ogPaths.note(note.slug),
        spec: notePreview({ ...note.data, body: note.body }),
        source: `${notesDir}/${note.file}`,
      })),
  ];
}
