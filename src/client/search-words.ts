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

/** Digits of the list encoding (base 36, lower case). */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Characters per row number for a map of `pages` rows (2 up to 1,296 pages, 3 up to 46,656). */
export function rowWidth(pages: number): number {
  let width = 1;
  while (36 ** width < pages) width++;
  return width;
}

/** A score in one digit: 3.5 steps per doubling, so 1 … 1,000 fits in 0 … 35. */
export function scoreDigit(score: number): string {
  return DIGITS[Math.min(35, Math.max(0, Math.round(Math.log2(Math.max(score, 1)) * 3.5)))]!;
}

function digitScore(digit: string): number {
  return 2 ** (DIGITS.indexOf(digit) / 3.5);
}

/**
 * For each word, the pages containing it as one string: per page its row number
 * (`rowWidth` base-36 digits) and its score (one digit, scoreDigit), in row order, which
 * gzip packs best. The score is BM25 over occurrences, the page's names and concepts
 * counted extra. Words found nowhere are left out.
 */
export function wordLists(pages: readonly WordPage[], words: Iterable<string>): Record<string, string> {
  const texts = pages.map((page) => wordText(page.text));
  const average = pages.reduce((sum, page) => sum + page.words, 0) / Math.max(pages.length, 1) || 1;
  const width = rowWidth(pages.length);
  const lists: Record<string, string> = {};
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
    lists[word] = tf
      .map(([row, n]) => {
        const norm = K1 * (1 - B + (B * pages[row]!.words) / average);
        return row.toString(36).padStart(width, '0') + scoreDigit(100 * idf * ((n * (K1 + 1)) / (n + norm)));
      })
      .join('');
  }
  return lists;
}

export interface ScoredRow {
  row: number;
  score: number;
}

/** Reads one list back (see wordLists), best first. */
export function readWordList(list: string | undefined, pages: number): ScoredRow[] {
  const out: ScoredRow[] = [];
  if (!list) return out;
  const width = rowWidth(pages);
  for (let at = 0; at + width < list.length; at += width + 1)
    out.push({ row: parseInt(list.slice(at, at + width), 36), score: digitScore(list[at + width]!) });
  return out.sort((a, b) => b.score - a.score || a.row - b.row);
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
