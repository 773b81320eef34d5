/**
 * Search: relevance of the real built index (through the /search/ page, so the
 * UI's ranking options apply), the dialog's keyboard behaviour, the /search/
 * page's deep links and filters, accessibility, and the JS shipped up front.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, layoutShifts, recordLayoutShifts, useTheme } from './fixtures.ts';
import zhCN from '../../src/i18n/zh-CN.ts';
import { formatBytes, measurePage } from '../../tools/bench/weight.ts';

interface RelevanceCase {
  q: string;
  /** The wanted first result, or several equally right ones. */
  first: string | string[];
  why: string;
  style: 'question' | 'term';
}
// The service worker is covered by offline.spec.ts; here it would only precache in the background.
test.use({ serviceWorkers: 'block' });

const readCases = (file: string) =>
  JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { queries: RelevanceCase[] };
const relevance = readCases('./search-relevance.json');
/** Written before the typo and concept-word work and never tuned against (see its $comment). */
const heldOut = readCases('./search-heldout.json');

const dialog = (page: Page) => page.locator('dialog[data-search-dialog]');
const dialogInput = (page: Page) => dialog(page).getByRole('searchbox');
/** The results list in use: the /search/ page's, or else the dialog's. */
const results = (page: Page) =>
  page.locator('[data-search-page] [data-search-results], dialog[open] [data-search-results]');
const hitLinks = (page: Page) => results(page).locator('a[data-search-item]');

/**
 * Waits until the results on screen belong to `q` (the view stamps the query it rendered).
 * Generous: the first search of a page loads Pagefind and its index, slow on a busy CI machine.
 */
async function resultsFor(page: Page, q: string) {
  const list = results(page);
  await expect(list).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(list).toHaveAttribute('data-query', q, { timeout: 30_000 });
  return list;
}

/** The site-root path of a result link, with its fragment (`/cards/runc/`, `/layers/#detail-kernel`). */
function sitePath(href: string, baseURL: string): string {
  const url = new URL(href);
  const base = new URL(baseURL).pathname;
  return `/${decodeURI(url.pathname).slice(base.length)}${decodeURIComponent(url.hash)}`;
}

