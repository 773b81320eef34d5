/**
 * Comparisons generated from the cards: every pair of cards joined by an
 * `alternative-to` relation gets a page (/compare/<a>-vs-<b>/) that lines the two
 * cards' own data up row by row. Pure functions over the atlas.
 */
import type { RelationType, TraitKey } from './schema.ts';
import { traitKeys } from './schema.ts';
import type { Atlas, Card, Edge } from './types.ts';
import { must } from './lookup.ts';

export interface ComparisonPair {
  /** `docker-vs-podman`: the two ids in alphabetical order. */
  id: string;
  a: Card;
  b: Card;
  /** The alternative-to relation(s) between them, as written on the cards. */
  edges: Edge[];
}

/** Every pair of cards that the cards declare as alternatives, in a stable order. */
export function comparisonPairs(atlas: Pick<Atlas, 'edges' | 'byId'>): ComparisonPair[] {
  const pairs = new Map<string, ComparisonPair>();
  for (const edge of atlas.edges) {
    if (edge.type !== 'alternative-to') continue;
    const [x, y] = [edge.from, edge.to].sort();
    const id = `${x}-vs-${y}`;
    const pair = pairs.get(id) ?? { id, a: must(atlas.byId, x!, 'card'), b: must(atlas.byId, y!, 'card'), edges: [] };
    pair.edges.push(edge);
    pairs.set(id, pair);
  }
  return [...pairs.values()].sort((p, q) => p.id.localeCompare(q.id));
}

/** The comparisons a card takes part in. */
export function comparisonsOf(atlas: Pick<Atlas, 'edges' | 'byId'>, cardId: string): ComparisonPair[] {
  return comparisonPairs(atlas).filter((pair) => pair.a.id === cardId || pair.b.id === cardId);
}

/** Relation types that mean "calls or uses at run time": what the call rows list. */
const callTypes: ReadonlySet<RelationType> = new Set(['uses', 'calls-via', 'manages']);

/** What one side of a comparison shows, from its card and the graph. */
export interface ComparisonSide {
  card: Card;
  traits: Partial<Record<TraitKey, { text: string; source?: string }>>;
  /** Cards that call or use this one. */
  calledBy: Card[];
  /** Cards this one calls or uses. */
  calls: Card[];
  /** Specifications and interfaces it implements. */
  implementsCards: Card[];
  /** The most recent dated history entry. */
  latest: Card['history'][number] | undefined;
}

export function comparisonSide(atlas: Atlas, card: Card): ComparisonSide {
  const cards = (ids: string[]) =>
    [...new Set(ids)]
      .map((id) => must(atlas.byId, id, 'card'))
      .sort((p, q) => p.order - q.order || p.id.localeCompare(q.id));
  const outgoing = atlas.outgoing.get(card.id) ?? [];
  const incoming = atlas.incoming.get(card.id) ?? [];
  const latest = [...card.history].sort((p, q) => String(q.date).localeCompare(String(p.date)))[0];
  return {
    card,
    traits: card.traits,
    calledBy: cards(incoming.filter((e) => callTypes.has(e.type) && !e.historical).map((e) => e.from)),
    calls: cards(outgoing.filter((e) => callTypes.has(e.type) && !e.historical).map((e) => e.to)),
    implementsCards: cards(outgoing.filter((e) => e.type === 'implements').map((e) => e.to)),
    latest,
  };
}

/** The trait rows a pair's table shows: those that at least one of the two cards states, in a fixed order. */
export function traitRows(a: ComparisonSide, b: ComparisonSide): TraitKey[] {
  // A site's own traits (site.yaml `traits:`) come after the built-in ones, alphabetically.
  const own = [...new Set([...Object.keys(a.traits), ...Object.keys(b.traits)])]
    .filter((key) => !(traitKeys as readonly string[]).includes(key))
    .sort() as TraitKey[];
  // `fit` is the 「怎么选」 summary above the table, not a row of it.
  return [...traitKeys, ...own].filter((key) => key !== 'fit' && (a.traits[key] || b.traits[key]));
}

/** The relation rows of the table, each shown only when one of the two sides has something in it. */
export const relationRows = ['calledBy', 'calls', 'implementsCards'] as const;
export type RelationRow = (typeof relationRows)[number];

export function nonEmptyRelationRows(a: ComparisonSide, b: ComparisonSide): RelationRow[] {
  return relationRows.filter((field) => a[field].length > 0 || b[field].length > 0);
}

/** 「怎么选」: when to pick each side, and which stated traits set them apart or they share. */
export interface ChoiceSummary {
  /** Each side that states when to pick it (`fit`), in page order. */
  fits: { side: ComparisonSide; text: string; source?: string }[];
  /** Traits both cards state, with different answers. */
  differ: TraitKey[];
  /** Traits both cards state with the same answer, and that answer. */
  same: { key: TraitKey; text: string }[];
}

export function choiceSummary(a: ComparisonSide, b: ComparisonSide): ChoiceSummary {
  const fits = [a, b].flatMap((side) => (side.traits.fit ? [{ side, ...side.traits.fit }] : []));
  const both = traitRows(a, b).filter((key) => a.traits[key] && b.traits[key]);
  const text = (side: ComparisonSide, key: TraitKey) => side.traits[key]!.text.trim();
  return {
    fits,
    differ: both.filter((key) => text(a, key) !== text(b, key)),
    same: both.filter((key) => text(a, key) === text(b, key)).map((key) => ({ key, text: text(a, key) })),
  };
}
