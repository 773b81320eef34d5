/**
 * Loads Pagefind's JS API lazily (`<base>pagefind/pagefind.js`, written by the
 * search-index integration) with the vocabulary next to it, reads the query
 * (search-query.ts), runs the searches it needs and merges them (search-rank.ts).
 * Filters and their counts are computed here from each filter value's page set,
 * so they also apply to merged results. Only the newest search of a session is
 * rendered: callers pass a token and get `undefined` for stale ones.
 */
import { normaliseBase } from '../model/urls.ts';
import { VOCABULARY_FILE, type SearchVocabulary } from '../model/search-vocabulary.ts';
import {
  RANKING,
  normaliseQuery,
  promoteExactName,
  promotePhrase,
  shapeResult,
  type Hit,
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
  /** Matching page counts per filter value over the whole index (also loads the filter data). */
  filters: () => Promise<Record<string, Record<string, number>>>;
  preload: (term: string, options?: Record<string, unknown>) => Promise<void>;
}

/** The index as one tab uses it: the API, the vocabulary, and each filter's page sets. */
interface Index {
  api: PagefindApi;
  vocabulary: SearchVocabulary;
  /** Page sets per filter (`type`, `layer`), each loaded on first need. */
  facets: Map<FacetName, Promise<Facet>>;
  /** Page id of a vocabulary key (`runc`, `compare:docker-vs-podman`), looked up once. */
  keys: Map<string, Promise<PagefindResult | undefined>>;
}

type FacetName = 'type' | 'layer';

/** One filter's pages: ids per value, the value of each id, and every page carrying the filter. */
interface Facet {
  sets: Map<string, Set<string>>;
  of: Map<string, string>;
  all: Map<string, PagefindResult>;
}

let loading: Promise<Index> | undefined;

/** The site's base path (`/` or `/stack-atlas/`). */
export const base: string = normaliseBase(import.meta.env.BASE_URL);

/** A filter's page sets, from one filter-only search per value (loaded once per tab). */
function facet(index: Index, name: FacetName): Promise<Facet> {
  let found = index.facets.get(name);
  if (!found) {
    found = (async () => {
      const values = await index.api.filters();
      const result: Facet = { sets: new Map(), of: new Map(), all: new Map() };
      await Promise.all(
        Object.keys(values[name] ?? {}).map(async (value) => {
          const results = (await index.api.search(null, { filters: { [name]: value } }))?.results ?? [];
          result.sets.set(value, new Set(results.map((r) => r.id)));
          for (const r of results) {
            result.of.set(r.id, value);
            result.all.set(r.id, r);
          }
        }),
      );
      return result;
    })();
    found.catch(() => index.facets.delete(name));
    index.facets.set(name, found);
  }
  return found;
}

async function loadVocabulary(): Promise<SearchVocabulary> {
  try {
    const response = await fetch(`${base}pagefind/${VOCABULARY_FILE}`);
    if (response.ok) return (await response.json()) as SearchVocabulary;
  } catch {
    // Without it, queries are searched word for word.
  }
  return { entries: [] };
}

/**
 * Starts loading Pagefind (script, WebAssembly, index metadata), the vocabulary and
 * the filter data; safe to call repeatedly. Called as soon as the reader shows
 * intent (hover or focus on the search button, the shortcuts, the search page).
 */
export function loadIndex(): Promise<Index> {
  loading ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const [api, vocabulary] = await Promise.all([
      (async () => {
        const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
        await api.options({ baseUrl: base, excerptLength: 28, ranking: RANKING });
        await api.init();
        return api;
      })(),
      loadVocabulary(),
    ]);
    return { api, vocabulary, facets: new Map(), keys: new Map() } satisfies Index;
  })();
  // A failed load (offline before the first visit, no index in dev) may be retried later.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Warms what the first search needs (page types rank questions); errors wait for the search to report them. */
export function warmIndex(): void {
  loadIndex()
    .then((index) => facet(index, 'type'))
    .catch(() => undefined);
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
  /** Compute counts for filter controls (the /search/ page). */
  counts?: boolean;
}

function recordFor(index: Index, key: string): Promise<PagefindResult | undefined> {
  let found = index.keys.get(key);
  if (!found) {
    found = index.api.search(null, { filters: { key } }).then((response) => response?.results[0]);
    index.keys.set(key, found);
  }
  return found;
}