test.describe('relevance', () => {
  test('the fixture has at least 100 queries, 30 of them questions, Chinese and English', () => {
    expect(relevance.queries.length).toBeGreaterThanOrEqual(100);
    expect(relevance.queries.filter((c) => c.style === 'question').length).toBeGreaterThanOrEqual(30);
    expect(relevance.queries.some((c) => /\p{Script=Han}/u.test(c.q))).toBe(true);
    expect(relevance.queries.some((c) => /^[\x20-\x7e]+$/.test(c.q))).toBe(true);
    const asked = new Set(relevance.queries.map((c) => c.q));
    expect(heldOut.queries.filter((c) => asked.has(c.q)).map((c) => c.q)).toEqual([]);
  });

  /**
   * Types each query into the /search/ page's box, as a reader refining a search does (one page
   * load in all; the results are stamped with the query they answer), and scores the first results.
   */
  async function score(page: Page, baseURL: string, cases: readonly RelevanceCase[], name: string) {
    const misses: string[] = [];
    let top1 = 0;
    let top3 = 0;
    await page.goto('search/');
    const box = page.locator('[data-search-page] [data-search-input]');
    for (const { q, first, why } of cases) {
      await box.fill(q);
      await resultsFor(page, q);
      const hrefs = await results(page)
        .locator('a.search-hit-link')
        .evaluateAll((as) => as.slice(0, 3).map((a) => (a as HTMLAnchorElement).href));
      const top = hrefs.map((h) => sitePath(h, baseURL));
      const wanted = Array.isArray(first) ? first : [first];
      if (wanted.includes(top[0] ?? '')) top1++;
      else misses.push(`${q} → wanted ${wanted.join(' or ')} (${why}); got ${top.join(', ') || 'nothing'}`);
      if (top.some((t) => wanted.includes(t))) top3++;
    }
    const n = cases.length;
    const report = `top-1 ${top1}/${n} (${((100 * top1) / n).toFixed(1)} %), top-3 ${top3}/${n} (${((100 * top3) / n).toFixed(1)} %)`;
    console.log(`${name}: ${report}${misses.map((m) => `\n  miss: ${m}`).join('')}`);
    test.info().annotations.push({ type: name, description: report });
    return { top1: top1 / n, top3: top3 / n, summary: `${report}\n${misses.join('\n')}` };
  }

  test('the wanted page is first for 95 % of the queries and in the top 3 for 98 %', async ({ page, baseURL }) => {
    // The budget grows with the fixture (generous: 3 s a query on a busy 2-core machine).
    test.setTimeout(Math.max(300_000, relevance.queries.length * 3_000));
    const { top1, top3, summary } = await score(page, baseURL!, relevance.queries, 'search relevance');
    expect(top1, summary).toBeGreaterThanOrEqual(0.95);
    expect(top3, summary).toBeGreaterThanOrEqual(0.98);
  });

  test('held-out queries (never tuned against): the wanted page is first for 80 %', async ({ page, baseURL }) => {
    test.setTimeout(Math.max(200_000, heldOut.queries.length * 3_000));
    const { top1, summary } = await score(page, baseURL!, heldOut.queries, 'held-out relevance');
    expect(top1, summary).toBeGreaterThanOrEqual(0.8);
  });

  // The questions readers typed when search failed them (issue 13), in the dialog this time.
  const questions: Array<[string, string]> = [
    ['runc 是什么', '/cards/runc/'],
    ['什么是 CRI', '/cards/cri/'],
    ['Podman 和 Docker 区别', '/compare/docker-vs-podman/'],
    ['容器和虚拟机有什么区别', '/cards/virtual-machine/'],
    ['k8s 为什么弃用 dockershim', '/cards/kubernetes/'],
    ['如何限制容器的内存', '/cards/cgroups/'],
    ['容器', '/notes/container-background/'],
  ];
  test('the questions readers type answer first in the dialog too, with both sides of a comparison', async ({
    page,
    baseURL,
  }) => {
    await page.goto('cards/');
    await page.keyboard.press('Control+k');
    for (const [q, first] of questions) {
      await dialogInput(page).fill(q);
      await resultsFor(page, q);
      const hrefs = await hitLinks(page).evaluateAll((as) =>
        as.filter((a) => a.classList.contains('search-hit-link')).map((a) => (a as HTMLAnchorElement).href),
      );
      const paths = hrefs.map((h) => sitePath(h, baseURL!));
      expect(paths[0], `${q}: ${paths.slice(0, 3).join(', ')}`).toBe(first);
      if (q.startsWith('Podman'))
        expect(paths.slice(0, 3)).toEqual(expect.arrayContaining(['/cards/podman/', '/cards/docker/']));
    }
  });

  test('excerpts mark the words typed, whole, never half of a word', async ({ page }) => {
    await page.goto(`search/?q=${encodeURIComponent('runc 是什么')}`);
    await resultsFor(page, 'runc 是什么');
    const marks = await results(page).locator('.search-hit-excerpt mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toMatch(/^(runc|libcontainer|oci 参考运行时)$/);
    await page.goto(`search/?q=${encodeURIComponent('container')}`);
    await resultsFor(page, 'container');
    for (const mark of await results(page).locator('mark').allTextContents())
      expect(mark.toLowerCase()).toMatch(/^container[a-z0-9_]*$/);
  });
});

test.describe('forgiving search', () => {
  test('"X 是什么" shows the card\'s 定位 above the results, from the page map', async ({ page }) => {
    await page.goto('cards/runc/');
    const position = (await page.locator('.card-header .position').innerText()).replace(/^定位：\s*/, '').trim();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`search/?q=${encodeURIComponent('runc 是什么')}`);
    await resultsFor(page, 'runc 是什么');
    const answer = results(page).locator('[data-search-answer]');
    await expect(answer).toHaveCount(1);
    await expect(answer.locator('.search-answer-text')).toHaveText(position);
    await expect(answer.getByRole('link')).toHaveAttribute('href', /\/cards\/runc\/$/);
    // Above the list, and the answer's page is the first result.
    const order = await results(page).evaluate((list) => [...list.children].map((c) => c.className));
    expect(order[0]).toBe('search-answer');
    const firstHref = await results(page).locator('a.search-hit-link').first().getAttribute('href');
    expect(firstHref).toMatch(/\/cards\/runc\/$/);
    // Results come from the page map: fragments only for the first excerpts, none for the answer.
    const fragments = requests.filter((p) => p.includes('/pagefind/fragment/'));
    expect(await results(page).locator('.search-hit').count()).toBeGreaterThan(3);
    expect(fragments.length).toBeLessThanOrEqual(3);

    for (const q of ['runc', 'runc 和 crun 有什么不同', '如何限制容器的内存']) {
      await page.goto(`search/?q=${encodeURIComponent(q)}`);
      await resultsFor(page, q);
      await expect(results(page).locator('[data-search-answer]'), q).toHaveCount(0);
    }
  });

  test('a typo in a name is read as the name, and the status says what was searched', async ({ page }) => {
    await page.goto(`search/?q=${encodeURIComponent('kubernets 是什么')}`);
    await resultsFor(page, 'kubernets 是什么');
    await expect(page.locator('[data-search-page] [data-search-status]')).toContainText('已按「kubernetes」搜索');
    await expect(results(page).locator('a.search-hit-link').first()).toHaveAttribute('href', /\/cards\/kubernetes\/$/);
    await expect(results(page).locator('[data-search-answer]')).toContainText('Kubernetes');
    // A real word of the site is left alone, even one letter away from a name (container ≠ containerd).
    await page.goto('search/?q=container');
    await resultsFor(page, 'container');
    await expect(page.locator('[data-search-page] [data-search-status]')).not.toContainText('已按');
  });

  test('the index holds the text, not page chrome or example scripts', async ({ baseURL }) => {
    const dir = new URL('../../dist/pagefind/fragment/', import.meta.url);
    const fragments = readdirSync(dir).map((file) => {
      const text = gunzipSync(readFileSync(new URL(file, dir))).toString('utf8');
      return JSON.parse(text.slice(text.indexOf('{'))) as {
        url: string;
        content: string;
        filters: Record<string, string[]>;
      };
    });
    expect(fragments.length).toBeGreaterThan(20);
    const chrome = [
      zhCN['card.reviewed'].split('{')[0]!.trim(),
      zhCN['diagram.openFull'],
      zhCN['diagram.share'],
      zhCN['diagram.textEquivalent'],
      zhCN['example.download'],
      zhCN['example.verified'],
      zhCN['page.lastUpdated'],
      zhCN['page.edit'],
      zhCN['page.report'],
      '#!/usr/bin/env bash',
      'set -euo pipefail',
    ];
    // A note may quote the interface in its own prose (the writing guide explains 「已验证」).
    const noteSource = (url: string) => {
      const slug = /\/notes\/(.+)\/$/.exec(decodeURI(new URL(url, 'http://x/').pathname))?.[1];
      const file = slug && new URL(`../../content/notes/${slug}.md`, import.meta.url);
      return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
    };
    for (const { url, content } of fragments) {
      const text = content.replace(/\u200b/g, '');
      const own = noteSource(url);
      for (const words of chrome.filter((w) => !own.includes(w)))
        expect(text, `${url} indexes "${words}"`).not.toContain(words);
    }
    // A card's text starts with its title, not with its layer and kind badges.
    const runc = fragments.find((f) => f.url.endsWith('/cards/runc/'))!;
    expect(runc.content.replace(/\u200b/g, '')).toMatch(/^runc OCI 参考运行时/);
    // Ignored markup keeps its filters: notes are still filtered by tag.
    const note = fragments.find((f) => f.url.endsWith('/notes/container-background/'))!;
    expect(note.filters.tag?.length ?? 0).toBeGreaterThan(0);
    expect(baseURL).toBeTruthy();
  });
});

