/**
 * Loads the page map (search-core.ts `PAGE_MAP_FILE`: every page's title, type, layer,
 * names, answer, key and summary, the vocabulary, and the pages of each name word) and,
 * only when needed, Pagefind's JS API (`<base>pagefind/pagefind.js`, on the main thread:
 * no worker script to fetch); reads the query (search-query.ts), runs the searches it
 * needs and merges them (search-rank.ts). A query made of names and concept words is
 * answered from the map alone, so its first results need no WebAssembly and no index
 * chunk; other queries show the pages whose titles match while Pagefind loads. Filters,
 * counts and named pages come from the map, so no filter data is loaded; fragments are
 * loaded only for the excerpts shown (the first few results, or the whole first page
 * when a phrase must be checked). Only the newest search of a session is rendered: callers pass a token
 * and get `undefined` for stale ones.
 */
import { normaliseBase } from '../model/urls.ts';
import type { SearchVocabulary } from '../model/search-vocabulary.ts';
import {
  PAGE_MAP_FILE,
  RANKING,
  highlightTerms,
  mapHit,
  mapPage,
  needsPhraseCheck,
  normaliseQuery,
  promoteExactName,
  promotePhrase,
  shapeResult,
  titleMatches,
  type Hit,
  type MapPage,
  type PageMapFile,
  type PagefindResultData,
  type SearchState,
} from './search-core.ts';
import { entryWords, understandQuery, type QueryPlan } from './search-query.ts';
import { isBroad, mergeResults, needsFallback, type Scored } from './search-rank.ts';
import { intersectLists, readWordList, type ScoredRow } from './search-words.ts';
import { must } from '../model/lookup.ts';

interface PagefindResult {
  id: string;
  score: number;
  data: () => Promise<PagefindResultData>;
}

interface PagefindSearch {
  results: PagefindResult[];
}

