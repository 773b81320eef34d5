/**
 * Offline: after one visit the service worker has precached every page, asset and
 * the search index, so with the network cut other pages open and search works.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

/** Precache entries listed in the generated sw.js (its configuration: `"precache":[["/url","revision"],…]`). */
async function precacheManifest(page: Page): Promise<string[]> {
  const source = await (await page.request.get('sw.js')).text();
  const config = JSON.parse(source.slice(source.lastIndexOf('})(') + 3, source.lastIndexOf(');'))) as {
    precache: [string, string][];
  };
  return config.precache.map(([url]) => url);
}

/** Visits once and waits until the worker is active, controls the page, and the precache is complete. */
async function installOffline(context: BrowserContext, page: Page) {
  await page.goto('./');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 30_000 })
    .toBe('activated');
  const expected = (await precacheManifest(page)).length;
  // The install step (which fills the precache) finished before activation; check it is all there.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const name = (await caches.keys()).find((key) => key.includes('precache'));
          return name ? (await (await caches.open(name)).keys()).length : 0;
        }),
      { timeout: 30_000 },
    )
    .toBe(expected);
  expect(context.serviceWorkers().length).toBeGreaterThan(0);
  return expected;
}

test.describe('offline', () => {
  test('the worker precaches pages, assets and the whole search index, but not fonts', async ({ page }) => {
    const urls = await precacheManifest(page);
    const has = (re: RegExp) => urls.some((u) => re.test(u));
    for (const re of [
      /\/cards\/runc\/index\.html$/,
      /\/notes\/container-background\/index\.html$/,
      /\/layers\/index\.html$/,
      /\/search\/index\.html$/,
      /\/404\.html$/,
      /\/_astro\/.+\.js$/,
      /\/_astro\/.+\.css$/,
    ]) {
      expect(has(re), String(re)).toBe(true);
    }
    for (const re of [
      /pagefind\/pagefind\.js$/,
      /pagefind\/pagefind-worker\.js$/,
      /pagefind-entry\.json$/,
      /\.pf_meta$/,
      /\.pf_index$/,
      /\.pf_fragment$/,
      /\.pf_filter$/,
      /wasm\.[^/]*\.pagefind$/,
    ]) {
      expect(has(re), String(re)).toBe(true);
    }
    expect(urls.filter((u) => /\.(woff2?|ttf)$/.test(u))).toEqual([]);
    // Pagefind's unused prebuilt UIs are not shipped at all.
    expect(urls.filter((u) => /pagefind-(ui|component-ui|modular-ui)/.test(u))).toEqual([]);
    const source = await (await page.request.get('sw.js')).text();
    // A new deployment takes over on the next visit: activate at once, claim open pages.
    expect(/skipWaiting\(\)/.test(source), 'skipWaiting').toBe(true);
    expect(/clients\.claim\(\)/.test(source), 'clients.claim').toBe(true);
  });

  test('after one visit, pages and search work without the network', async ({ context, page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const precached = await installOffline(context, page);
    test.info().annotations.push({ type: 'precached-files', description: String(precached) });

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
      ['cards/runc/', /runc/],
      ['notes/container-background/', /容器技术背景/],
      ['layers/', /技术栈分层/],
      ['examples/', /示例/],
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

    // The dialog on a page, loaded for the first time while offline.
    await page.goto('cards/cgroups/');
    await page.keyboard.press('/');
    await page.keyboard.type('命名空间');
    const dialogResults = page.locator('dialog[open] [data-search-results]');
    await expect(dialogResults).toHaveAttribute('data-query', '命名空间', { timeout: 30_000 });
    await expect(dialogResults.locator('a.search-hit-link').first()).toHaveAttribute('href', /\/cards\/namespaces\/$/);
    await dialogResults.locator('a.search-hit-link').first().click();
    await expect(page.locator('h1')).toContainText('Namespaces');

    // A page that does not exist gets the 404 page, not the browser's offline error.
    const missing = await page.goto('no-such-page-offline/');
    expect(missing?.fromServiceWorker()).toBe(true);
    await expect(page.locator('h1')).toContainText('页面不存在');

    expect(errors).toEqual([]);
    await context.setOffline(false);
  });
});
