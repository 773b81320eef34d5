/**
 * The search vocabulary: every name a reader may type for a card (name, Chinese name,
 * aliases, id), a layer, a layer group (容器运行时) or a comparison page, with the key its
 * search record carries as the `key` filter, plus the card's concept words (镜像 for
 * Container Image). The search index writes it as `pagefind/vocabulary.json`, so it
 * always belongs to the index it sits next to; the client reads queries with it
 * (src/client/search-query.ts), correcting typos against its Latin words (model/typos.ts)
 * except the site's own words listed in `keep`. Pure: built from the atlas.
 */
import type { ComparisonPair } from './compare.ts';
import { closestWord, latinWords, typoBound } from './typos.ts';
import type { Atlas, Layer } from './types.ts';

export interface VocabularyEntry {
  /** The record's `key` filter value: `runc`, `layer:runtime-low`, `compare:docker-vs-podman`. */
  key: string;
  kind: 'card' | 'layer' | 'compare';
  /** Names a reader may type, as written on the card. */
  names: string[];
  /** Everyday words that lead to this entry without naming it (card `concepts`); omitted when none. */
  concepts?: string[];
  /**
   * Short answer for "X 是什么" when the record behind `key` does not carry the right one:
   * a layer group (容器运行时) has no record of its own, so it leads to its top member's
   * and answers with all its members' descriptions.
   */
  answer?: string;
}

export interface SearchVocabulary {
  entries: VocabularyEntry[];
  /**
   * Words of the site's text that sit within typo distance of a name's word but are words
   * in their own right (container, not a typo of containerd): the client leaves them as typed.
   */
  keep?: string[];
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
/** Layer groups with their member layers, in the order the layers are listed. */
export function layerGroups(layers: readonly Layer[]): Map<string, Layer[]> {
  const groups = new Map<string, Layer[]>();
  for (const layer of layers) if (layer.group) groups.set(layer.group, [...(groups.get(layer.group) ?? []), layer]);
  return groups;
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
      ...(card.concepts?.length ? { concepts: card.concepts } : {}),
    })),
    ...atlas.layers.map((layer) => ({
      key: layerKey(layer.id),
      kind: 'layer' as const,
      names: withParts([layer.name, layer.en]),
    })),
    // A group leads to its top member (the first one /layers/ shows, top-down).
    ...[...layerGroups(atlas.layers)].map(([group, members]) => ({
      key: layerKey(members.at(-1)!.id),
      kind: 'layer' as const,
      names: [group],
      answer: [...members]
        .reverse()
        .map((layer) => `${layer.name}：${layer.description}`)
        .join(' '),
    })),
    ...pairs.map((pair) => ({
      key: compareKey(pair.id),
      kind: 'compare' as const,
      names: [`${pair.a.name} vs ${pair.b.name}`],
    })),
  ];
  return { entries };
}

/** The Latin words of every name and concept word: what a typo is corrected to. */
export function vocabularyWords(vocabulary: Pick<SearchVocabulary, 'entries'>): Set<string> {
  const words = new Set<string>();
  for (const entry of vocabulary.entries) {
    if (entry.kind === 'compare') continue;
    for (const text of [...entry.names, ...(entry.concepts ?? [])])
      for (const word of latinWords(text)) words.add(word);
  }
  return words;
}

/**
 * The words of `siteText` a typo correction must leave alone: real words of the site that
 * are not themselves name words but sit within typo distance of one (container next to
 * containerd and containers). Sorted, for a stable file.
 */
export function keepWords(vocabulary: Pick<SearchVocabulary, 'entries'>, siteText: Iterable<string>): string[] {
  const names = vocabularyWords(vocabulary);
  const nameList = [...names];
  const seen = new Set<string>();
  const keep: string[] = [];
  for (const text of siteText) {
    for (const word of latinWords(text)) {
      if (seen.has(word)) continue;
      seen.add(word);
      if (names.has(word) || typoBound(word.length) === 0) continue;
      // Near a name word at all (a tie between two names counts too): closestWord would be wrong here.
      const near = nameList.some((name) => closestWord(word, [name]) !== undefined);
      if (near) keep.push(word);
    }
  }
  return keep.sort();
}
