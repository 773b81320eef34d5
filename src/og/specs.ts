/**
 * From the content model to preview specs, and where the images are served.
 * No Astro imports: the endpoints under src/pages/og/ and the unit tests share it.
 */
import { kindLabel, t } from '../i18n/index.ts';
import { siteSettings } from '../config.ts';
import type { Atlas, Card } from '../model/types.ts';
import type { ComparisonPair } from '../model/compare.ts';
import type { CardPreview, NotePreview, PagePreview, StackLayer } from './types.ts';
import { noteSummary } from '../model/note-summary.ts';

/** Site-relative paths of the images (without the base path). */
export const ogPaths = {
  card: (id: string) => `og/cards/${id}.png`,
  note: (slug: string) => `og/notes/${slug}.png`,
  site: () => 'og/site.png',
  compare: (pairId: string) => `og/compare/${pairId}.png`,
  example: (id: string) => `og/examples/${id}.png`,
  layers: () => 'og/layers.png',
};

/**
 * The preview image of a page by its type and site path (no base), for pages that do not name
 * one: an example page (`examples/<id>/`) gets its own, every other page the site image.
 */
export function ogPathForPage(pageType: string, sitePath: string): string {
  const example = pageType === 'example' ? /^examples\/([^/]+)\/$/.exec(sitePath) : null;
  return example ? ogPaths.example(example[1]!) : ogPaths.site();
}

function stackLayers(atlas: Atlas, withCards = false): StackLayer[] {
  return atlas.layers.map(({ id, name, en, group, aside }) => ({
    id,
    name,
    en,
    group,
    aside,
    cards: withCards ? (atlas.cardsByLayer.get(id) ?? []).map((card) => card.name) : undefined,
  }));
}

export function cardPreview(atlas: Atlas, card: Card): CardPreview {
  return {
    kind: 'card',
    name: card.name,
    zh: card.zh,
    position: card.position,
    kindLabel: kindLabel(card.kind),
    layer: card.layer,
    layers: stackLayers(atlas),
  };
}

/** Plain note metadata, as in a content-collection entry's data plus its body. */
export interface NoteInput {
  title: string;
  description?: string | null;
  published: Date;
  tags?: string[];
  category?: string | null;
  /** Markdown body: a description is taken from it when the note has none. */
  body?: string;
}

export function notePreview(note: NoteInput): NotePreview {
  return {
    kind: 'note',
    title: note.title,
    description: note.description || noteSummary(note.body ?? ''),
    published: note.published,
    tags: note.tags ?? [],
    category: note.category,
  };
}

/** The site-wide image (home page and every page without an image of its own). */
export function sitePreview(atlas: Atlas): PagePreview {
  return { kind: 'page', description: siteSettings.description, layers: stackLayers(atlas, true) };
}

/** A comparison: the two names, what joins them, and the stack with both layers named. */
export function comparePreview(atlas: Atlas, pair: ComparisonPair): PagePreview {
  const fits = [pair.a, pair.b]
    .filter((card) => card.traits.fit)
    .map((card) => t('text.labelled', { label: card.name, text: card.traits.fit!.text }));
  return {
    kind: 'page',
    label: t('og.compareLabel'),
    title: t('compare.title', { a: pair.a.name, b: pair.b.name }),
    subtitle: [pair.a.zh, pair.b.zh].filter(Boolean).join(' · ') || undefined,
    description: fits.join(t('text.clauses')) || pair.edges.map((e) => e.label ?? '').join(t('text.clauses')),
  };
}

/** A runnable example: its title and what it shows. */
export function examplePreview(example: { title: string; summary: string }): PagePreview {
  return { kind: 'page', label: t('og.exampleLabel'), title: example.title, description: example.summary };
}

/** The layers page: its title and the whole stack with every layer's cards. */
export function layersPreview(atlas: Atlas): PagePreview {
  return {
    kind: 'page',
    label: t('og.layersLabel'),
    title: t('layers.title'),
    description: t('layers.description'),
    layers: stackLayers(atlas, true),
  };
}
