/**
 * Merges the searches run for one query into one ranked list of page ids. Pure, so
 * the order readers see is unit-tested without a browser.
 *
 * Order: pages a question or comparison is about (a comparison page, then the named
 * cards and layers, in query order); then pages matching more of the query's terms,
 * pages the query names first among equals, and for a question explanations before
 * examples; for a broad
 * one-word query (容器), overview pages (notes, layers, the stack page) before cards;
 * then Pagefind's score.
 */

export interface Scored {
  id: string;
  score: number;
}

export interface MergeInput {
  /** Results of the whole query (every term matched), in Pagefind's order. */
  all: readonly Scored[];
  /** Number of terms in the query. */
  termCount: number;
  /** Results per term, when the whole query matched too few pages (else empty). */
  perTerm: readonly (readonly Scored[])[];
  /** Ids of the pages that go first, in this order (what a question or comparison names). */
  pinned: readonly string[];
  /** Ids of pages the query names alongside other words: first among pages matching as many terms. */
  boosted: readonly string[];
  /** Rank overview pages first (see isBroad). */
  broad: boolean;
  /**
   * The query is a question ("how to limit container memory"): pages that explain
   * (cards, comparisons, layers, notes) come before runnable examples matching as well;
   * each card links its examples.
   */
  question: boolean;
  /** Page type of an id (from the `type` filter), for broad queries. */
  typeOf: (id: string) => string | undefined;
}

/** Fewer full matches than this and the query also matches any of its terms. */
export const FEW_RESULTS = 5;

/** Overview pages first for broad queries: what introduces a topic before what merely names it. */
const OVERVIEW_RANK: Record<string, number> = { note: 0, layer: 1, page: 1, compare: 2, card: 3, example: 4 };

/** True when the whole query should also be searched term by term. */
export function needsFallback(termCount: number, fullMatches: number): boolean {
  return termCount > 1 && fullMatches < FEW_RESULTS;
}

/**
 * A broad query: one word that names no card or layer and is found on a large share
 * of the site (30 %), such as 容器 or 容器运行时.
 */
export function isBroad(termCount: number, namedEntries: number, matches: number, pages: number): boolean {
  return termCount === 1 && namedEntries === 0 && pages > 0 && matches >= pages * 0.3;
}

export function mergeResults(input: MergeInput): string[] {
  const rows = new Map<string, { matched: number; score: number; seen: number }>();
  let seen = 0;
  for (const r of input.all) rows.set(r.id, { matched: input.termCount, score: r.score, seen: seen++ });
  input.perTerm.forEach((list) => {
    for (const r of list) {
      const row = rows.get(r.id);
      if (!row) rows.set(r.id, { matched: 1, score: r.score, seen: seen++ });
      else if (row.matched < input.termCount) {
        row.matched++;
        row.score += r.score;
      }
    }
  });
  const pinned = [...new Set(input.pinned)];
  const pinnedSet = new Set(pinned);
  const boost = new Map(input.boosted.map((id, i) => [id, i]));
  const named = (id: string) => boost.get(id) ?? boost.size;
  const rank = (id: string) => (input.broad ? (OVERVIEW_RANK[input.typeOf(id) ?? ''] ?? 5) : 0);
  const explains = (id: string) => (input.question && input.typeOf(id) === 'example' ? 1 : 0);
  const rest = [...rows.entries()]
    .filter(([id]) => !pinnedSet.has(id))
    .sort(
      ([a, x], [b, y]) =>
        y.matched - x.matched ||
        named(a) - named(b) ||
        explains(a) - explains(b) ||
        rank(a) - rank(b) ||
        y.score - x.score ||
        x.seen - y.seen,
    )
    .map(([id]) => id);
  return [...pinned, ...rest];
}