interface PagefindApi {
  options: (options: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  search: (term: string | null, options?: { filters?: Record<string, string> }) => Promise<PagefindSearch | null>;
  preload: (term: string, options?: Record<string, unknown>) => Promise<void>;
}

/** The page map as one tab uses it: pages, filters, named pages and the word lists. */
interface MapIndex {
  vocabulary: SearchVocabulary;
  pages: MapPage[];
  byId: Map<string, MapPage>;
  byKey: Map<string, string>;
  facets: Record<FacetName, Facet>;
  /** Name and concept words → pages (search-words.ts); undefined for a map written without them. */
  words?: Record<string, string>;
}

type FacetName = 'type' | 'layer';

/** One filter's pages: ids per value, the value of each id, and every page carrying the filter. */
interface Facet {
  sets: Map<string, Set<string>>;
  of: Map<string, string>;
  all: Set<string>;
}

/** Results whose fragment (excerpt, section links) is loaded on a first page when no phrase needs checking. */
const EXCERPTS = 3;

/** How long a query the map cannot answer waits for the full text before title matches are shown (ms). */
const PARTIAL_AFTER_MS = 50;

let mapLoading: Promise<MapIndex> | undefined;
let apiLoading: Promise<PagefindApi> | undefined;
/** The reader showed intent (warmIndex): Pagefind is loading or loaded, and searches use it. */
let fullTextWanted = false;

/** The site's base path (`/` or `/stack-atlas/`). */
export const base: string = normaliseBase(import.meta.env.BASE_URL);

/** A filter's page sets, from the map. */
function facet(pages: readonly MapPage[], name: FacetName): Facet {
  const result: Facet = { sets: new Map(), of: new Map(), all: new Set() };
  for (const page of pages) {
    const value = name === 'type' ? page.typeFilter : page.layer;
    if (!value) continue;
    let set = result.sets.get(value);
    if (!set) result.sets.set(value, (set = new Set()));
    set.add(page.id);
    result.of.set(page.id, value);
    result.all.add(page.id);
  }
  return result;
}

async function fetchMap(): Promise<PageMapFile<SearchVocabulary>> {
  // Started by search-boot.ts on intent, while this module was still loading.
  const early = globalThis as { __stackAtlasPageMap?: Promise<unknown> };
  const started = early.__stackAtlasPageMap;
  delete early.__stackAtlasPageMap;
  if (started) return (await started) as PageMapFile<SearchVocabulary>;
  const response = await fetch(`${base}pagefind/${PAGE_MAP_FILE}`);
  if (!response.ok) throw new Error(`pagefind/${PAGE_MAP_FILE}: HTTP ${response.status}`);
  return (await response.json()) as PageMapFile<SearchVocabulary>;
}

/**
 * Loads the page map (one file): enough for filters, counts, and the whole answer to a
 * query made of names (see mapRanked). Safe to call repeatedly.
 */
export function loadMapIndex(): Promise<MapIndex> {
  mapLoading ??= fetchMap().then((map) => {
    const pages = map.pages.map(mapPage);
    return {
      vocabulary: map.vocabulary ?? { entries: [] },
      pages,
      byId: new Map(pages.map((page) => [page.id, page])),
      byKey: new Map(pages.filter((page) => page.key).map((page) => [page.key, page.id])),
      facets: { type: facet(pages, 'type'), layer: facet(pages, 'layer') },
      words: map.words,
    } satisfies MapIndex;
  });
  // A failed load (offline before the first visit, no index in dev) may be retried later.
  mapLoading.catch(() => {
    mapLoading = undefined;
  });
  return mapLoading;
}

/**
 * Loads Pagefind's JS API (script, WebAssembly, index metadata) for full-text search;
 * safe to call repeatedly. Started by a query the map cannot answer, or ahead of time
 * on intent (warmIndex).
 */
export function loadPagefind(): Promise<PagefindApi> {
  apiLoading ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
    // The main thread: a worker is one more script to fetch before the first result.
    await api.options({ baseUrl: base, excerptLength: 28, ranking: RANKING, noWorker: true });
    await api.init();
    return api;
  })();
  apiLoading.catch(() => {
    apiLoading = undefined;
  });
  return apiLoading;
}

/**
 * Warms what searching needs: the page map first, then Pagefind. Called when the reader
 * shows intent (hover or focus on the search button, the shortcuts, the search box);
 * errors wait for the search to report them.
 */
export function warmIndex(): void {
  fullTextWanted = true;
  // Pagefind (script, WebAssembly) once the main thread is free: the reader's first
  // keystrokes and the map's answer come first. A query that needs it loads it at once.
  const later = (run: () => void) =>
    'requestIdleCallback' in globalThis ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 50);
  loadMapIndex()
    .catch(() => undefined)
    .finally(() => later(() => void loadPagefind().catch(() => undefined)));
}

/** Warms the page map only (the search page on load: its query may need nothing else). */
export function warmMap(): void {
  loadMapIndex().catch(() => undefined);
}

/** The short answer shown above the results of "X 是什么": the named page's own one-line definition. */
export interface ShortAnswer {
  title: string;
  url: string;
  text: string;
}

export interface SearchOutcome {
  hits: Hit[];
  /** For a definition question whose first result is the page it names. */
  answer?: ShortAnswer;
  /** Matching pages in total (before paging). */
  total: number;
  /**
   * Facet counts for the filter controls: per page type ignoring the type filter,
   * per layer ignoring the layer filter, and `all` types (the layer filter applied).
   */
  counts: { type: Record<string, number>; layer: Record<string, number>; all: number };
  /** How the query was read (undefined when only filters were chosen). */
  plan?: QueryPlan;
  /** Loads the next page of hits. */
  more: (count: number) => Promise<Hit[]>;
}

let latest = 0;

/** A token for a new search; any older token's results will be dropped. */
export function nextToken(): number {
  return ++latest;
}

export function isCurrent(token: number): boolean {
  return token === latest;
}

