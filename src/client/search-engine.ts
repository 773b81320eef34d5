/**
 * Loads Pagefind's JS API lazily (`<base>pagefind/pagefind.js`, written by the
 * search-index integration, on the main thread: no worker script to fetch) with the
 * page map next to it (search-core.ts `PAGE_MAP_FILE`: every page's title, type,
 * layer, names, answer and key, and the vocabulary), reads the query
 * (search-query.ts), runs the searches it needs and merges them (search-rank.ts).
 * Filters, counts and named pages come from the map, so no filter data is loaded;
 * results are drawn from the map, and fragments are loaded only for the excerpts
 * shown (the first few results, or the whole first page when a phrase must be
 * checked). Only the newest search of a session is rendered: callers pass a token
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
import { isBroad, mergeResults, needsFallback } from './search-rank.ts';
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

/** The index as one tab uses it: the API, the vocabulary, and the page map. */
interface Index {
  api: PagefindApi;
  vocabulary: SearchVocabulary;
  pages: MapPage[];
  byId: Map<string, MapPage>;
  byKey: Map<string, string>;
  facets: Record<FacetName, Facet>;
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

let loading: Promise<Index> | undefined;

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

async function loadMap(): Promise<PageMapFile<SearchVocabulary>> {
  const response = await fetch(`${base}pagefind/${PAGE_MAP_FILE}`);
  if (!response.ok) throw new Error(`pagefind/${PAGE_MAP_FILE}: HTTP ${response.status}`);
  return (await response.json()) as PageMapFile<SearchVocabulary>;
}

/**
 * Starts loading Pagefind (script, WebAssembly, index metadata) and the page map;
 * safe to call repeatedly. Called as soon as the reader shows intent (hover or focus
 * on the search button, the shortcuts, the search page).
 */
export function loadIndex(): Promise<Index> {
  loading ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const [api, map] = await Promise.all([
      (async () => {
        const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
        // The main thread: a worker is one more script to fetch before the first result.
        await api.options({ baseUrl: base, excerptLength: 28, ranking: RANKING, noWorker: true });
        await api.init();
        return api;
      })(),
      loadMap(),
    ]);
    const pages = map.pages.map(mapPage);
    return {
      api,
      vocabulary: map.vocabulary ?? { entries: [] },
      pages,
      byId: new Map(pages.map((page) => [page.id, page])),
      byKey: new Map(pages.filter((page) => page.key).map((page) => [page.key, page.id])),
      facets: { type: facet(pages, 'type'), layer: facet(pages, 'layer') },
    } satisfies Index;
  })();
  // A failed load (offline before the first visit, no index in dev) may be retried later.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Warms what the first search needs; errors wait for the search to report them. */
export function warmIndex(): void {
  loadIndex().catch(() => undefined);
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
}

/** Page ids for a query, best first, with every result object met on the way. */
async function rankedIds(
  index: Index,
  plan: QueryPlan,
  results: Map<string, PagefindResult>,
): Promise<{ ids: string[]; pinned: Set<string> }> {
  const { api } = index;
  const types = index.facets.type;
  const keep = (list: PagefindResult[]) => {
    for (const r of list) if (!results.has(r.id)) results.set(r.id, r);
    return list;
  };
  const all = keep((await api.search(plan.terms.join(' ')))?.results ?? []);
  const perTerm = needsFallback(plan.terms.length, all.length)
    ? await Promise.all(plan.terms.map(async (term) => keep((await api.search(term))?.results ?? [])))
    : [];
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
  // Nothing from the word index (offline before its chunks were read): titles and names still answer.
  const fromTitles =
    all.length === 0 && perTerm.every((list) => list.length === 0) && namedIds.length === 0
      ? titleMatches(index.pages, plan.terms).map((page) => page.id)
      : [];
  const ids = mergeResults({
    all: [...all, ...fromTitles.map((id) => ({ id, score: 0 }))],
    termCount: plan.terms.length,
    perTerm,
    pinned,
    boosted: pin ? [] : namedIds.filter((id) => !conceptIds.has(id)),
    question: plan.question,
    broad: isBroad(plan.terms.length, plan.entries.length, all.length, types.all.size),
    typeOf: (id) => types.of.get(id),
  });
  return { ids, pinned: new Set(pinned) };
}

/**
 * Runs a search and loads the first `limit` results' data (only those: each is one
 * fragment request). Resolves to undefined when a newer search started meanwhile.
 */
export async function runSearch(
  state: SearchState,
  { limit, token, maxSubs = 3 }: RunOptions,
): Promise<SearchOutcome | undefined> {
  const index = await loadIndex();
  if (!isCurrent(token)) return undefined;
  const q = normaliseQuery(state.q);
  const plan = q ? understandQuery(q, index.vocabulary) : undefined;
  const { type: types, layer: layers } = index.facets;
  const results = new Map<string, PagefindResult>();
  let ids: string[];
  let pinned = new Set<string>();
  if (plan) {
    ({ ids, pinned } = await rankedIds(index, plan, results));
  } else {
    // Filters only: every page of the chosen type and layer, in index order.
    ids = [...types.all];
  }
  if (!isCurrent(token)) return undefined;

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
  const checkPhrase = phrase !== '';
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
        // A card's or layer's one-line definition stands in for the excerpt.
        if (hit.answer) hit.excerpt = highlightTerms([{ text: hit.answer, mark: false }], highlight);
        return hit;
      }),
    );
  };
  const first = await load(limit, checkPhrase ? limit : EXCERPTS);
  // Within the first page, after what the query names: whole-phrase matches before word matches.
  const lead = shownIds.slice(0, limit).findIndex((id) => !pinned.has(id));
  const split = lead === -1 ? first.length : lead;
  const hits = q ? [...first.slice(0, split), ...promoteExactName(promotePhrase(first.slice(split)), q)] : first;
  if (!isCurrent(token)) return undefined;
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
  const { facets } = await loadIndex();
  const count = (f: Facet) => Object.fromEntries([...f.sets].map(([value, set]) => [value, set.size]));
  return { type: count(facets.type), layer: count(facets.layer) };
}
