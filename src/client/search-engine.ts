/**
 * Loads Pagefind's JS API lazily (`<base>pagefind/pagefind.js`, written by the
 * search-index integration) and runs searches. Only the newest search of a
 * session is rendered: callers pass a token and get `undefined` for stale ones.
 */
import { normaliseBase } from '../model/urls.ts';
import {
  RANKING,
  filtersFor,
  normaliseQuery,
  promoteExactName,
  promotePhrase,
  shapeResult,
  type Hit,
  type PagefindResultData,
  type SearchState,
} from './search-core.ts';

interface PagefindResult {
  id: string;
  score: number;
  data: () => Promise<PagefindResultData>;
}

interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
  totalFilters: Record<string, Record<string, number>>;
}

interface PagefindApi {
  options: (options: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  search: (term: string | null, options?: { filters?: Record<string, string> }) => Promise<PagefindSearch | null>;
  /** Matching page counts per filter value over the whole index (also loads the filter data). */
  filters: () => Promise<Record<string, Record<string, number>>>;
  preload: (term: string, options?: Record<string, unknown>) => Promise<void>;
}

let loading: Promise<PagefindApi> | undefined;

/** The site's base path (`/` or `/stack-atlas/`). */
export const base: string = normaliseBase(import.meta.env.BASE_URL);

/** Starts loading Pagefind (script, WebAssembly, index metadata); safe to call repeatedly. */
export function loadPagefind(): Promise<PagefindApi> {
  loading ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
    await api.options({ baseUrl: base, excerptLength: 28, ranking: RANKING });
    await api.init();
    return api;
  })();
  // A failed load (offline before the first visit, no index in dev) may be retried later.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export interface SearchOutcome {
  hits: Hit[];
  /** Matching pages in total (before paging). */
  total: number;
  /**
   * Facet counts for the filter controls: per page type ignoring the type filter,
   * per layer ignoring the layer filter, and `all` types (the layer filter applied).
   */
  counts: { type: Record<string, number>; layer: Record<string, number>; all: number };
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

let filtersLoaded: Promise<unknown> | undefined;

/** Pagefind options for a filter state (an empty `filters` object would switch its counts off). */
function searchOptions(filters: Record<string, string>) {
  return Object.keys(filters).length ? { filters } : {};
}

export interface RunOptions {
  limit: number;
  token: number;
  maxSubs?: number;
  /** Compute facet counts for filter controls (the /search/ page). */
  counts?: boolean;
}

/**
 * Runs a search and loads the first `limit` results' data. Resolves to undefined
 * when a newer search started meanwhile.
 */
export async function runSearch(
  state: SearchState,
  { limit, token, maxSubs = 3, counts: wantCounts = false }: RunOptions,
): Promise<SearchOutcome | undefined> {
  const api = await loadPagefind();
  // Pagefind only counts filters whose data it has loaded; filters() loads them all (two small files).
  if (wantCounts) await (filtersLoaded ??= api.filters());
  if (!isCurrent(token)) return undefined;
  const q = normaliseQuery(state.q) || null;
  // Counts for a filter control must ignore that control's own filter ("笔记 3" while 卡片 is chosen).
  const [response, withoutType, withoutLayer] = await Promise.all([
    api.search(q, searchOptions(filtersFor(state))),
    wantCounts && state.type ? api.search(q, searchOptions(filtersFor({ type: '', layer: state.layer }))) : undefined,
    wantCounts && state.layer ? api.search(q, searchOptions(filtersFor({ type: state.type, layer: '' }))) : undefined,
  ]);
  if (!isCurrent(token) || !response) return undefined;
  const { results } = response;
  const counts = {
    type: (withoutType ?? response).filters?.type ?? {},
    layer: (withoutLayer ?? response).filters?.layer ?? {},
    all: (withoutType ?? response).results.length,
  };
  let shown = 0;
  const load = async (count: number) => {
    const slice = results.slice(shown, shown + count);
    shown += slice.length;
    const data = await Promise.all(slice.map((r) => r.data()));
    return data.map((d) => shapeResult(d, maxSubs, q ?? ''));
  };
  // Within the first page: exact names first, then whole-phrase matches, then Pagefind's order.
  const hits = promoteExactName(promotePhrase(await load(limit)), q ?? '');
  if (!isCurrent(token)) return undefined;
  return { hits, total: results.length, counts, more: load };
}

/** Matching page counts per filter value over the whole index. */
export async function allFilters(): Promise<Record<string, Record<string, number>>> {
  return (await loadPagefind()).filters();
}
