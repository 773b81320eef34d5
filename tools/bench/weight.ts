/**
 * Page weight: what a first visit transfers (HTML, CSS, JS, fonts, other), each
 * response body gzipped at zlib level 9 as the transfer size, and the JS executed
 * before interaction (external scripts requested before the `load` event plus
 * inline scripts; modules imported later, e.g. on a click, are not counted).
 *
 * The pure helpers (classification, gzip size, totals, inline-script extraction,
 * budget checks, formatting) are unit-tested in tests/unit/bench/. `measurePage()`
 * drives a Playwright page; the benchmark and tests/e2e/budgets.spec.ts share it.
 * Sizes only: nothing here looks at timings except to order requests around `load`.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export type AssetKind = 'html' | 'css' | 'js' | 'font' | 'image' | 'other';

export interface MeasuredResource {
  url: string;
  kind: AssetKind;
  status: number;
  rawBytes: number;
  gzipBytes: number;
  /** Requested before the page's `load` event. */
  beforeLoad: boolean;
}

export interface KindTotals {
  count: number;
  rawBytes: number;
  gzipBytes: number;
}

export interface PageWeight {
  url: string;
  resources: MeasuredResource[];
  /** Everything transferred on first load (until the network is idle), by kind. */
  totals: Record<AssetKind, KindTotals>;
  /** gzip bytes of all transferred resources. */
  totalGzipBytes: number;
  /** JS executed before interaction. */
  jsBeforeInteraction: {
    gzipBytes: number;
    externalGzipBytes: number;
    inlineGzipBytes: number;
    inlineScripts: number;
    /** External scripts counted (URL and gzip bytes). */
    assets: Array<{ url: string; gzipBytes: number }>;
  };
  /** CSS loaded before `load` (stylesheets block rendering), gzip bytes, with the files. */
  cssBeforeInteraction: { gzipBytes: number; assets: Array<{ url: string; gzipBytes: number }> };
}

export const KINDS: readonly AssetKind[] = ['html', 'css', 'js', 'font', 'image', 'other'];

/** Size of `body` gzipped at level 9: the transfer size a compressing server would send. */
export function gzipSize(body: Uint8Array | string): number {
  return gzipSync(typeof body === 'string' ? Buffer.from(body) : body, { level: 9 }).byteLength;
}

/** Kind of a response from its Playwright resource type, content type and URL. */
export function classifyResource(url: string, contentType = '', resourceType = ''): AssetKind {
  const ct = contentType.toLowerCase().split(';')[0]!.trim();
  const pathname = (() => {
    try {
      return new URL(url).pathname.toLowerCase();
    } catch {
      return url.toLowerCase();
    }
  })();
  if (resourceType === 'document' || ct === 'text/html') return 'html';
  if (resourceType === 'stylesheet' || ct === 'text/css' || pathname.endsWith('.css')) return 'css';
  if (resourceType === 'font' || ct.startsWith('font/') || /\.(woff2?|ttf|otf|eot)$/.test(pathname)) return 'font';
  if (resourceType === 'script' || /(java|ecma)script/.test(ct) || /\.(m?js)$/.test(pathname)) return 'js';
  if (resourceType === 'image' || ct.startsWith('image/') || /\.(png|jpe?g|gif|webp|avif|svg|ico)$/.test(pathname))
    return 'image';
  return 'other';
}

function emptyTotals(): Record<AssetKind, KindTotals> {
  return Object.fromEntries(KINDS.map((k) => [k, { count: 0, rawBytes: 0, gzipBytes: 0 }])) as Record<
    AssetKind,
    KindTotals
  >;
}

/** Totals by kind. */
export function totalsByKind(resources: readonly MeasuredResource[]): Record<AssetKind, KindTotals> {
  const totals = emptyTotals();
  for (const r of resources) {
    const t = totals[r.kind];
    t.count += 1;
    t.rawBytes += r.rawBytes;
    t.gzipBytes += r.gzipBytes;
  }
  return totals;
}

/** Script types the browser does not execute as JavaScript. */
const dataScriptType =
  /^(application\/(ld\+)?json|importmap|speculationrules|text\/(template|x-template|plain|markdown)|application\/x-[\w-]*)$/i;

/**
 * Contents of the inline `<script>` elements a browser executes (no `src`; classic
 * or module; JSON, import maps and templates excluded).
 */
