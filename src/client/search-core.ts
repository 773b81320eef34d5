/**
 * Pure search logic shared by the dialog and the /search/ page: URL state,
 * Pagefind result shaping, excerpt parsing and keyboard index movement.
 * No DOM access here, so everything is unit-tested in Node.
 */

/** Page types the index knows (the `type` filter). */
export const PAGE_TYPES = ['card', 'note', 'example', 'layer', 'compare', 'page'] as const;
export type PageType = (typeof PAGE_TYPES)[number];

/**
 * Pagefind ranking: the `names` meta field (card name + aliases, layer names) outranks mere
 * mentions, a card's concept words count a little less; its `answer` (定位, already in the
 * page's text) adds nothing.
 */
export const RANKING = { metaWeights: { names: 10, concepts: 6, answer: 0 } } as const;

/** What the reader asked for; mirrors the /search/ URL (`?q=…&type=…&layer=…`). */
export interface SearchState {
  q: string;
  type: string;
  layer: string;
}

export const emptyState: SearchState = { q: '', type: '', layer: '' };

/** Reads `?q=`, `?type=` and `?layer=` from a location.search string. Unknown types are dropped. */
export function readSearchState(search: string): SearchState {
  const params = new URLSearchParams(search);
  const type = params.get('type') ?? '';
  return {
    q: params.get('q') ?? '',
    type: (PAGE_TYPES as readonly string[]).includes(type) ? type : '',
    layer: (params.get('layer') ?? '').trim(),
  };
}

/** The query string for a state (`?q=runc&type=card`), or '' when there is nothing to keep. */
export function writeSearchState(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q);
  if (state.type) params.set('type', state.type);
  if (state.layer) params.set('layer', state.layer);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Collapses whitespace; Pagefind treats the result as a list of terms. */
export function normaliseQuery(q: string): string {
  return q.replace(/\s+/g, ' ').trim();
}

/** True when a search should run: a query, or at least one filter (lists all matching pages). */
export function wantsSearch(state: SearchState): boolean {
  return normaliseQuery(state.q) !== '' || state.type !== '' || state.layer !== '';
}

// --- Pagefind result shaping -------------------------------------------------

/** The subset of Pagefind's result data the UI uses. */
export interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
  anchor?: { element?: string; id?: string; text?: string; location?: number };
  locations?: number[];
  weighted_locations?: Array<{ weight: number; balanced_score?: number; location: number }>;
}

export interface PagefindResultData {
  url: string;
  excerpt: string;
  /** The page's indexed text (segmented words joined by zero-width spaces). */
  content?: string;
  meta: Record<string, string | undefined>;
  filters?: Record<string, string[] | undefined>;
  sub_results?: PagefindSubResult[];
}

/** A run of excerpt text, highlighted (`<mark>`) or not. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

export interface SubHit {
  title: string;
  url: string;
  excerpt: ExcerptPart[];
}

export interface Hit {
  url: string;
  title: string;
  /** Exact names of what the page is about (card name and aliases, layer names), for exact-match promotion. */
  names: string[];
  /** Whether the page's text contains the query as one contiguous phrase (see promotePhrase). */
  phrase?: boolean;
  type: PageType;
  layer?: string;
  excerpt: ExcerptPart[];
  subs: SubHit[];
  /** The page's one-line definition (a card's 定位, a layer's description), when it has one. */
  answer?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes HTML character references in Pagefind's (already escaped) excerpt text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Zero-width spaces Pagefind inserts between segmented Chinese words. */
const SEGMENT_MARKS = /\u200b|\u200c|\u200d|\ufeff/g;
const LATIN_SEGMENT_JOIN =
  /([A-Za-z0-9])((?:<\/?mark>)?)(?:\u200b|\u200c|\u200d|\ufeff)+((?:<\/?mark>)?)(?=[A-Za-z0-9])/g;

