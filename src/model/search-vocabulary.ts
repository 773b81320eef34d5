/**
 * The search vocabulary: every name a reader may type for a card (name, Chinese name,
 * aliases, id), a layer, or a comparison page, with the key its search record carries
 * as the `key` filter. The search index writes it as `pagefind/vocabulary.json`, so it
 * always belongs to the index it sits next to; the client reads queries with it
 * (src/client/search-query.ts). Pure: built from the atlas.
 */
import type { ComparisonPair } from './compare.ts';
import type { Atlas } from './types.ts';

export interface VocabularyEntry {
  /** The record's `key` filter value: `runc`, `layer:runtime-low`, `compare:docker-vs-podman`. */
  key: string;
  kind: 'card' | 'layer' | 'compare';
  /** Names a reader may type, as written on the card. */
  names: string[];
}

export interface SearchVocabulary {
  entries: VocabularyEntry[];
}

/** `UnionFS / OverlayFS` also answers to `UnionFS` and `OverlayFS`. */
function withParts(names: string[]): string[] {
  const all = names.flatMap((name) => [name, ...name.split(/\s+\/\s+/)]);
  return [...new Set(all.map((n) => n.trim()).filter(Boolean))];
}

export function cardKey(id: string): string {
  return id;
}
export function layerKey(id: string): string {
  return `layer:${id}`;
}
export function compareKey(pairId: string): string {
  return `compare:${pairId}`;
}

export function searchVocabulary(
  atlas: Pick<Atlas, 'cards' | 'layers'>,
  pairs: readonly Pick<ComparisonPair, 'id' | 'a' | 'b'>[],
): SearchVocabulary {
  const entries: VocabularyEntry[] = [
    ...atlas.cards.map((card) => ({
      key: cardKey(card.id),
      kind: 'card' as const,
      names: withParts([card.name, card.zh, ...card.aliases, card.id]),
    })),
    ...atlas.layers.map((layer) => ({
      key: layerKey(layer.id),
      kind: 'layer' as const,
      names: withParts([layer.name, layer.en]),
    })),
    ...pairs.map((pair) => ({
      key: compareKey(pair.id),
      kind: 'compare' as const,
      names: [`${pair.a.name} vs ${pair.b.name}`],
    })),
  ];
  return { entries };
}

/** File name of the vocabulary inside the `pagefind/` folder. */
export const VOCABULARY_FILE = 'vocabulary.json';
