/**
 * Query understanding: turns what a reader types ("runc 是什么", "Podman 和 Docker 区别",
 * "如何限制容器的内存") into the terms worth searching for, the atlas entries it names,
 * and whether it asks for a comparison. Pure functions over plain data (the vocabulary
 * the search index writes next to itself), unit-tested in Node.
 *
 * Why: Pagefind requires every term of a query to match, so question and filler words
 * (是什么, 和, 为什么 …) used to empty the result list.
 */
import { vocabularyWords, type SearchVocabulary, type VocabularyEntry } from '../model/search-vocabulary.ts';
import { closestWord } from '../model/typos.ts';

/**
 * Question and filler phrases removed wherever they occur (longest first). Only
 * phrases that never carry the subject of a question in this atlas belong here.
 */
export const FILLER_PHRASES: readonly string[] = [
  '有什么区别',
  '有什么用',
  '有啥用',
  '有什么不同',
  '有哪些区别',
  '有何区别',
  '有何不同',
  '是什么意思',
  '是什么',
  '什么是',
  '为什么',
  '为何',
  '有什么',
  '有哪些',
  '是怎么',
  '怎么样',
  '怎么',
  '怎样',
  '如何',
  '什么',
  '哪些',
  '哪个',
  '区别',
  '不同',
  '差异',
  '异同',
  '对比',
  '比较',
  '之间',
  '可以',
  '能否',
  '是否',
  '请问',
  '介绍',
  // "X 启动流程" asks how X works, like a question.
  '流程',
  '过程',
  '一下',
  '用途',
  '作用',
  '干什么',
  '做什么',
  '干嘛',
  '啥',
];

/** Single-word fillers, dropped only when the word segmenter returns them as a whole word. */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  // Chinese particles, conjunctions and light verbs
  '的',
  '地',
  '得',
  '和',
  '与',
  '跟',
  '及',
  '以及',
  '或',
  '还是',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '是',
  '了',
  '在',
  '有',
  '把',
  '被',
  '让',
  '要',
  '会',
  '能',
  '去',
  '做',
  '需要',
  '个',
  '么',
  '这',
  '那',
  '一个',
  '我',
  '我们',
  '它',
  '它们',
  // English question and filler words
  'what',
  'whats',
  'is',
  'are',
  'was',
  'the',
  'a',
  'an',
  'how',
  'to',
  'do',
  'does',
  'why',
  'when',
  'which',
  'of',
  'in',
  'on',
  'with',
  'for',
  'and',
  'or',
  'vs',
  'versus',
  'difference',
  'differences',
  'between',
  'compare',
  'compared',
  'i',
  'can',
  // what an English-speaking reader adds around a question (an English site, site.yaml `language: en`)
  'should',
  'choose',
  'pick',
  'better',
  'use',
  'work',
  'works',
  'explain',
  'me',
  'my',
  'we',
  'it',
  'its',
  'this',
  'that',
  'be',
  'about',
]);

/** Words that, anywhere in a query, mean "compare these". */
const COMPARISON_MARKERS = /区别|不同|差异|异同|对比|比较|还是|\bvs\.?\b|\bversus\b|\bdifferences?\b|\bcompare[sd]?\b/i;
/** Joins two subjects: "A 和 B", "A 与 B", "A vs B". */
const JOINERS = /和|与|跟|及|或|还是|\bvs\.?\b|\bversus\b|\band\b|\bor\b/i;

/** What a query asks for. */
export interface QueryPlan {
  /** The query as typed, whitespace collapsed. */
  original: string;
  /** Terms to search for, in query order: named entries as typed, then the remaining content words. */
  terms: string[];
  /** Vocabulary entries the query names, in query order, without repeats. */
  entries: VocabularyEntry[];
  /** True when the query is phrased as a question (question or filler words were dropped). */
  question: boolean;
  /** True when the query asks how two things differ. */
  comparison: boolean;
  /** The comparison page of the two named cards, when the site has one. */
  compare?: VocabularyEntry;
  /** Strings to highlight in excerpts (terms and the names matched). */
  highlight: string[];
  /**
   * Entries named only by a concept word (镜像 → Container Image). Alone such a word puts
   * its card first; among other words (镜像签名) it is one more term, since the words
   * together may be about something else.
   */
  byConcept: VocabularyEntry[];
  /** Words read as typos of a name, with what they were read as (kubernets → kubernetes). */
  corrections: Array<{ from: string; to: string }>;
  /**
   * "X 是什么" / "what is X": the query asks what one named entry is and nothing more,
   * so its short answer (a card's 定位) belongs above the results.
   */
  definition: boolean;
}