/**
 * Pagefind joins block elements with ". ", which reads oddly after Chinese text
 * ("概述. 命名空间…"): after Han characters and full-width punctuation it becomes a
 * space, and a leading one is dropped. Latin text ("containerd.io. Docker") is untouched.
 */
export function tidyJoins(text: string, atStart: boolean): string {
  const tidy = text.replace(/(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])\. /gu, ' ');
  return atStart ? tidy.replace(/^\s*\.\s+/, '') : tidy;
}

/**
 * Splits a Pagefind excerpt into text runs. Only `<mark>`…`</mark>` is treated as
 * markup; anything else is text, so the result can be rendered with text nodes only.
 */
export function parseExcerpt(html: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let mark = false;
  // A segment mark between two Latin words stands for a boundary in the page (runc|OCI): keep it as a space.
  const spaced = html.replace(LATIN_SEGMENT_JOIN, '$1$2 $3');
  for (const piece of spaced.split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) {
      mark = true;
      continue;
    }
    if (/^<\/mark>$/i.test(piece)) {
      mark = false;
      continue;
    }
    const text = tidyJoins(decodeEntities(piece).replace(SEGMENT_MARKS, ''), parts.length === 0);
    if (!text) continue;
    const last = parts.at(-1);
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  }
  return parts;
}

const latinChar = /[\p{L}\p{N}_]/u;
const hanChar = /\p{Script=Han}/u;
const isLatinAt = (text: string, at: number) => {
  const ch = text[at];
  return ch !== undefined && latinChar.test(ch) && !hanChar.test(ch);
};

/**
 * Highlights the reader's terms in an excerpt, replacing Pagefind's marks, which
 * follow its word segmentation and can cover half a Chinese word (可运|行). A term is
 * marked where it occurs as typed (case-insensitive); a Latin term is widened to the
 * whole word it starts (container → containers) and must start at a word boundary.
 * When no term occurs in the text (a stemmed or segmented match), Pagefind's marks stay.
 */
export function highlightTerms(parts: ExcerptPart[], terms: readonly string[]): ExcerptPart[] {
  const text = parts.map((p) => p.text).join('');
  const lower = text.toLowerCase();
  if (lower.length !== text.length || terms.length === 0) return parts;
  const marked = new Array<boolean>(text.length).fill(false);
  let any = false;
  for (const raw of terms) {
    const term = raw.normalize('NFKC').toLowerCase().trim();
    if (!term) continue;
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      if (isLatinAt(term, 0) && isLatinAt(lower, at - 1)) continue;
      let end = at + term.length;
      // Widen through lower-case letters only: "runcOCI" (two cells run together) stays two words.
      if (isLatinAt(term, term.length - 1)) while (end < text.length && /[\p{Ll}\p{N}_]/u.test(text[end]!)) end++;
      marked.fill(true, at, end);
      any = true;
    }
  }
  if (!any) return parts;
  const out: ExcerptPart[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out.at(-1);
    if (last && last.mark === marked[i]) last.text += text[i];
    else out.push({ text: text[i]!, mark: marked[i]! });
  }
  return out;
}

/** Decodes a title and removes segmentation marks (heading `#` anchors are excluded at index time). */
export function cleanTitle(title: string): string {
  return decodeEntities(title).replace(SEGMENT_MARKS, '').replace(/\s+/g, ' ').trim();
}

function subScore(sub: PagefindSubResult): number {
  if (sub.weighted_locations?.length)
    return sub.weighted_locations.reduce((sum, l) => sum + (l.balanced_score ?? l.weight), 0);
  return sub.locations?.length ?? 0;
}

/**
 * Turns Pagefind's result data into what the UI shows: type, title, highlighted
 * excerpt, and up to `maxSubs` sub-results that deep-link to headings (the best
 * matching ones, in page order). Sub-results pointing at the page itself are dropped.
 */
