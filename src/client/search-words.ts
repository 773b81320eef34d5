/**
 * The page map's word lists: for every word a reader may type for a card or layer (its
 * names and concept words, as the vocabulary lists them), the pages whose indexed text
 * contains it, best first. Written at build time from the text Pagefind indexed
 * (search-index.ts) and read by the client (search-engine.ts), so a query made only of
 * such words (runc, runc 是什么, 镜像) is answered from the map alone: no Pagefind
 * script, WebAssembly or index chunk before the first results. Pure, unit-tested in Node.
 */

/** Zero-width marks Pagefind puts between segmented words. */
const MARKS = /\u200b|\u200c|\u200d|\ufeff/g;

/** A Latin letter or digit (not Han): where a Latin word may not continue. */
const latin = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch) && !/\p{Script=Han}/u.test(ch);

/** Text as words are compared: marks gone, NFKC, lower case, single spaces (as search-query.ts `fold`). */
export function wordText(text: string): string {
  return text.replace(MARKS, '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** How often `word` (already folded) occurs in `text` (already wordText); a Latin word only as a whole word. */
export function countWord(text: string, word: string): number {
  if (!word) return 0;
  let n = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (latin(word[0]) && latin(text[at - 1])) continue;
    if (latin(word.at(-1)) && latin(text[at + word.length])) continue;
    n++;
  }
  return n;
}

export interface WordPage {
  /** The indexed text (Pagefind's fragment `content`). */
  text: string;
  /** Words in the page (Pagefind's `word_count`), for length normalisation. */
  words: number;
  /** The page's names and concept words (the `names` and `concepts` meta fields), folded. */
  names: readonly string[];
  concepts: readonly string[];
}

/**
 * Meta fields outrank mere mentions as in search-core.ts RANKING (names 10, concepts 6),
 * counted as that many extra occurrences.
 */
const NAME_WEIGHT = 10;
const CONCEPT_WEIGHT = 6;
/** BM25's usual constants. */
const K1 = 1.2;
const B = 0.75;

/**
 * For each word, the pages containing it as a flat list `[row, score, row, score, …]`,
 * best first (BM25 over occurrences, the page's names and concepts counted extra;
 * scores × 100, rounded). Words found nowhere are left out.
 */
export function wordLists(pages: readonly WordPage[], words: Iterable<string>): Record<string, number[]> {
  const texts = pages.map((page) => wordText(page.text));
  const average = pages.reduce((sum, page) => sum + page.words, 0) / Math.max(pages.length, 1) || 1;
  const lists: Record<string, number[]> = {};
  for (const word of [...new Set(words)].sort()) {
    const tf: Array<[number, number]> = [];
    texts.forEach((text, row) => {
      const page = pages[row]!;
      const n =
        countWord(text, word) +
        (page.names.includes(word) ? NAME_WEIGHT : 0) +
        (page.concepts.includes(word) ? CONCEPT_WEIGHT : 0);
      if (n > 0) tf.push([row, n]);
    });
    if (tf.length === 0) continue;
    const idf = Math.log(1 + (pages.length - tf.length + 0.5) / (tf.length + 0.5));
    const scored = tf.map(([row, n]) => {
      const norm = K1 * (1 - B + (B * pages[row]!.words) / average);
      return [row, Math.round(100 * idf * ((n * (K1 + 1)) / (n + norm)))] as const;
    });
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    lists[word] = scored.flat();
  }
  return lists;
}

export interface ScoredRow {
  row: number;
  score: number;
}

/** Reads one flat list back. */
export function readWordList(flat: readonly number[] | undefined): ScoredRow[] {
  const out: ScoredRow[] = [];
  if (!flat) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ row: flat[i]!, score: flat[i + 1]! });
  return out;
}

/**
 * Pages containing every list's word (scores added), best first: what Pagefind's search
 * for the whole query returns, from the lists alone.
 */
export function intersectLists(lists: readonly (readonly ScoredRow[])[]): ScoredRow[] {
  if (lists.length === 0) return [];
  const sums = new Map<number, number>(lists[0]!.map((r) => [r.row, r.score]));
  for (const list of lists.slice(1)) {
    const here = new Map(list.map((r) => [r.row, r.score]));
    for (const [row, score] of sums) {
      const more = here.get(row);
      if (more === undefined) sums.delete(row);
      else sums.set(row, score + more);
    }
  }
  return [...sums].map(([row, score]) => ({ row, score })).sort((a, b) => b.score - a.score || a.row - b.row);
}
