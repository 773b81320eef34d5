/**
 * Search time-to-first-result on a built site, in Chromium with a cold cache (a fresh
 * browser context per run) and service workers blocked.
 *
 * Stack Atlas:
 * - dialog: t0 = the header search link `a[data-search-open]` gets focus (intent; the
 *   dialog code starts loading then), `/` opens `dialog[data-search-dialog]`, the query is
 *   typed; first result = `[data-search-results]` has `data-state="done"` (or
 *   `"partial"`: title matches from the page map shown while Pagefind's full text loads),
 *   `data-query=<q>` and a visible `a[data-search-item]`. Later keystroke: one more
 *   character, until the results carry the new query (done or partial).
 * - page: `/search/?q=<q>`; from navigation start (performance.now() = 0) until
 *   `[data-search-page] [data-search-results]` is done with a visible result.
 * Starlight: the header search button (`site-search button[data-open-modal]`) gets focus
 * and is clicked, the query is typed into Pagefind UI's box; first result = a visible
 * `.pagefind-ui__result-link` and Pagefind UI's message naming the query. Later
 * keystroke: until the message names the new query.
 *
 * Every time is taken inside the page (performance.now()) by a MutationObserver, so it
 * does not include the protocol round trips of the driver.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs } from '../../src/diagrams/render/browser.ts';
import { median } from './goals.ts';

export interface SearchQuery {
  /** Typed first. */
  q: string;
  /** `q` plus one character, typed as the later keystroke. */
  next: string;
}

export const SEARCH_QUERIES: SearchQuery[] = [
  { q: 'runc', next: 'runc ' },
  { q: '容器', next: '容器化' },
  { q: 'runc 是什么', next: 'runc 是什么？' },
];

export interface QueryTimes {
  q: string;
  next: string;
  /** ms per run (undefined entries: that run timed out or failed). */
  dialogFirst: number[];
  dialogNext: number[];
  page: number[];
  errors: string[];
}

export interface SearchTiming {
  site: 'stack-atlas' | 'starlight';
  runs: number;
  queries: QueryTimes[];
  /** Medians over all queries and runs. */
  dialogFirstMs: number | undefined;
  dialogNextMs: number | undefined;
  pageMs: number | undefined;
}

type Site = 'stack-atlas' | 'starlight';

/** In-page watcher: records performance.now() when results for a query first show. */
function watcherSource(site: Site, scope: 'dialog' | 'page'): string {
  return `(() => {
    const seen = (window.__ttfr = window.__ttfr || {});
    const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const check = () => {
      const now = performance.now();
      if (${JSON.stringify(site)} === 'stack-atlas') {
        const sel = ${JSON.stringify(scope)} === 'page'
          ? '[data-search-page] [data-search-results]'
          : 'dialog[data-search-dialog] [data-search-results]';
        for (const box of document.querySelectorAll(sel)) {
          // 'partial': first results from the page map shown while the full text loads.
          const state = box.getAttribute('data-state');
          if (state !== 'done' && state !== 'partial') continue;
          const q = box.getAttribute('data-query') ?? '';
          if (seen['__any:' + q] === undefined) seen['__any:' + q] = now;
          if (!(q in seen) && [...box.querySelectorAll('a[data-search-item]')].some(visible)) seen[q] = now;
        }
      } else {
        const input = document.querySelector('.pagefind-ui__search-input');
        const msg = document.querySelector('.pagefind-ui__message');
        if (!input || !msg) return;
        const q = input.value;
        const text = msg.textContent ?? '';
        if (!q.trim() || !text.includes(q.trim())) return;
        if (seen['__any:' + q] === undefined) seen['__any:' + q] = now;
        if (!(q in seen) && [...document.querySelectorAll('.pagefind-ui__result-link')].some(visible)) seen[q] = now;
      }
    };
    const start = () => {
      new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
      check();
    };
    if (document.documentElement) start();
    else document.addEventListener('DOMContentLoaded', start);
  })();`;
}