export function shapeResult(data: PagefindResultData, maxSubs = 3, query = '', highlight: string[] = []): Hit {
  const typeValue = data.filters?.type?.[0] ?? '';
  const type: PageType = (PAGE_TYPES as readonly string[]).includes(typeValue) ? (typeValue as PageType) : 'page';
  const pageUrl = data.url.split('#')[0];
  const subs = (data.sub_results ?? [])
    .filter((sub) => sub.url.includes('#') && sub.url !== data.url && sub.url.split('#')[0] === pageUrl)
    .map((sub, order) => ({ sub, order, score: subScore(sub) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, maxSubs)
    .sort((a, b) => a.order - b.order)
    .map(({ sub }) => ({
      title: cleanTitle(sub.title),
      url: sub.url,
      excerpt: highlightTerms(parseExcerpt(sub.excerpt), highlight),
    }));
  return {
    url: data.url,
    title: cleanTitle(data.meta.title ?? data.url),
    names: (data.meta.names ?? '')
      .split(' / ')
      .map((n) => n.trim())
      .filter(Boolean),
    phrase: query ? phraseKey(data.content ?? '').includes(phraseKey(query)) : undefined,
    type,
    layer: data.filters?.layer?.[0] ?? data.meta.layer,
    excerpt: highlightTerms(parseExcerpt(data.excerpt), highlight),
    subs,
    ...(data.meta.answer ? { answer: cleanTitle(data.meta.answer) } : {}),
  };
}

/** Text as a phrase: segmentation marks gone, single spaces, lower case. */
export function phraseKey(text: string): string {
  return text.replace(SEGMENT_MARKS, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Whether a query may match pages that do not contain it as typed, so each hit's text
 * must be checked (promotePhrase): several terms, or one that Pagefind splits into words
 * (依赖隔离 → 依赖 + 隔离, CRI-O → cri + o). A single Latin word or a two-character Chinese
 * word is matched whole: every hit contains it.
 */
export function needsPhraseCheck(terms: readonly string[]): boolean {
  if (terms.length !== 1) return terms.length > 1;
  const term = terms[0]!;
  return !/^[\p{Script=Latin}\p{N}_]+$/u.test(term) && !/^\p{Script=Han}{1,2}$/u.test(term);
}

/**
 * Puts hits whose text contains the whole query as one phrase before those that
 * only contain its words, keeping Pagefind's order within each group. Chinese
 * queries are split into words (依赖隔离 → 依赖 + 隔离), and Pagefind ranks
 * words, not phrases: a page saying 隔离 thirty times would beat the one that
 * says 依赖隔离.
 */
export function promotePhrase<T extends Pick<Hit, 'phrase'>>(hits: T[]): T[] {
  const first = hits.filter((hit) => hit.phrase);
  return first.length === 0 || first.length === hits.length ? hits : [...first, ...hits.filter((hit) => !hit.phrase)];
}

/** Lower case, single spaces: how names and queries are compared. */
export function nameKey(text: string): string {
  return normaliseQuery(text).toLowerCase();
}

/**
 * Moves the first hit whose name, alias or title is exactly the query to the top.
 * Pagefind ranks by words, so "CRI-O" (searched as "cri" + "o") can tie with CRI;
 * typing a card's exact name or alias should always give that card first.
 */
export function promoteExactName<T extends Pick<Hit, 'names' | 'title'>>(hits: T[], query: string): T[] {
  const key = nameKey(query);
  if (!key) return hits;
  const at = hits.findIndex((hit) => nameKey(hit.title) === key || hit.names.some((name) => nameKey(name) === key));
  if (at <= 0) return hits;
  return [hits[at]!, ...hits.slice(0, at), ...hits.slice(at + 1)];
}

// --- Keyboard ----------------------------------------------------------------

/**
 * Moves the active result for a key press. -1 is the search box; 0…count-1 are
 * the result links (sub-results included) in reading order. Returns undefined for
 * keys that do not move. Down from the box enters the list; Up from the first
 * result returns to the box; the ends do not wrap.
 */
export function moveIndex(current: number, key: string, count: number): number | undefined {
  if (count <= 0) return key === 'ArrowUp' || key === 'ArrowDown' ? -1 : undefined;
  const at = Math.min(Math.max(current, -1), count - 1);
  switch (key) {
    case 'ArrowDown':
      return Math.min(at + 1, count - 1);
    case 'ArrowUp':
      return at <= 0 ? -1 : at - 1;
    case 'Home':
      return at === -1 ? undefined : 0;
    case 'End':
      return at === -1 ? undefined : count - 1;
    case 'PageDown':
      return at === -1 ? undefined : Math.min(at + 5, count - 1);
    case 'PageUp':
      return at === -1 ? undefined : Math.max(at - 5, 0);
    default:
      return undefined;
  }
}

/** Fills `{name}` placeholders (same syntax as the site's t()). */
export function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

// --- The page map ------------------------------------------------------------

/**
 * `pagefind/pages.json`, written at build time next to the index (search-index.ts):
 * every indexed page's Pagefind id, URL, title, type, layer, names, one-line answer and
 * vocabulary key, and the vocabulary itself. Results, filters, counts and named pages
 * come from it, so a search needs no filter chunks and no fragment per result.
 */
export const PAGE_MAP_FILE = 'pages.json';

/**
 * One page: [id, url, title, type, layer, names, answer, key, summary?] ('' where it has
 * none; the summary, the page's description, only on pages without an answer).
 */
export type PageRow = [string, string, string, string, string, string, string, string, string?];

export interface PageMapFile<V = unknown> {
  pages: PageRow[];
  vocabulary: V;
  /**
   * Per name or concept word of the vocabulary, the rows of the pages containing it with
   * their scores (search-words.ts `wordLists`): queries made of such words need no Pagefind.
   */
  words?: Record<string, string>;
}

export interface MapPage {
  id: string;
  url: string;
  title: string;
  type: PageType;
  /** The `type` filter as indexed ('' when the page has none). */
  typeFilter: string;
  layer: string;
  names: string;
  answer: string;
  key: string;
  /** The page's description, for pages without an answer ('' when none). */
  summary: string;
}

/** A map row as the UI reads it (unknown types are `page`, as in shapeResult). */
export function mapPage([id, url, title, type, layer, names, answer, key, summary = '']: PageRow): MapPage {
  const known = (PAGE_TYPES as readonly string[]).includes(type) ? (type as PageType) : 'page';
  return { id, url, title, type: known, typeFilter: type, layer, names, answer, key, summary };
}

/** Joins the base path and a site-root URL (`/stack-atlas/` + `/cards/runc/`). */
export function withBase(base: string, url: string): string {
  return base.replace(/\/$/, '') + url;
}

/** A result from the map alone (no fragment loaded): title, type, layer, and a card's or layer's one-line answer. */
export function mapHit(page: MapPage, base: string): Hit {
  return {
    url: withBase(base, page.url),
    title: cleanTitle(page.title || page.url),
    names: page.names
      .split(' / ')
      .map((n) => n.trim())
      .filter(Boolean),
    type: page.type,
    ...(page.layer ? { layer: page.layer } : {}),
    excerpt: [],
    subs: [],
    ...(page.answer ? { answer: cleanTitle(page.answer) } : {}),
  };
}

/**
 * Pages whose title or names contain every term (case-insensitive): what search can
 * still offer when the word index cannot answer (offline before its chunks were read).
 */
export function titleMatches(pages: readonly MapPage[], terms: readonly string[]): MapPage[] {
  const wanted = terms.map((term) => term.toLowerCase()).filter(Boolean);
  if (wanted.length === 0) return [];
  return pages.filter((page) => {
    const text = `${page.title} ${page.names}`.toLowerCase();
    return wanted.every((term) => text.includes(term));
  });
}