export interface RunOptions {
  limit: number;
  token: number;
  maxSubs?: number;
  /** Counts for filter controls (the /search/ page); they come from the page map at no cost, so always computed. */
  counts?: boolean;
  /** Gets first results from the page map's titles while Pagefind loads (not for queries the map answers whole). */
  onPartial?: (outcome: SearchOutcome) => void;
}

/** How a query's results are put in order (see rankIds). */
interface Ranked {
  ids: string[];
  pinned: Set<string>;
}

/** The page ids a query names and how it treats them (shared by every way of finding its pages). */
function namedPages(index: MapIndex, plan: QueryPlan) {
  const idOf = (key: string) => index.byKey.get(key);
  const namedIds = plan.entries.map((entry) => idOf(entry.key)).filter((id): id is string => id !== undefined);
  const compare = plan.compare ? idOf(plan.compare.key) : undefined;
  // What a question or comparison names ("runc 是什么", "k8s 为什么弃用 dockershim") goes
  // first, as does a card typed by name alone; named among other keywords ("docker 镜像分层")
  // it leads only among equally good matches.
  // A concept word alone (镜像) names its card as surely as the card's name does.
  const namesOnly = plan.terms.every((term) => plan.entries.some((e) => entryWords(e).includes(term)));
  const pin = plan.question || namesOnly;
  const pinned = pin ? [...(compare ? [compare] : []), ...namedIds] : [];
  // Among other words a concept word is one more term, not a name to favour (镜像签名 is about signing).
  const conceptIds = new Set(plan.byConcept.map((entry) => idOf(entry.key)));
  return { namedIds, namesOnly, pin, pinned, boosted: pin ? [] : namedIds.filter((id) => !conceptIds.has(id)) };
}

/** Orders the pages found for a query (whole query `all`, per term `perTerm`). */
function rankIds(
  index: MapIndex,
  plan: QueryPlan,
  all: readonly Scored[],
  perTerm: readonly (readonly Scored[])[],
  broad: boolean,
): Ranked {
  const { pinned, boosted, pin } = namedPages(index, plan);
  const ids = mergeResults({
    all,
    termCount: plan.terms.length,
    perTerm,
    pinned,
    boosted,
    question: plan.question,
    broad,
    typeOf: (id) => index.facets.type.of.get(id),
  });
  return { ids, pinned: new Set(pin ? pinned : []) };
}

/**
 * The whole answer from the page map, when the query is made only of names and concept
 * words (runc, runc 是什么, Podman 和 Docker 区别, 镜像): the pages it names first, then
 * the pages containing its words, from the word lists written at build time. Undefined
 * when the query has other words (Pagefind's full text is needed) or the map has no lists.
 */
export function mapRanked(index: MapIndex, plan: QueryPlan): Ranked | undefined {
  const { words } = index;
  if (!words) return undefined;
  const { namesOnly, namedIds } = namedPages(index, plan);
  if (!namesOnly || namedIds.length === 0) return undefined;
  const toIds = (rows: readonly ScoredRow[]) =>
    rows.flatMap(({ row, score }) => {
      const page = index.pages[row];
      return page ? [{ id: page.id, score }] : [];
    });
  const lists = plan.terms.map((term) => readWordList(words[term], index.pages.length));
  const all = toIds(intersectLists(lists));
  const perTerm = needsFallback(plan.terms.length, all.length) ? lists.map(toIds) : [];
  return rankIds(index, plan, all, perTerm, false);
}

/**
 * First results while Pagefind loads: the pages whose title or names contain every term
 * (and what the query names), overview pages first for a one-word query as for a broad one.
 */
function titleRanked(index: MapIndex, plan: QueryPlan): Ranked {
  const found = titleMatches(index.pages, plan.terms).map((page) => ({ id: page.id, score: 0 }));
  return rankIds(index, plan, found, [], plan.terms.length === 1 && plan.entries.length === 0);
}

