/**
 * From the content model to preview specs, and where the images are served.
 * No Astro imports: the endpoints under src/pages/og/ and the unit tests share it.
 */
import { kindLabel, t } from '../i18n/index.ts';
import type { Atlas, Card } from '../model/types.ts';
import type { CardPreview, NotePreview, PagePreview, StackLayer } from './types.ts';
import { noteExcerpt } from './text.ts';

/** Site-relative paths of the images (without the base path). */
export const ogPaths = {
  card: (id: string) => `og/cards/${id}.png`,
  note: (slug: string) => `og/notes/${slug}.png`,
  site: () => 'og/site.png',
};

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
    description: note.description || noteExcerpt(note.body ?? ''),
    published: note.published,
    tags: note.tags ?? [],
    category: note.category,
  };
}

/** The site-wide image (home page and every page without an image of its own). */
export function sitePreview(atlas: Atlas): PagePreview {
  return { kind: 'page', description: t('site.description'), layers: stackLayers(atlas, true) };
}
