/**
 * Offline: a first visit downloads the shell and what search needs, not the site; pages
 * are kept as they are read; offline, search still answers; 「保存整站以离线阅读」 takes
 * the rest; and two atlases on one origin (different base paths) both stay offline.
 */
import { readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { buildFixture, serveSites } from '../support/fixture-site.ts';

const dist = path.resolve(import.meta.dirname, '../../dist');

/** A first visit's background transfer at most (issue 28: at 2,000 notes; ours is far smaller). */
const FIRST_VISIT_BUDGET = 1024 * 1024;

/** The worker's configuration from the generated sw.js (`"precache":[["/url","revision"],…]`). */
async function workerConfig(page: Page, swUrl = 'sw.js'): Promise<{ precache: [string, string][]; base: string }> {
  const source = await (await page.request.get(swUrl)).text();
  return JSON.parse(source.slice(source.lastIndexOf('})(') + 3, source.lastIndexOf(');'))) as {
    precache: [string, string][];
    base: string;
  };
}

/** The save list the footer's control downloads. */
async function saveList(page: Page): Promise<string[]> {
  const list = (await (await page.request.get('offline-manifest.json')).json()) as {
    files: [string, string, number][];
  };
  return list.files.map(([url]) => url);
}

/** Bytes a compressing host sends for a file of the built site (Pagefind's own files are compressed already). */
function transferBytes(urlPath: string, base: string, root = dist): number {
  let file = path.join(root, decodeURIComponent(urlPath).slice(base.length));
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!existsSync(file)) return 0;
  const body = readFileSync(file);
  return /\.(?:pf_\w+|pagefind|png|woff2?)$/.test(file) ? body.length : gzipSync(body, { level: 9 }).length;
}

/** Waits until the worker controls the page and its precache holds every entry of its manifest. */
async function waitForOffline(page: Page, scope: string, expected: number) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 60_000 })
    .toBe('activated');
  await expect
    .poll(
      () =>
        page.evaluate(async (prefix) => {
          const name = (await caches.keys()).find((key) => key.startsWith(prefix));
          return name ? (await (await caches.open(name)).keys()).length : 0;
        }, `stack-atlas${scope}precache-`),
      { timeout: 60_000 },
    )
    .toBe(expected);
}

/** Whether this site's worker has `url` (precached, read or saved): the caches of other base paths never match it. */
function kept(page: Page, url: string) {
  return page.evaluate(async (key) => Boolean(await caches.match(key)), url);
}

async function firstVisit(context: BrowserContext, page: Page, url: string) {
  const fetched = new Set<string>();
  context.on('requestfinished', (request) => {
    if (request.serviceWorker()) fetched.add(new URL(request.url()).pathname);
  });
  await page.goto(url);
  const config = await workerConfig(page);
  await waitForOffline(page, config.base, config.precache.length);
  // The page read before the worker existed is kept too (client/offline.ts asks for it).
  const pagePath = new URL(page.url()).pathname;
  await expect.poll(() => kept(page, `${pagePath}index.html`), { timeout: 30_000 }).toBe(true);
  return { fetched, config, pagePath };
}