test.describe('first results from the page map', () => {
  const pagefindCode = (u: string) => /\/pagefind\/(pagefind\.js|wasm\.[^/]+\.pagefind|index\/)/.test(u);

  test('a card name on /search/?q= is answered without Pagefind: the card first, pages naming it after', async ({
    page,
    baseURL,
  }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('search/?q=runc', { waitUntil: 'networkidle' });
    const list = await resultsFor(page, 'runc');
    const hrefs = await list
      .locator('a.search-hit-link')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(sitePath(hrefs[0]!, baseURL!)).toBe('/cards/runc/');
    // Pages that only mention runc follow the card, and the count covers them all.
    expect(hrefs.map((h) => sitePath(h, baseURL!))).toContain('/cards/crun/');
    await expect(page.locator('[data-search-page] [data-search-status]')).toContainText(/\d{2,}/);
    // A note's or example's description stands in for the excerpt of a page drawn from the map.
    await expect(list.locator('.search-hit-excerpt').first()).not.toBeEmpty();
    expect(requests.filter(pagefindCode)).toEqual([]);
    // Heading for the search box is intent: the full text loads then, for what the reader types next.
    await page.locator('[data-search-page] [data-search-input]').focus();
    await expect.poll(() => requests.some((u) => /\/pagefind\/wasm\.[^/]+\.pagefind$/.test(u))).toBe(true);
  });

  test("in the dialog a name is answered before Pagefind's WebAssembly is even requested", async ({
    page,
    baseURL,
  }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // Pagefind's script is held back until the map's answer is on screen.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/pagefind\/pagefind\.js/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('notes/container-background/', { waitUntil: 'networkidle' });
    await page.keyboard.press('/');
    await dialogInput(page).fill('runc 是什么');
    const list = results(page);
    await expect(list).toHaveAttribute('data-state', 'partial');
    await expect(list).toHaveAttribute('data-query', 'runc 是什么');
    const first = async () =>
      sitePath(
        new URL((await list.locator('a.search-hit-link').first().getAttribute('href'))!, baseURL).href,
        baseURL!,
      );
    expect(await first()).toBe('/cards/runc/');
    await expect(list.locator('[data-search-answer]')).toContainText('runc');
    expect(requests.filter((u) => /\/pagefind\/(wasm|index\/|fragment\/)/.test(u))).toEqual([]);
    // Then the full text takes over, with the same page first.
    release();
    await resultsFor(page, 'runc 是什么');
    expect(await first()).toBe('/cards/runc/');
    expect(requests.some((u) => /\/pagefind\/wasm\.[^/]+\.pagefind$/.test(u))).toBe(true);
  });

  test('a query the map cannot answer shows title matches while the full text loads, then the full results', async ({
    page,
  }) => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/pagefind\/wasm\.[^/]+\.pagefind$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('search/');
    await page.locator('[data-search-page] [data-search-input]').fill('容器');
    const list = results(page);
    await expect(list).toHaveAttribute('data-state', 'partial');
    await expect(list).toHaveAttribute('data-query', '容器');
    await expect(list.locator('a.search-hit-link').first()).toBeVisible();
    await expect(page.locator('[data-search-page] [data-search-status]')).toHaveText(zhCN['search.loading']);
    release();
    await resultsFor(page, '容器');
    await expect(page.locator('[data-search-page] [data-search-status]')).not.toHaveText(zhCN['search.loading']);
  });

  test('the first query of /search/?q=runc transfers at most 10 requests and 80 KB', async ({ browser, baseURL }) => {
    // A fresh context: empty cache, no service worker (what a first query costs).
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const weight = await measurePage(await context.newPage(), new URL('search/?q=runc', baseURL).href);
      const list = weight.resources.map((r) => `${formatBytes(r.gzipBytes)} ${r.url}`).join('\n');
      expect(weight.resources.length, list).toBeLessThanOrEqual(10);
      expect(weight.totalGzipBytes, list).toBeLessThanOrEqual(80 * 1024);
    } finally {
      await context.close();
    }
  });
});