async function waitFor(page: Page, key: string, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (k) => (window as unknown as { __ttfr?: Record<string, number> }).__ttfr?.[k],
    key,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

/** Dialog (ours) or modal (Starlight): first result after intent, then one more keystroke. */
async function measureDialog(
  browser: Browser,
  site: Site,
  url: string,
  query: SearchQuery,
  timeoutMs: number,
): Promise<{ first: number; next: number }> {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.addInitScript(watcherSource(site, 'dialog'));
    await page.goto(url, { waitUntil: 'load' });
    // Let idle-time scripts (Starlight loads Pagefind UI on idle) settle as they would
    // before a reader reaches for search.
    await page.waitForLoadState('networkidle');
    const button = site === 'stack-atlas' ? 'a[data-search-open]' : 'site-search button[data-open-modal]';
    const input =
      site === 'stack-atlas' ? 'dialog[data-search-dialog] [data-search-input]' : '.pagefind-ui__search-input';
    const t0 = await page.evaluate((sel) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el) throw new Error(`no ${sel}`);
      const t = performance.now();
      el.focus();
      return t;
    }, button);
    if (site === 'stack-atlas') await page.keyboard.press('/');
    else await page.keyboard.press('Enter');
    await page.locator(input).waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.type(query.q);
    const first = (await waitFor(page, query.q, timeoutMs)) - t0;
    const t1 = await page.evaluate(() => performance.now());
    await page.keyboard.type(query.next.slice(query.q.length));
    const next = (await waitFor(page, `__any:${query.next}`, timeoutMs)) - t1;
    return { first, next };
  } finally {
    await context.close();
  }
}

/** `/search/?q=` (ours only): navigation start → first result visible. */
async function measureSearchPage(browser: Browser, origin: string, q: string, timeoutMs: number): Promise<number> {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.addInitScript(watcherSource('stack-atlas', 'page'));
    await page.goto(`${origin}/search/?q=${encodeURIComponent(q)}`, { waitUntil: 'commit' });
    return await waitFor(page, q, timeoutMs);
  } finally {
    await context.close();
  }
}

/** Runs every query `runs` times (fresh context each time) and takes medians. */
export async function measureSearch(options: {
  site: Site;
  origin: string;
  /** Page the dialog is opened from (default: home). */
  fromPath?: string;
  executablePath: string;
  runs?: number;
  queries?: SearchQuery[];
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<SearchTiming> {
  const runs = options.runs ?? 3;
  const queries = options.queries ?? SEARCH_QUERIES;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const from = new URL(options.fromPath ?? '/', `${options.origin}/`).href;
  const browser = await chromium.launch({ executablePath: options.executablePath, args: chromiumArgs });
  const results: QueryTimes[] = [];
  try {
    for (const query of queries) {
      const times: QueryTimes = { q: query.q, next: query.next, dialogFirst: [], dialogNext: [], page: [], errors: [] };
      for (let r = 0; r < runs; r += 1) {
        try {
          const { first, next } = await measureDialog(browser, options.site, from, query, timeoutMs);
          times.dialogFirst.push(first);
          times.dialogNext.push(next);
        } catch (error) {
          times.errors.push(`dialog: ${(error as Error).message.split('\n')[0]}`);
        }
        if (options.site === 'stack-atlas') {
          try {
            times.page.push(await measureSearchPage(browser, options.origin, query.q, timeoutMs));
          } catch (error) {
            times.errors.push(`page: ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
      const ms = (xs: number[]) => (xs.length ? xs.map((x) => Math.round(x)).join(', ') : '—');
      options.log?.(
        `  ${options.site} "${query.q}": dialog first ${ms(times.dialogFirst)} ms, "${query.next}" ${ms(times.dialogNext)} ms` +
          (options.site === 'stack-atlas' ? `, /search/?q= ${ms(times.page)} ms` : '') +
          (times.errors.length ? `; errors: ${[...new Set(times.errors)].join('; ')}` : ''),
      );
      results.push(times);
    }
  } finally {
    await browser.close();
  }
  return {
    site: options.site,
    runs,
    queries: results,
    dialogFirstMs: median(results.flatMap((r) => r.dialogFirst)),
    dialogNextMs: median(results.flatMap((r) => r.dialogNext)),
    pageMs: options.site === 'stack-atlas' ? median(results.flatMap((r) => r.page)) : undefined,
  };
}