/** Page ids for a query from Pagefind's full text, with every result object met on the way. */
async function rankedIds(
  index: MapIndex,
  api: PagefindApi,
  plan: QueryPlan,
  results: Map<string, PagefindResult>,
): Promise<Ranked> {
  const types = index.facets.type;
  const keep = (list: PagefindResult[]) => {
    for (const r of list) if (!results.has(r.id)) results.set(r.id, r);
    return list;
  };
  const all = keep((await api.search(plan.terms.join(' ')))?.results ?? []);
  const perTerm = needsFallback(plan.terms.length, all.length)
    ? await Promise.all(plan.terms.map(async (term) => keep((await api.search(term))?.results ?? [])))
    : [];
  const { namedIds } = namedPages(index, plan);
  // Nothing from the word index (offline before its chunks were read): titles and names still answer.
  const fromTitles =
    all.length === 0 && perTerm.every((list) => list.length === 0) && namedIds.length === 0
      ? titleMatches(index.pages, plan.terms).map((page) => page.id)
      : [];
  return rankIds(
    index,
    plan,
    [...all, ...fromTitles.map((id) => ({ id, score: 0 }))],
    perTerm,
    isBroad(plan.terms.length, plan.entries.length, all.length, types.all.size),
  );
}

/**
 * Runs a search and loads the first `limit` results' data (only those: each is one
 * fragment request). A query made of names is answered from the page map alone; any
 * other waits for Pagefind, and while Pagefind loads `onPartial` gets the pages whose
 * titles match. Resolves to undefined when a newer search started meanwhile.
 */
export async function runSearch(
  state: SearchState,
  { limit, token, maxSubs = 3, onPartial }: RunOptions,
): Promise<SearchOutcome | undefined> {
  const index = await loadMapIndex();
  if (!isCurrent(token)) return undefined;
  const q = normaliseQuery(state.q);
  const plan = q ? understandQuery(q, index.vocabulary) : undefined;
  const results = new Map<string, PagefindResult>();
  let ranked: Ranked;
  if (!plan) {
    // Filters only: every page of the chosen type and layer, in index order.
    ranked = { ids: [...index.facets.type.all], pinned: new Set() };
  } else {
    const fromMap = mapRanked(index, plan);
    // Before any intent (the /search/?q= page as it loads) a query of names is answered
    // by the map alone; once Pagefind is wanted, its full text (excerpts, section links)
    // replaces the map's first results.
    if (fromMap && !fullTextWanted) ranked = fromMap;
    else {
      // Pagefind not even requested yet (the /search/?q= page as it loads, a query typed before
      // the warm-up): its script, WebAssembly and index chunk cannot come within PARTIAL_AFTER_MS.
      const cold = apiLoading === undefined;
      const full = loadPagefind().then((api) => rankedIds(index, api, plan, results));
      full.catch(() => undefined);
      if (onPartial) {
        // The map's answer to a query of names costs nothing: shown at once. Title matches are
        // shown at once when Pagefind is cold, else only when the full text is slow (an index
        // chunk to load), so a warm search does not flash a list that is replaced a moment later.
        const early = fromMap ?? titleRanked(index, plan);
        const slow =
          fromMap !== undefined ||
          cold ||
          (await Promise.race([
            full.then(
              () => false,
              () => false,
            ),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(true), PARTIAL_AFTER_MS)),
          ]));
        if (slow && early.ids.length && isCurrent(token)) {
          const partial = await outcomeOf(index, state, plan, early, new Map(), limit, maxSubs);
          if (isCurrent(token)) onPartial(partial);
        }
      }
      try {
        ranked = await full;
      } catch (error) {
        // No full text (offline before Pagefind was cached): the map's answer stands.
        if (!fromMap) throw error;
        ranked = fromMap;
      }
    }
  }
  if (!isCurrent(token)) return undefined;
  const outcome = await outcomeOf(index, state, plan, ranked, results, limit, maxSubs);
  return isCurrent(token) ? outcome : undefined;
}