test.describe('offline', () => {
  test('a first visit precaches the shell and search, not the pages; the rest is listed for saving', async ({
    page,
  }) => {
    const { precache } = await workerConfig(page);
    const urls = precache.map(([url]) => url);
    const has = (list: string[], re: RegExp) => list.some((u) => re.test(u));
    for (const re of [
      /\/index\.html$/,
      /\/search\/index\.html$/,
      /\/404\.html$/,
      /\/_astro\/.+\.js$/,
      /\/_astro\/.+\.css$/,
      /pagefind\/pagefind\.js$/,
      /pagefind\/pages\.json$/,
      /pagefind-entry\.json$/,
      /\.pf_meta$/,
      /\.pf_index$/,
      /\.pf_filter$/,
      /wasm\.[^/]*\.pagefind$/,
    ])
      expect(has(urls, re), String(re)).toBe(true);
    // Pages, fragments and diagrams wait until they are read (or saved); fonts until used.
    for (const re of [/\/cards\//, /\/notes\//, /\.pf_fragment$/, /\/diagrams\//, /\.(woff2?|ttf)$/, /\/vm\//])
      expect(
        urls.filter((u) => re.test(u)),
        String(re),
      ).toEqual([]);
    const rest = await saveList(page);
    for (const re of [/\/cards\/runc\/index\.html$/, /\/notes\/container-background\/index\.html$/, /\.pf_fragment$/])
      expect(has(rest, re), String(re)).toBe(true);
    expect(rest.filter((u) => urls.includes(u))).toEqual([]);
    const source = await (await page.request.get('sw.js')).text();
    // A new deployment takes over on the next visit: activate at once, claim open pages.
    expect(/skipWaiting\(\)/.test(source), 'skipWaiting').toBe(true);
    expect(/clients\.claim\(\)/.test(source), 'clients.claim').toBe(true);
  });

  test("a first visit's background transfer stays under 1 MB and does not grow with the pages", async ({
    context,
    page,
  }) => {
    const { fetched, config, pagePath } = await firstVisit(context, page, 'notes/container-background/');
    // Every precached file was fetched (or is being reported): count them all.
    await expect.poll(() => config.precache.filter(([url]) => !fetched.has(url)).length, { timeout: 30_000 }).toBe(0);
    const bytes = [...fetched].reduce((sum, url) => sum + transferBytes(url, config.base), 0);
    const figure = `first visit: the worker fetched ${fetched.size} files, ${(bytes / 1024).toFixed(1)} KiB compressed`;
    console.log(figure);
    test.info().annotations.push({ type: 'first-visit', description: figure });
    expect(bytes, figure).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
    // Nothing whose number grows with the notes: no other page, no fragment, no diagram.
    const grows = [...fetched].filter(
      (url) =>
        /\.pf_fragment$|\/diagrams\//.test(url) ||
        (/\/(notes|cards|examples)\//.test(url) && !url.startsWith(pagePath)),
    );
    expect(grows).toEqual([]);
  });

  test('after one visit, pages read open offline, search answers, and an unread page says it is not saved', async ({
    context,
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await firstVisit(context, page, 'notes/container-background/');
    await page.goto('cards/runc/');
    // The worker keeps a copy of each page read (after answering it).
    await expect.poll(() => kept(page, `${new URL(page.url()).pathname}index.html`), { timeout: 30_000 }).toBe(true);

    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('sw.js', { cache: 'no-store' }).then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');

    for (const [url, heading] of [
      ['notes/container-background/', /容器技术背景/],
      ['cards/runc/', /runc/],
      ['./', /./],
    ] as const) {
      const response = await page.goto(url);
      expect(response?.ok(), url).toBe(true);
      expect(response?.fromServiceWorker(), url).toBe(true);
      await expect(page.locator('h1').first(), url).toContainText(heading);
    }

    // The search page with a deep link, filters included.
    await page.goto('search/?q=containerd&type=card');
    const results = page.locator('[data-search-page] [data-search-results]');
    await expect(results).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(results).toHaveAttribute('data-query', 'containerd', { timeout: 30_000 });
    await expect(results.locator('a.search-hit-link').first()).toHaveAttribute('href', /\/cards\/containerd\/$/);

    // The dialog on a page read earlier, loaded for the first time while offline: results
    // come from the page map even where the excerpt's fragment was never downloaded.
    await page.goto('cards/runc/');
    await page.keyboard.press('/');
    await page.keyboard.type('命名空间');
    const dialogResults = page.locator('dialog[open] [data-search-results]');
    await expect(dialogResults).toHaveAttribute('data-query', '命名空间', { timeout: 30_000 });
    const first = dialogResults.locator('.search-hit').first();
    await expect(first.locator('a.search-hit-link')).toHaveAttribute('href', /\/cards\/namespaces\/$/);
    await expect(first.locator('.search-hit-type')).toHaveText('卡片');
    await expect(first.locator('.search-hit-title')).toContainText('Namespaces');

    // A page never read (nor saved) is not here: the 404 page says so, not the browser's error.
    const unread = await page.goto('examples/');
    expect(unread?.fromServiceWorker()).toBe(true);
    await expect(page.locator('h1')).toContainText('页面不存在');

    expect(errors).toEqual([]);
    await context.setOffline(false);
  });

  test('「保存整站以离线阅读」 states the size, downloads the rest with progress, and then unread pages open offline', async ({
    context,
    page,
  }) => {
    await firstVisit(context, page, './');
    const control = page.locator('[data-offline-save]');
    const button = control.getByRole('button', { name: '保存整站以离线阅读' });
    await expect(button).toBeVisible();
    // Before a press: what reading offline already covers, and how large the rest is.
    await expect(control.locator('[data-offline-hint]')).toContainText(/其余页面约 [\d.]+ (MB|KB)/);
    expect(await kept(page, new URL('cards/runc/index.html', page.url()).pathname)).toBe(false);
    await button.click();
    const status = control.locator('[data-offline-status]');
    // While it runs: how many files and how large, and how far it got.
    await expect(status).toContainText(/正在保存 \d+ 个文件（共 [\d.]+ (MB|KB)）/, { timeout: 30_000 });
    await expect(status).toContainText('已保存整站', { timeout: 180_000 });
    await expect(status).toContainText(/\d+ 个文件（[\d.]+ (MB|KB)）/);
    await expect(control.locator('progress')).toBeHidden();

    await context.setOffline(true);
    for (const [url, heading] of [
      ['cards/runc/', /runc/],
      ['layers/', /技术栈分层/],
      ['examples/', /示例/],
    ] as const) {
      const response = await page.goto(url);
      expect(response?.fromServiceWorker(), url).toBe(true);
      await expect(page.locator('h1').first(), url).toContainText(heading);
    }
    await context.setOffline(false);
    // Pressed again: nothing left to download.
    await page.goto('./');
    await control.getByRole('button', { name: '保存整站以离线阅读' }).click();
    await expect(control.locator('[data-offline-status]')).toContainText('整站已保存', { timeout: 60_000 });
  });
});

test.describe('two atlases on one origin', () => {
  test.describe.configure({ timeout: 600_000 });

  test('sites under /a/ and /b/ both open offline after visiting each', async ({ page, context }) => {
    // Built one after the other (a checkout builds one site at a time).
    const a = await buildFixture('/a/');
    const b = await buildFixture('/b/');
    const { server, origin } = await serveSites({ '/a/': a.dist, '/b/': b.dist });
    try {
      for (const base of ['/a/', '/b/']) {
        await page.goto(`${origin}${base}`);
        const config = await workerConfig(page, `${origin}${base}sw.js`);
        expect(config.base).toBe(base);
        await waitForOffline(page, base, config.precache.length);
        // A page read under each base is kept by that base's worker.
        await page.goto(`${origin}${base}notes/hello/`);
        await expect(page.locator('main')).toContainText('runc 与 namespace 的一篇小笔记');
        await expect.poll(() => kept(page, `${base}notes/hello/index.html`), { timeout: 30_000 }).toBe(true);
      }
      await context.setOffline(true);
      for (const base of ['/a/', '/b/']) {
        for (const url of ['', 'notes/hello/']) {
          const response = await page.goto(`${origin}${base}${url}`);
          expect(response?.fromServiceWorker(), `${base}${url}`).toBe(true);
          expect(response?.ok(), `${base}${url}`).toBe(true);
          // Each page links within its own base: the site served is the right one.
          await expect(page.locator('a[data-search-open]')).toHaveAttribute('href', `${base}search/`);
        }
      }
      const names = await page.evaluate(() => caches.keys());
      for (const base of ['/a/', '/b/'])
        expect(
          names.filter((n) => n.startsWith(`stack-atlas${base}precache-`)),
          base,
        ).toHaveLength(1);
      await context.setOffline(false);
    } finally {
      server.close();
      rmSync(a.dir, { recursive: true, force: true });
      rmSync(b.dir, { recursive: true, force: true });
    }
  });
});