test.describe('dialog', () => {
  test('loads nothing for search until it is used', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('cards/runc/', { waitUntil: 'networkidle' });
    expect(requests.filter((u) => /pagefind|search-(dialog|view|ui)/.test(u))).toEqual([]);
    await page.keyboard.press('/');
    await expect(dialog(page)).toBeVisible();
    await expect.poll(() => requests.some((u) => u.includes('/pagefind/pagefind.js'))).toBe(true);
  });

  test('heading for the search button warms the index before anything is typed', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('notes/container-background/', { waitUntil: 'networkidle' });
    expect(requests.filter((u) => u.includes('/pagefind/'))).toEqual([]);
    await page.locator('a[data-search-open]').hover();
    // The engine, its WebAssembly and the page map (titles, types, layers, the vocabulary) load on intent.
    await expect.poll(() => requests.some((u) => u.endsWith('/pagefind/pages.json'))).toBe(true);
    await expect.poll(() => requests.some((u) => /\/pagefind\/wasm\.[^/]+\.pagefind$/.test(u))).toBe(true);
    await expect(dialog(page)).toBeHidden();
    // Filters and page types come from the map: no filter data, no worker script.
    expect(requests.filter((u) => /\/pagefind\/(filter\/|pagefind-worker)/.test(u))).toEqual([]);
  });

  test('the header button opens it; Esc closes it and focus goes back', async ({ page }) => {
    await page.goto('notes/container-background/');
    const button = page.locator('a[data-search-open]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toBeVisible();
    await expect(dialogInput(page)).toBeFocused();
    await page.keyboard.type('runc');
    await resultsFor(page, 'runc');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();
    await expect(button).toBeFocused();
    expect(new URL(page.url()).pathname).toMatch(/notes\/container-background\/$/);
  });

  test('/ and Ctrl+K open it; / typed in the box is just text', async ({ page }) => {
    await page.goto('cards/');
    await page.keyboard.press('/');
    await expect(dialog(page)).toBeVisible();
    await page.keyboard.type('a/b');
    await expect(dialogInput(page)).toHaveValue('a/b');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();
    await page.keyboard.press('Control+k');
    await expect(dialog(page)).toBeVisible();
    await expect(dialogInput(page)).toBeFocused();
    // The box keeps the previous query, selected, so typing replaces it.
    await page.keyboard.type('k8s');
    await expect(dialogInput(page)).toHaveValue('k8s');
  });

  test('arrow keys move through results and sections; Enter opens one', async ({ page, baseURL }) => {
    await page.goto('layers/');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('containerd');
    await resultsFor(page, 'containerd');
    const links = hitLinks(page);
    expect(await links.count()).toBeGreaterThan(2);
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(dialogInput(page)).toBeFocused();
    // Typing while on a result goes back to the box.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('-shim');
    await expect(dialogInput(page)).toBeFocused();
    await expect(dialogInput(page)).toHaveValue('containerd-shim');
    await resultsFor(page, 'containerd-shim');
    await page.keyboard.press('ArrowDown');
    const target = await links.nth(0).getAttribute('href');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new URL(target!, baseURL).href);
    expect(sitePath(page.url(), baseURL!)).toBe('/cards/containerd/');
  });

  test('Enter in the box opens the first result', async ({ page, baseURL }) => {
    await page.goto('./');
    await page.keyboard.press('/');
    await page.keyboard.type('dockershim');
    await resultsFor(page, 'dockershim');
    await page.keyboard.press('Enter');
    await expect.poll(() => sitePath(page.url(), baseURL!)).toBe('/cards/kubernetes/');
  });

  test('Tab stays inside the open dialog', async ({ page }) => {
    await page.goto('cards/runc/');
    await page.keyboard.press('/');
    await page.keyboard.type('cgroups');
    await resultsFor(page, 'cgroups');
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[data-search-dialog]'))).toBe(true);
    }
  });

  test('results show type, title, a highlighted excerpt and section links', async ({ page }) => {
    await page.goto('cards/');
    await page.keyboard.press('/');
    await page.keyboard.type('containerd');
    const list = await resultsFor(page, 'containerd');
    const first = list.locator('.search-hit').first();
    await expect(first.locator('.search-hit-type')).toHaveText('卡片');
    await expect(first.locator('.search-hit-title')).toContainText('containerd');
    await expect(first.locator('.search-hit-excerpt mark').first()).toContainText(/containerd/i);
    await expect(page.locator('dialog [role="status"]')).toContainText(/找到 \d+ 条结果/);
  });

  test('a section link deep-links to its heading (also on the current page)', async ({ page, baseURL }) => {
    await page.goto('cards/runc/');
    await page.keyboard.press('/');
    await page.keyboard.type('CVE-2024-21626');
    await resultsFor(page, 'CVE-2024-21626');
    const sub = results(page).locator('a.search-sub-link').first();
    await expect(sub).toBeVisible();
    const href = await sub.evaluate((a) => (a as HTMLAnchorElement).href);
    expect(href).toContain('#');
    await sub.click();
    await expect(dialog(page)).toBeHidden();
    await expect(page).toHaveURL(href);
    const id = decodeURIComponent(new URL(href).hash.slice(1));
    const heading = page.locator(`[id="${id}"]`);
    await expect(heading).toHaveCount(1);
    await expect(heading).toBeInViewport();
    expect(sitePath(href, baseURL!)).toMatch(/^\/cards\/runc\/#/);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`no axe violations in the open dialog with results (${theme})`, async ({ page }) => {
      await useTheme(page, theme);
      await page.goto('cards/containerd/');
      await page.keyboard.press('/');
      await page.keyboard.type('运行时');
      await resultsFor(page, '运行时');
      await page.keyboard.press('ArrowDown');
      const axe = await new AxeBuilder({ page }).include('dialog[data-search-dialog]').analyze();
      expect(
        axe.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        ),
      ).toEqual([]);
    });
  }
});