/** Filters, counts, the first page of hits and the short answer for ranked page ids. */
async function outcomeOf(
  index: MapIndex,
  state: SearchState,
  plan: QueryPlan | undefined,
  { ids, pinned }: Ranked,
  results: ReadonlyMap<string, PagefindResult>,
  limit: number,
  maxSubs: number,
): Promise<SearchOutcome> {
  const q = normaliseQuery(state.q);
  const { type: types, layer: layers } = index.facets;
  const inType = state.type ? (types.sets.get(state.type) ?? new Set<string>()) : undefined;
  const inLayer = state.layer ? (layers.sets.get(state.layer) ?? new Set<string>()) : undefined;
  const countIn = (set: Set<string>, other: Set<string> | undefined) =>
    ids.reduce((n, id) => n + (set.has(id) && (!other || other.has(id)) ? 1 : 0), 0);
  const counts = {
    type: Object.fromEntries([...types.sets].map(([value, set]) => [value, countIn(set, inLayer)])),
    layer: Object.fromEntries([...layers.sets].map(([value, set]) => [value, countIn(set, inType)])),
    all: inLayer ? countIn(inLayer, undefined) : ids.filter((id) => types.of.has(id)).length,
  };
  const shownIds = ids.filter((id) => (!inType || inType.has(id)) && (!inLayer || inLayer.has(id)));

  const highlight = plan?.highlight ?? [];
  // A single whole word is in every match: only queries Pagefind splits need each hit's text.
  const phrase = plan && needsPhraseCheck(plan.terms) ? plan.terms.join(' ') : '';
  // Whole-phrase matches go first (promotePhrase), which needs each hit's text: with
  // several terms the whole first page's fragments are loaded, with one only the first few.
  const checkPhrase = phrase !== '' && results.size > 0;
  let shown = 0;
  const load = async (count: number, excerpts: number) => {
    const slice = shownIds.slice(shown, shown + count);
    shown += slice.length;
    return Promise.all(
      slice.map(async (id, at) => {
        const result = results.get(id);
        const page = index.byId.get(id);
        if (result && (at < excerpts || !page)) {
          try {
            return shapeResult(await result.data(), maxSubs, phrase, highlight);
          } catch (error) {
            // Offline, a fragment never read is not cached: the map still names the page.
            if (!page) throw error;
          }
        }
        const hit = mapHit(must(index.byId, id, 'page map'), base);
        // A card's or layer's one-line definition, or else the page's description, stands in for the excerpt.
        const text = hit.answer ?? (page?.summary || undefined);
        if (text) hit.excerpt = highlightTerms([{ text, mark: false }], highlight);
        return hit;
      }),
    );
  };
  const first = await load(limit, checkPhrase ? limit : EXCERPTS);
  // Within the first page, after what the query names: whole-phrase matches before word matches.
  const lead = shownIds.slice(0, limit).findIndex((id) => !pinned.has(id));
  const split = lead === -1 ? first.length : lead;
  const hits = q ? [...first.slice(0, split), ...promoteExactName(promotePhrase(first.slice(split)), q)] : first;
  // From the map: no request of its own.
  const lead0 = hits[0];
  const named = plan?.entries[0];
  const text = named?.answer ?? lead0?.answer;
  const answer =
    plan?.definition && lead0 && text && pinned.has(shownIds[0] ?? '')
      ? { title: named?.answer ? named.names[0]! : lead0.title, url: lead0.url, text }
      : undefined;
  // A later page ("more results") is asked for by a reader who reads on: excerpts for all of it.
  return { hits, answer, total: shownIds.length, counts, plan, more: (count) => load(count, count) };
}

/** Matching page counts per filter value over the whole index (from the page map). */
export async function allFilters(): Promise<Record<string, Record<string, number>>> {
  const { facets } = await loadMapIndex();
  const count = (f: Facet) => Object.fromEntries([...f.sets].map(([value, set]) => [value, set.size]));
  return { type: count(facets.type), layer: count(facets.layer) };
}