export function inlineScripts(html: string): string[] {
  const out: string[] = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (const m of html.matchAll(re)) {
    const attrs = m[1] ?? '';
    if (/\ssrc\s*=/i.test(` ${attrs}`)) continue;
    const type = /\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(` ${attrs}`);
    const value = (type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim();
    if (value && value.toLowerCase() !== 'module' && !/javascript|ecmascript/i.test(value)) continue;
    if (value && dataScriptType.test(value)) continue;
    const body = m[2] ?? '';
    if (body.trim()) out.push(body);
  }
  return out;
}

/** Builds the PageWeight summary from measured resources and the document's HTML. */
export function summarizePage(url: string, resources: readonly MeasuredResource[], html: string): PageWeight {
  const inline = inlineScripts(html);
  const inlineGzip = inline.reduce((n, s) => n + gzipSize(s), 0);
  const scripts = resources.filter((r) => r.kind === 'js' && r.beforeLoad && r.status < 400);
  const externalGzip = scripts.reduce((n, r) => n + r.gzipBytes, 0);
  const css = resources.filter((r) => r.kind === 'css' && r.beforeLoad && r.status < 400);
  const totals = totalsByKind(resources);
  return {
    url,
    resources: [...resources],
    totals,
    totalGzipBytes: KINDS.reduce((n, k) => n + totals[k].gzipBytes, 0),
    jsBeforeInteraction: {
      gzipBytes: externalGzip + inlineGzip,
      externalGzipBytes: externalGzip,
      inlineGzipBytes: inlineGzip,
      inlineScripts: inline.length,
      assets: scripts.map((r) => ({ url: r.url, gzipBytes: r.gzipBytes })),
    },
    cssBeforeInteraction: {
      gzipBytes: css.reduce((n, r) => n + r.gzipBytes, 0),
      assets: css.map((r) => ({ url: r.url, gzipBytes: r.gzipBytes })),
    },
  };
}

export interface Budgets {
  /** Max gzip bytes of JS executed before interaction. */
  jsBeforeInteraction?: number;
  /** Max gzip bytes of CSS (all stylesheets loaded on first load). */
  css?: number;
}

/** Size budgets enforced by tests/e2e/budgets.spec.ts (1 KB = 1024 bytes). */
export const BUDGETS: Required<Budgets> = { jsBeforeInteraction: 15 * 1024, css: 30 * 1024 };

/** `12.3 KB` (1 KB = 1024 bytes), `850 B`, `1.2 MB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return 'n/a';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/**
 * Budget violations of one page, each naming the page and the assets (largest
 * first). Empty when the page is within budget.
 */
export function checkBudgets(pageName: string, weight: PageWeight, budgets: Budgets = BUDGETS): string[] {
  const problems: string[] = [];
  const list = (assets: Array<{ url: string; gzipBytes: number }>, extra: string[] = []) =>
    [...assets]
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .map((a) => `${shortUrl(a.url)} (${formatBytes(a.gzipBytes)})`)
      .concat(extra)
      .join(', ');
  const js = weight.jsBeforeInteraction;
  if (budgets.jsBeforeInteraction !== undefined && js.gzipBytes > budgets.jsBeforeInteraction) {
    const inline = js.inlineScripts
      ? [`${js.inlineScripts} inline script(s) (${formatBytes(js.inlineGzipBytes)})`]
      : [];
    problems.push(
      `${pageName} (${shortUrl(weight.url)}): JS before interaction is ${formatBytes(js.gzipBytes)} gzipped, budget ${formatBytes(budgets.jsBeforeInteraction)}: ${list(js.assets, inline)}`,
    );
  }
  const cssAll = weight.resources.filter((r) => r.kind === 'css' && r.status < 400);
  const cssBytes = cssAll.reduce((n, r) => n + r.gzipBytes, 0);
  if (budgets.css !== undefined && cssBytes > budgets.css) {
    problems.push(
      `${pageName} (${shortUrl(weight.url)}): CSS is ${formatBytes(cssBytes)} gzipped, budget ${formatBytes(budgets.css)}: ${list(cssAll.map((r) => ({ url: r.url, gzipBytes: r.gzipBytes })))}`,
    );
  }
  return problems;
}

/** Resource Timing as read from the page. */
interface TimingEntry {
  name: string;
  startTime: number;
}

/**
 * Loads `url` in `page` (use a fresh context: empty cache, service workers blocked)
 * and measures every response until the network is idle. Requests that started
 * before the `load` event are marked `beforeLoad`.
 */
export async function measurePage(page: Page, url: string, options: { settleMs?: number } = {}): Promise<PageWeight> {
  const pending: Array<Promise<MeasuredResource | undefined>> = [];
  let loaded = false;
  page.on('response', (response) => {
    const requestedBeforeLoad = !loaded;
    pending.push(
      (async () => {
        const resUrl = response.url();
        if (/^(data|blob|about|chrome-extension):/.test(resUrl)) return undefined;
        const status = response.status();
        if (status >= 300 && status < 400) return undefined;
        let body: Buffer;
        try {
          body = await response.body();
        } catch {
          return undefined;
        }
        const kind = classifyResource(
          resUrl,
          response.headers()['content-type'] ?? '',
          response.request().resourceType(),
        );
        return {
          url: resUrl,
          kind,
          status,
          rawBytes: body.byteLength,
          gzipBytes: gzipSize(body),
          beforeLoad: requestedBeforeLoad,
        };
      })(),
    );
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  loaded = true;
  if (!response) throw new Error(`no response for ${url}`);
  if (response.status() >= 400) throw new Error(`${url} answered ${response.status()}`);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const entries = performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime }));
    return { loadEventStart: nav?.loadEventStart ?? Number.POSITIVE_INFINITY, entries };
  });
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(options.settleMs ?? 300);
  const html = await response.text();
  const resources = (await Promise.all(pending)).filter((r): r is MeasuredResource => r !== undefined);
  // Resource Timing decides "before load" where it has an entry (more exact than event order).
  const starts = new Map<string, number>();
  for (const e of timing.entries as TimingEntry[]) if (!starts.has(e.name)) starts.set(e.name, e.startTime);
  for (const r of resources) {
    if (r.kind === 'html' && r.url === response.url()) {
      r.beforeLoad = true;
      continue;
    }
    const start = starts.get(r.url);
    if (start !== undefined) r.beforeLoad = start < timing.loadEventStart;
  }
  return summarizePage(response.url(), resources, html);
}