/** Question forms asking what something is; the rest of the query must be one name. */
const DEFINITION = /是什么(意思)?|什么是|是啥|是干什么的|是做什么的|\bwhat(?:s| is| are)\b/i;

const isLatin = (ch: string | undefined) =>
  ch !== undefined && /[\p{L}\p{N}_]/u.test(ch) && !/\p{Script=Han}/u.test(ch);

/** Lower case, full-width forms folded (ＣＲＩ → cri), whitespace collapsed. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Question marks and sentence punctuation become spaces; `-`, `.`, `/` inside words stay (CRI-O, containerd.io). */
function stripPunctuation(text: string): string {
  return text
    .replace(/[?？!！,，。;；:：、"“”'‘’()（）[\]【】《》<>「」]/g, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Span {
  start: number;
  end: number;
  entry: VocabularyEntry;
  /** Matched by one of the entry's concept words, not by a name. */
  concept: boolean;
}

type Named = { name: string; entry: VocabularyEntry; concept: boolean };

/**
 * Names and concept words of the vocabulary, longest first, so 容器镜像 wins over 容器
 * and CRI-O over CRI; at equal length a name wins over a concept word.
 */
function namesByLength(vocabulary: SearchVocabulary): Named[] {
  const list: Named[] = [];
  for (const entry of vocabulary.entries) {
    if (entry.kind === 'compare') continue;
    for (const [words, concept] of [
      [entry.names, false],
      [entry.concepts ?? [], true],
    ] as const) {
      for (const name of words) {
        const folded = fold(name);
        if (folded) list.push({ name: folded, entry, concept });
      }
    }
  }
  return list.sort((a, b) => b.name.length - a.name.length || Number(a.concept) - Number(b.concept));
}

/** The words an entry answers to exactly: its names and concept words, folded. */
export function entryWords(entry: VocabularyEntry): string[] {
  return [...entry.names, ...(entry.concepts ?? [])].map(fold);
}

const cache = new WeakMap<SearchVocabulary, Named[]>();
const wordCache = new WeakMap<SearchVocabulary, { words: Set<string>; keep: Set<string> }>();

/**
 * Reads Latin words that are no word of the vocabulary nor of the site as typos of the
 * closest name word (kubernets → kubernetes, namspace → namespace, contaners → containers),
 * within the edit distance model/typos.ts allows; Chinese is left as typed.
 */
export function correctTypos(
  folded: string,
  vocabulary: SearchVocabulary,
): { text: string; corrections: Array<{ from: string; to: string }> } {
  let known = wordCache.get(vocabulary);
  if (!known)
    wordCache.set(vocabulary, (known = { words: vocabularyWords(vocabulary), keep: new Set(vocabulary.keep) }));
  const { words, keep } = known;
  const corrections: Array<{ from: string; to: string }> = [];
  const text = folded.replace(/[a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9]/g, (word) => {
    if (!/[a-z]/.test(word) || words.has(word) || keep.has(word) || FILLER_WORDS.has(word)) return word;
    const to = closestWord(word, words);
    if (!to) return word;
    corrections.push({ from: word, to });
    return to;
  });
  return { text, corrections };
}

/**
 * Where the query names vocabulary entries: non-overlapping, longest names first;
 * a Latin name only matches whole words (CRI is not found inside CRI-O or cri-tools).
 */
export function findEntries(folded: string, vocabulary: SearchVocabulary): Span[] {
  let names = cache.get(vocabulary);
  if (!names) cache.set(vocabulary, (names = namesByLength(vocabulary)));
  const taken = new Array<boolean>(folded.length).fill(false);
  const spans: Span[] = [];
  for (const { name, entry, concept } of names) {
    for (let at = folded.indexOf(name); at !== -1; at = folded.indexOf(name, at + 1)) {
      const end = at + name.length;
      if (isLatin(name[0]) && isLatin(folded[at - 1])) continue;
      if (isLatin(name.at(-1)) && (isLatin(folded[end]) || (folded[end] === '-' && isLatin(folded[end + 1])))) continue;
      if (taken.slice(at, end).some(Boolean)) continue;
      taken.fill(true, at, end);
      spans.push({ start: at, end, entry, concept });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The Chinese filler words: only text containing one needs the segmenter. */
const HAN_FILLERS = [...FILLER_WORDS].filter((word) => /\p{Script=Han}/u.test(word));

let segmenter: Intl.Segmenter | undefined;
let segmenterMade = false;

/**
 * The browser's Chinese word segmenter, made on first use: Chromium loads its dictionary in
 * the constructor (75–170 ms of main thread measured here), which most queries never need
 * (names, Latin words, Chinese without filler words). Not made ahead of time either: that
 * long task would land on whatever the reader types next.
 */
function chineseSegmenter(): Intl.Segmenter | undefined {
  if (!segmenterMade) {
    segmenterMade = true;
    segmenter =
      typeof Intl !== 'undefined' && 'Segmenter' in Intl
        ? new Intl.Segmenter('zh', { granularity: 'word' })
        : undefined;
  }
  return segmenter;
}

/** Splits text into words (Chinese by the browser's dictionary segmenter), dropping filler words. */
export function contentWords(text: string): string[] {
  let rest = ` ${text} `;
  for (const phrase of FILLER_PHRASES) rest = rest.split(phrase).join(' ');
  const words: string[] = [];
  for (const chunk of rest.split(' ').filter(Boolean)) {
    if (!/\p{Script=Han}/u.test(chunk)) {
      if (!FILLER_WORDS.has(chunk)) words.push(chunk);
      continue;
    }
    // Chinese: segment, drop filler words, and glue the remaining neighbours back together
    // (限制|容器|的|内存 → 限制容器, 内存), so Pagefind segments them as it did at index time.
    // Text holding no filler word glues back to itself, and one character is its own only
    // word: no segmenter needed (容器, 镜像分层; the 和 of "Podman 和 Docker").
    if (!HAN_FILLERS.some((filler) => chunk.includes(filler))) {
      words.push(chunk);
      continue;
    }
    if (chunk.length === 1) continue;
    const split = chineseSegmenter();
    const pieces = split ? [...split.segment(chunk)].map((s) => s.segment) : [...chunk];
    let run = '';
    for (const piece of pieces) {
      if (FILLER_WORDS.has(piece)) {
        if (run) words.push(run);
        run = '';
      } else run += piece;
    }
    if (run) words.push(run);
  }
  return words;
}

/** Reads a query: the entries it names, its content words, and whether it asks for a comparison. */
export function understandQuery(query: string, vocabulary: SearchVocabulary): QueryPlan {
  const original = query.replace(/\s+/g, ' ').trim();
  const { text: folded, corrections } = correctTypos(stripPunctuation(fold(original)), vocabulary);
  const spans = findEntries(folded, vocabulary);

  // The text between named entries, in order; each part keeps its position for comparison parsing.
  const parts: Array<{ at: number; text: string } | { at: number; span: Span }> = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start > cursor) parts.push({ at: cursor, text: folded.slice(cursor, span.start) });
    parts.push({ at: span.start, span });
    cursor = span.end;
  }
  if (cursor < folded.length) parts.push({ at: cursor, text: folded.slice(cursor) });

  const terms: string[] = [];
  let dropped = false;
  let otherWords = 0;
  const entries: VocabularyEntry[] = [];
  for (const part of parts) {
    if ('span' in part) {
      const word = folded.slice(part.span.start, part.span.end);
      terms.push(word);
      if (!entries.includes(part.span.entry)) entries.push(part.span.entry);
    } else {
      const words = contentWords(part.text);
      if (words.join('').replace(/\s/g, '') !== part.text.replace(/\s/g, '')) dropped = true;
      otherWords += words.length;
      for (const word of words) {
        terms.push(word);
      }
    }
  }

  const comparison =
    COMPARISON_MARKERS.test(folded) || (entries.length >= 2 && JOINERS.test(folded) && spans.length >= 2);
  let compare: VocabularyEntry | undefined;
  if (comparison) {
    const cards = entries.filter((e) => e.kind === 'card').map((e) => e.key);
    if (cards.length >= 2) {
      const key = `compare:${[cards[0], cards[1]].sort().join('-vs-')}`;
      compare = vocabulary.entries.find((e) => e.key === key);
    }
  }

  const unique = [...new Set(terms)];
  const finalTerms = unique.length ? unique : original ? [fold(original)] : [];
  const highlight = [...new Set([...finalTerms, ...entries.flatMap(entryWords)])].filter(Boolean);
  const byConcept = entries.filter((entry) => spans.every((span) => span.entry !== entry || span.concept));
  const definition = !comparison && entries.length === 1 && otherWords === 0 && DEFINITION.test(folded);
  return {
    original,
    terms: finalTerms,
    entries,
    question: dropped || comparison,
    comparison,
    compare,
    highlight,
    byConcept,
    corrections,
    definition,
  };
}
