/**
 * Live-machine figures (issue 23, item 8) on a built site, in Chromium:
 *
 * - cold: a fresh context (empty cache, service worker blocked) opens the playground and
 *   presses run; press → prompt is the click until the machine's `data-state` is `ready`,
 *   and every response body in between counts as downloaded (raw as served, and gzipped
 *   at level 9 as the transfer a compressing host would send).
 * - warm: a context with the offline worker runs the machine once (which caches its files),
 *   reloads and presses run again: a returning reader.
 * - round trip: in the warm machine, a command typed at the prompt until its answer shows
 *   (Enter → answer, both taken inside the page).
 * - tab memory: resident memory of the renderer processes with the machine running
 *   (Chromium's process list over CDP, sizes from /proc).
 * - CI: `node tools/vm/run.ts --no-record --no-build`, timed: every live example under Node.
 *
 * Times are taken inside the page (performance.now()), so they do not include the driver's
 * protocol round trips.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs } from '../../src/diagrams/render/browser.ts';
import { median } from './goals.ts';
import { gzipSize } from './weight.ts';

export interface LiveTiming {
  page: string;
  /** Cold press → prompt, ms. */
  coldPromptMs?: number | undefined;
  /** Warm (cached) press → prompt, ms. */
  warmPromptMs?: number | undefined;
  /** Downloaded between the press and the prompt, cold. */
  download?: { requests: number; rawBytes: number; gzipBytes: number } | undefined;
  /** Median command round trip, ms, and every run. */
  roundTripMs?: number | undefined;
  roundTrips: number[];
  /** Resident memory of the renderer processes with the machine running. */
  tabRssBytes?: number | undefined;
  /** Every live example under Node (CI's live phase). */
  ci?: { ms: number; passed: number; failed: number } | undefined;
  errors: string[];
}

const RUN = '[data-live-machine] [data-machine-start]';

/** In-page: the click on run and the first `ready` state, as performance.now(). */
const PROMPT_WATCHER = `(() => {
  const t = (window.__live = {});
  document.addEventListener('click', (e) => {
    if (t.press === undefined && e.target instanceof Element && e.target.closest('[data-machine-start]')) t.press = performance.now();
  }, true);
  const check = () => {
    const m = document.querySelector('[data-live-machine]');
    if (m && t.press !== undefined && t.ready === undefined && m.getAttribute('data-state') === 'ready') t.ready = performance.now();
  };
  const start = () => new MutationObserver(check).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();`;

/** Waits until the page's `window[record]` holds both times, and returns `to - from` (ms). */
async function waitForSpan(
  page: Page,
  span: { record: string; from: string; to: string },
  timeoutMs: number,
): Promise<number> {
  const handle = await page.waitForFunction(
    ({ record, from, to }) => {
      const t = (window as unknown as Record<string, Record<string, number> | undefined>)[record];
      return t?.[from] !== undefined && t[to] !== undefined ? t[to] - t[from] : undefined;
    },
    span,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

async function pressToPrompt(page: Page, timeoutMs: number): Promise<number> {
  await page.locator(RUN).click();
  return waitForSpan(page, { record: '__live', from: 'press', to: 'ready' }, timeoutMs);
}

/** Types `echo rt-$((n*7))` and waits until `rt-<7n>` shows on a line of its own. */
async function roundTrip(page: Page, n: number, timeoutMs: number): Promise<number> {
  const answer = `rt-${n * 7}`;
  await page.evaluate((want) => {
    const w = window as unknown as { __rt?: { enter?: number; seen?: number } };
    const t: { enter?: number; seen?: number } = (w.__rt = {});
    const rows = document.querySelector('[data-live-machine] .xterm-rows')!;
    // Not `once`: the command's own keys come first; only the first Enter counts.
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && t.enter === undefined) t.enter = performance.now();
      },
      { capture: true },
    );
    const observer = new MutationObserver(() => {
      if ([...rows.children].some((row) => row.textContent?.trim() === want)) {
        t.seen = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(rows, { subtree: true, childList: true, characterData: true });
  }, answer);
  await page.locator('[data-live-machine] .xterm-helper-textarea').focus();
  await page.keyboard.type(`echo rt-$((${n}*7))`);
  await page.keyboard.press('Enter');
  return waitForSpan(page, { record: '__rt', from: 'enter', to: 'seen' }, timeoutMs);
}

/** Resident memory (bytes) of the browser's renderer processes, from /proc. */
async function rendererRss(browser: Browser): Promise<number | undefined> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = (await session.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{ type: string; id: number }>;
    };
    let total = 0;
    for (const p of info.processInfo.filter((p) => p.type === 'renderer')) {
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    }
    return total || undefined;
  } catch {
    return undefined;
  } finally {
    await session.detach();
  }
}