/** Page ids for a query, best first, with every result object met on the way. */
async function rankedIds(
  index: Index,
  types: Facet | undefined,
  plan: QueryPlan,
  results: Map<string, PagefindResult>,
): Promise<{ ids: string[]; pinned: Set<string> }> {
  const { api } = index;
  const keep = (list: PagefindResult[]) => {
    for (const r of list) if (!results.has(r.id)) results.set(r.id, r);
    return list;
  };
  const all = keep((await api.search(plan.terms.join(' ')))?.results ?? []);
  const perTerm = needsFallback(plan.terms.length, all.length)
    ? await Promise.all(plan.terms.map(async (term) => keep((await api.search(term))?.results ?? [])))
    : [];
  const named = (await Promise.all(plan.entries.map((entry) => recordFor(index, entry.key)))).filter(
    (r): r is PagefindResult => r !== undefined,
  );
  const compare = plan.compare ? await recordFor(index, plan.compare.key) : undefined;
  keep([...(compare ? [compare] : []), ...named]);
  // What a question or comparison names ("runc 是什么", "k8s 为什么弃用 dockershim") goes
  // first, as does a card typed by name alone; named among other keywords ("docker 镜像分层")
  // it leads only among equally good matches.
  // A concept word alone (镜像) names its card as surely as the card's name does.
  const namesOnly = plan.terms.every((term) => plan.entries.some((e) => entryWords(e).includes(term)));
  const pin = plan.question || namesOnly;
  const namedIds = named.map((r) => r.id);
  const pinned = pin ? [...(compare ? [compare.id] : []), ...namedIds] : [];
  // Among other words a concept word is one more term, not a name to favour (镜像签名 is about signing).
  const conceptIds = new Set(
    (await Promise.all(plan.byConcept.map((entry) => recordFor(index, entry.key)))).map((r) => r?.id),
  );
  const ids = mergeResults({
    all,
    termCount: plan.terms.length,
    perTerm,
    pinned,
    boosted: pin ? [] : namedIds.filter((id) => !conceptIds.has(id)),
    question: plan.question,
    broad: isBroad(plan.terms.length, plan.entries.length, all.length, types?.all.size ?? 0),
    typeOf: (id) => types?.of.get(id),
  });
  return { ids, pinned: new Set(pinned) };
}

/**
 * Runs a search and loads the first `limit` results' data (only those: each is one
 * fragment request). Resolves to undefined when a newer search started meanwhile.
 */
export async function runSearch(
  state: SearchState,
  { limit, token, maxSubs = 3, counts: wantCounts = false }: RunOptions,
): Promise<SearchOutcome | undefined> {
  const index = await loadIndex();
  if (!isCurrent(token)) return undefined;
  const q = normaliseQuery(state.q);
  const plan = q ? understandQuery(q, index.vocabulary) : undefined;
  // Page sets are loaded only when something needs them: a filter, the page's counts, or
  // ranking by page type (questions, broad words); "runc" alone waits for neither.
  const needTypes =
    !plan || Boolean(state.type) || wantCounts || plan.question || (plan.terms.length === 1 && !plan.entries.length);
  const needLayers = Boolean(state.layer) || wantCounts;
  const [types, layers] = await Promise.all([
    needTypes ? facet(index, 'type') : undefined,
    needLayers ? facet(index, 'layer') : undefined,
  ]);
  if (!isCurrent(token)) return undefined;
  const results = new Map<string, PagefindResult>();
  let ids: string[];
  let pinned = new Set<string>();
  if (plan) {
    ({ ids, pinned } = await rankedIds(index, types, plan, results));
  } else {
    // Filters only: every page of the chosen type and layer, in index order.
    ids = [...(types?.all.keys() ?? [])];
    for (const [id, r] of types?.all ?? []) results.set(id, r);
  }
  if (!isCurrent(token)) return undefined;

  const inType = state.type ? (types?.sets.get(state.type) ?? new Set<string>()) : undefined;
  const inLayer = state.layer ? (layers?.sets.get(state.layer) ?? new Set<string>()) : undefined;
  const countIn = (set: Set<string>, other: Set<string> | undefined) =>
    ids.reduce((n, id) => n + (set.has(id) && (!other || other.has(id)) ? 1 : 0), 0);
  const counts = {
    type: Object.fromEntries([...(types?.sets ?? [])].map(([value, set]) => [value, countIn(set, inLayer)])),
    layer: Object.fromEntries([...(layers?.sets ?? [])].map(([value, set]) => [value, countIn(set, inType)])),
    all: inLayer ? countIn(inLayer, undefined) : ids.filter((id) => !types || types.of.has(id)).length,
  };
  const shownIds = ids.filter((id) => (!inType || inType.has(id)) && (!inLayer || inLayer.has(id)));

  const highlight = plan?.highlight ?? [];
  const phrase = plan ? plan.terms.join(' ') : '';
  let shown = 0;
  const load = async (count: number) => {
    const slice = shownIds.slice(shown, shown + count);
    shown += slice.length;
    const data = await Promise.all(slice.map((id) => must(results, id, 'results').data()));
    return data.map((d) => shapeResult(d, maxSubs, phrase, highlight));
  };
  const first = await load(limit);
  // Within the first page, after what the query names: whole-phrase matches before word matches.
  const lead = shownIds.slice(0, limit).findIndex((id) => !pinned.has(id));
  const split = lead === -1 ? first.length : lead;
  const hits = q ? [...first.slice(0, split), ...promoteExactName(promotePhrase(first.slice(split)), q)] : first;
  if (!isCurrent(token)) return undefined;
  // From the first result's own data (already loaded): no request of its own.
  const lead0 = hits[0];
  const named = plan?.entries[0];
  const text = named?.answer ?? lead0?.answer;
  const answer =
    plan?.definition && lead0 && text && pinned.has(shownIds[0] ?? '')
      ? { title: named?.answer ? named.names[0]! : lead0.title, url: lead0.url, text }
      : undefined;
  return { hits, answer, total: shownIds.length, counts, plan, more: load };
}

/** Matching page counts per filter value over the whole index. */
export async function allFilters(): Promise<Record<string, Record<string, number>>> {
  return (await loadIndex()).api.filters();
}