test.describe('search page', () => {
  test('?q= runs on load and the URL follows the box', async ({ page, recorder }) => {
    await page.goto('search/?q=containerd');
    await resultsFor(page, 'containerd');
    const input = page.locator('[data-search-page] [data-search-input]');
    await expect(input).toHaveValue('containerd');
    const historyLength = await page.evaluate(() => history.length);
    await input.fill('命名空间');
    await resultsFor(page, '命名空间');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('命名空间');
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
    await input.fill('');
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(recorder.consoleErrors).toEqual([]);
  });

  test('page-type and layer filters narrow the results and are kept in the URL', async ({ page }) => {
    await page.goto('search/?q=运行时');
    await resultsFor(page, '运行时');
    const types = () =>
      results(page)
        .locator('.search-hit')
        .evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.type));
    expect(new Set(await types()).size).toBeGreaterThan(1);

    await page.getByRole('radio', { name: /卡片/ }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('card');
    await resultsFor(page, '运行时');
    await expect.poll(types).not.toContain('note');
    expect(new Set(await types())).toEqual(new Set(['card']));
    // Each control's counts ignore its own filter: notes still show how many would match.
    const count = (name: RegExp) => page.getByRole('radio', { name }).locator('xpath=..').locator('[data-count]');
    await expect(count(/笔记/)).toHaveText(/^[1-9]\d*$/);
    // The count is of all matching cards, including those behind "更多结果".
    const status = await page.locator('[data-search-page] [data-search-status]').textContent();
    await expect(count(/卡片/)).toHaveText(/\d+/.exec(status ?? '')?.[0] ?? 'no count in the status');

    await page.getByLabel('所在层').selectOption({ value: '低级运行时' });
    await expect.poll(() => new URL(page.url()).searchParams.get('layer')).toBe('低级运行时');
    await expect
      .poll(() => results(page).locator('.search-hit-layer').allTextContents())
      .toEqual(expect.arrayContaining(['低级运行时']));
    const layers = await results(page).locator('.search-hit-layer').allTextContents();
    expect(layers.length).toBeGreaterThan(0);
    expect(new Set(layers)).toEqual(new Set(['低级运行时']));

    // The filters survive a reload from the URL.
    await page.reload();
    await resultsFor(page, '运行时');
    await expect(page.getByRole('radio', { name: /卡片/ })).toBeChecked();
    await expect(page.getByLabel('所在层')).toHaveValue('低级运行时');
  });

  test('a filter alone lists every matching page (all layers)', async ({ page }) => {
    await page.goto('search/?type=layer');
    await resultsFor(page, '');
    const titles = await results(page).locator('.search-hit-title').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['底层内核', '低级运行时', '高级运行时', '编排层']));
  });

  test('filters are usable with the keyboard alone', async ({ page }) => {
    await page.goto('search/?q=OCI');
    await resultsFor(page, 'OCI');
    await page.locator('[data-search-page] [data-search-input]').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('radio', { name: /全部/ })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: /卡片/ })).toBeChecked();
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('card');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('所在层')).toBeFocused();
  });

  test('/ and Ctrl+K focus the page box instead of opening the dialog', async ({ page }) => {
    await page.goto('search/?q=runc');
    await resultsFor(page, 'runc');
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect(page.locator('[data-search-page] [data-search-input]')).toBeFocused();
    await expect(dialog(page)).toBeHidden();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`no axe violations with results and filters (${theme})`, async ({ page }) => {
      await useTheme(page, theme);
      await page.goto('search/?q=容器&type=card');
      await resultsFor(page, '容器');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(
        axe.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        ),
      ).toEqual([]);
    });
  }

  test('without JavaScript it says why and links to the lists', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto('search/');
    // (Playwright's getByText skips <noscript>, so check the rendered box itself.)
    await expect(page.locator('.search-nojs')).toBeVisible();
    await expect(page.locator('.search-nojs')).toContainText('需要启用 JavaScript');
    await expect(page.locator('main a[href$="/cards/"]')).toBeVisible();
    await expect(page.locator('main a[href$="/archive/"]')).toBeVisible();
    await expect(page.locator('[data-search-page]')).toBeHidden();
    // The header's search link is a plain link to this page.
    await page.goto('cards/runc/');
    await expect(page.locator('a[data-search-open]')).toHaveAttribute('href', /\/search\/$/);
    await context.close();
  });

  test('nothing moves on a phone while ?q= loads its box and results', async ({ browser, baseURL }) => {
    const context = await browser.newContext({
      baseURL,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      await recordLayoutShifts(page);
      await page.goto('search/?q=runc');
      await resultsFor(page, 'runc');
      expect(await layoutShifts(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test('note and card pages ship at most 15 KB of gzipped JS before interaction', async ({ page }) => {
  for (const url of ['notes/container-background/', 'cards/containerd/']) {
    const scripts: Buffer[] = [];
    const onResponse = async (response: import('@playwright/test').Response) => {
      if (response.request().resourceType() === 'script' && response.status() === 200)
        scripts.push(await response.body());
    };
    page.on('response', onResponse);
    await page.goto(url, { waitUntil: 'networkidle' });
    page.off('response', onResponse);
    const inline = await page
      .locator('script:not([src])')
      .evaluateAll((nodes) =>
        nodes
          .filter((n) => !(n as HTMLScriptElement).type || /module|javascript/.test((n as HTMLScriptElement).type))
          .map((n) => n.textContent ?? ''),
      );
    const bytes = [...scripts, ...inline.map((s) => Buffer.from(s))].reduce((sum, b) => sum + gzipSync(b).length, 0);
    test.info().annotations.push({ type: 'js-gzip-bytes', description: `${url}: ${bytes}` });
    expect(bytes, url).toBeLessThanOrEqual(15 * 1024);
  }
});

test.describe('performance', () => {
  test('a first query on /search/?q= makes at most 10 search requests', async ({ page }) => {
    // Issue 28 asks for ≤ 10 requests and ≤ 80 KB. Before the page map: 21 search requests,
    // 142 KB of search and 162 KB in all (engine, worker, wasm, vocabulary, four filter chunks,
    // index chunks, ten fragments). Now: engine, wasm, metadata, one index chunk, the page map
    // and three fragments. The 80 KB is not met: Pagefind's wasm (55 KB) and the index chunk
    // holding the word (33 KB) are already more; the bound below stops it from growing.
    const responses: Array<Promise<{ search: boolean; bytes: number }>> = [];
    page.on('response', (response) => {
      if (response.status() >= 300 && response.status() < 400) return;
      // the page's own chrome (theme, header, offline badge) is not the search's; its bytes still count
      const search = new URL(response.url()).pathname.includes('/pagefind/');
      responses.push(
        response.body().then(
          (body) => ({ search, bytes: gzipSync(body, { level: 9 }).length }),
          () => ({ search, bytes: 0 }),
        ),
      );
    });
    await page.goto('search/?q=runc');
    await resultsFor(page, 'runc');
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(responses);
    const kb = (list: typeof sizes) => list.reduce((a, b) => a + b.bytes, 0) / 1024;
    const search = sizes.filter((s) => s.search);
    const figure = `first query /search/?q=runc: ${search.length} search requests, ${kb(search).toFixed(1)} KB; all ${sizes.length} requests, ${kb(sizes).toFixed(1)} KB gzip`;
    console.log(figure);
    test.info().annotations.push({ type: 'first-query', description: figure });
    expect(search.length, figure).toBeLessThanOrEqual(10);
    expect(kb(search), figure).toBeLessThanOrEqual(130);
    // Results still say what they are, and the first ones carry an excerpt.
    await expect(results(page).locator('.search-hit-excerpt').first()).not.toBeEmpty();
  });

  test('bytes a first search downloads, and keystroke-to-results time', async ({ page }) => {
    const pagefind: Array<{ url: string; bytes: number; gzip: number }> = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/pagefind/') || response.status() !== 200) return;
      const body = await response.body();
      // .pf_* files are gzip-compressed already; a host would gzip the JS and JSON.
      const gzip = /\.(js|json)$/.test(new URL(response.url()).pathname) ? gzipSync(body).length : body.length;
      pagefind.push({ url: new URL(response.url()).pathname, bytes: body.length, gzip });
    });
    await page.goto('cards/runc/');
    await page.keyboard.press('/');
    await page.keyboard.type('containerd');
    await resultsFor(page, 'containerd');
    await page.waitForLoadState('networkidle');
    const raw = pagefind.reduce((sum, r) => sum + r.bytes, 0);
    const gz = pagefind.reduce((sum, r) => sum + r.gzip, 0);
    const firstSearch = `first search: ${pagefind.length} files under /pagefind/, ${raw} bytes as served here, ${gz} bytes with gzip on the JS/JSON`;
    const firstFiles = pagefind.map((r) => `  ${r.url} ${r.bytes}`).join('\n');

    const timings: number[] = [];
    const perQuery: string[] = [];
    for (const { q } of relevance.queries.slice(0, 20)) {
      await dialogInput(page).fill('');
      await expect(results(page)).toHaveAttribute('data-state', 'idle');
      await page.evaluate((query) => {
        const input = document.querySelector<HTMLInputElement>('dialog [data-search-input]')!;
        const list = document.querySelector<HTMLElement>('dialog [data-search-results]')!;
        const w = window as unknown as { __searchTiming: Promise<number> };
        let start = 0;
        const onKey = () => {
          start = performance.now();
        };
        input.addEventListener('beforeinput', onKey, { capture: true });
        w.__searchTiming = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (list.dataset.query !== query || list.dataset.state !== 'done') return;
            observer.disconnect();
            input.removeEventListener('beforeinput', onKey, { capture: true });
            // Results are in the DOM; the next frame is when they are painted.
            requestAnimationFrame(() => resolve(performance.now() - start));
          });
          observer.observe(list, { attributes: true, attributeFilter: ['data-query', 'data-state'] });
        });
      }, q);
      await page.keyboard.type(q);
      timings.push(
        await page.evaluate(() => (window as unknown as { __searchTiming: Promise<number> }).__searchTiming),
      );
      perQuery.push(`${q} ${timings.at(-1)!.toFixed(0)}`);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const median = (sorted[9]! + sorted[10]!) / 2;
    const summary = `keystroke to rendered results over ${timings.length} queries: median ${median.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    console.log(`${firstSearch}\n${firstFiles}\n${summary}\n  ${perQuery.join(', ')}`);
    test
      .info()
      .annotations.push({ type: 'first-search', description: firstSearch }, { type: 'latency', description: summary });
    expect(raw).toBeLessThan(1024 * 1024);
    expect(median).toBeLessThan(500);
  });
});