async function cold(browser: Browser, url: string, timeoutMs: number, into: LiveTiming) {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.addInitScript(PROMPT_WATCHER);
    await page.goto(url, { waitUntil: 'networkidle' });
    const bodies: Array<Promise<Buffer | undefined>> = [];
    page.on('response', (response) => bodies.push(response.body().catch(() => undefined)));
    into.coldPromptMs = await pressToPrompt(page, timeoutMs);
    page.removeAllListeners('response');
    const done = (await Promise.all(bodies)).filter((b): b is Buffer => b !== undefined);
    into.download = {
      requests: done.length,
      rawBytes: done.reduce((sum, b) => sum + b.length, 0),
      gzipBytes: done.reduce((sum, b) => sum + gzipSize(b), 0),
    };
  } finally {
    await context.close();
  }
}

async function warm(browser: Browser, url: string, timeoutMs: number, into: LiveTiming) {
  const context: BrowserContext = await browser.newContext({ locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.addInitScript(PROMPT_WATCHER);
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload({ waitUntil: 'networkidle' });
    await pressToPrompt(page, timeoutMs);
    await page.reload({ waitUntil: 'networkidle' });
    into.warmPromptMs = await pressToPrompt(page, timeoutMs);
    for (let n = 1; n <= 5; n += 1) {
      try {
        into.roundTrips.push(await roundTrip(page, n, 60_000));
      } catch (error) {
        into.errors.push(`round trip ${n}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    into.roundTripMs = median(into.roundTrips);
    into.tabRssBytes = await rendererRss(browser);
  } finally {
    await context.close();
  }
}

/** Times every live example under Node (no image build: the site's own image is reused). */
export function measureLiveCi(root: string): NonNullable<LiveTiming['ci']> | string {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(root, 'tools/vm/run.ts'), '--no-record', '--no-build'], {
    cwd: root,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const tally = /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m.exec(result.stdout ?? '');
  if (!tally) return `no result (exit ${result.status}): ${(result.stderr || result.stdout || '').slice(-300)}`;
  if (Number(tally[3] ?? 0) > 0) return `skipped: ${result.stdout.split('\n')[0]}`;
  return { ms, passed: Number(tally[1]), failed: Number(tally[2]) };
}

/** Live figures of the site served at `origin`; `pagePath` has a live machine (the playground). */
export async function measureLive(options: {
  origin: string;
  executablePath: string;
  pagePath?: string;
  timeoutMs?: number;
}): Promise<LiveTiming> {
  const page = options.pagePath ?? '/playground/';
  const url = new URL(page, `${options.origin}/`).href;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const timing: LiveTiming = { page, roundTrips: [], errors: [] };
  const browser = await chromium.launch({ executablePath: options.executablePath, args: chromiumArgs });
  try {
    const probe = await browser.newPage();
    await probe.goto(url);
    const hasMachine = (await probe.locator(RUN).count()) > 0;
    await probe.close();
    if (!hasMachine) {
      timing.errors.push(`${page} has no live machine (was the image built before the site? node tools/vm/build.ts)`);
      return timing;
    }
    for (const [name, step] of [
      ['cold', cold],
      ['warm', warm],
    ] as const) {
      try {
        await step(browser, url, timeoutMs, timing);
      } catch (error) {
        timing.errors.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
  return timing;
}

/** One line for the log. */
export function liveSummary(t: LiveTiming): string {
  const ms = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x)} ms`);
  const mb = (x: number | undefined) => (x === undefined ? '—' : `${(x / 1024 ** 2).toFixed(1)} MB`);
  return (
    `live ${t.page}: press → prompt cold ${ms(t.coldPromptMs)}, warm ${ms(t.warmPromptMs)}; ` +
    `downloaded ${mb(t.download?.gzipBytes)} gzip (${mb(t.download?.rawBytes)} served, ${t.download?.requests ?? '—'} requests); ` +
    `round trip ${ms(t.roundTripMs)}; tab ${mb(t.tabRssBytes)}` +
    (t.errors.length ? `; errors: ${t.errors.join('; ')}` : '')
  );
}
