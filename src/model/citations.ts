/** Numbered citations of a card: its declared sources, then any URL a claim cites directly. */
import type { Card } from './types.ts';

export interface Citation {
  /** 1-based number shown as [n]. */
  n: number;
  /** Fragment id in the card's sources list: `source-<id>` or `source-<n>`. */
  anchor: string;
  title: string;
  url: string;
  /** The source id authors cite, when the source declares one. */
  id?: string | undefined;
}

export interface CardCitations {
  /** Sources in display order: declared ones first, then URLs cited only inline. */
  list: Citation[];
  /** The citation a claim's `source` (id or URL) points to; undefined for no source. */
  resolve(source: string | undefined): Citation | undefined;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Numbers a card's sources and resolves claim sources to them. */
export function cardCitations(
  card: Pick<Card, 'sources' | 'features' | 'remarks' | 'history' | 'relations'> & Partial<Pick<Card, 'traits'>>,
): CardCitations {
  const list: Citation[] = card.sources.map((source, index) => ({
    n: index + 1,
    anchor: `source-${source.id ?? index + 1}`,
    title: source.title,
    url: source.url,
    id: source.id,
  }));
  const find = (source: string) => list.find((c) => c.id === source || sameUrl(c.url, source));
  const traits = Object.values(card.traits ?? {});
  const cited = [...card.features, ...card.remarks, ...card.history, ...card.relations, ...traits].map(
    (claim) => claim?.source,
  );
  for (const source of cited) {
    if (!source || !/^https?:\/\//.test(source) || find(source)) continue;
    const n = list.length + 1;
    const { host, pathname } = new URL(source);
    list.push({ n, anchor: `source-${n}`, title: `${host}${pathname.replace(/\/$/, '')}`, url: source });
  }
  return { list, resolve: (source) => (source ? find(source) : undefined) };
}
