/**
 * Everyday reading aids (issue 26): comparisons reachable and summarised, the sidebar keeping
 * the reader's place, writer-facing notes out of readers' lists, layers and interfaces in the
 * same places everywhere, edit/report links, last-updated dates, the offline badge, touch-friendly
 * remarks, and print and code-block details.
 */
import { readFileSync } from 'node:fs';
import { repositoryFrom } from '../../src/config.ts';
import type { Page } from '@playwright/test';
import { test, expect, useTheme } from './fixtures.ts';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { repository?: { url?: string } };
/** The repository the build under test used (same settings, same order as astro.config.mjs). */
const repository = repositoryFrom(process.env, packageJson.repository);

test('comparisons are in the top navigation and on the home page', async ({ page }) => {
  await page.goto('./');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('link', { name: '对比' }).click();
  await expect(page).toHaveURL(/\/compare\/$/);
  await expect(nav.getByRole('link', { name: '对比' })).toHaveAttribute('aria-current', 'page');
  await page.goto('./');
  const section = page.locator('section', { has: page.getByRole('heading', { name: '技术对比', level: 2 }) });
  await section.getByRole('link', { name: 'Docker 与 Podman 对比' }).click();
  await expect(page).toHaveURL(/\/compare\/docker-vs-podman\/$/);
});

test('a comparison says how to choose, from both cards, and leaves out rows neither card fills', async ({ page }) => {
  await page.goto('compare/docker-vs-podman/');
  const choose = page.locator('section.choose');
  await expect(choose.getByRole('heading', { name: '怎么选', level: 2 })).toBeVisible();
  // Each side's `fit` trait, with its citation on that card.
  const picks = choose.locator('li');
  await expect(picks).toHaveCount(2);
  await expect(picks.nth(0)).toContainText('选 Docker：');
  await expect(picks.nth(1)).toContainText('选 Podman：');
  await expect(picks.nth(0).locator('sup.cite a')).toHaveAttribute('href', /\/cards\/docker\/#source-/);
  await expect(picks.nth(1).locator('sup.cite a')).toHaveAttribute('href', /\/cards\/podman\/#source-/);
  // Traits both state: which differ, which are the same.
  await expect(choose).toContainText('主要区别在：守护进程、无 root 运行');
  await expect(choose).toContainText('两者相同的是隔离方式');
  // Neither Docker nor Podman is called by another card or implements a specification here.
  const rowHeads = page.locator('table.compare tbody th');
  await expect(rowHeads).not.toContainText(['谁调用它']);
  await expect(rowHeads).not.toContainText(['实现的规范']);
  await expect(page.getByRole('rowheader', { name: '它调用' })).toBeVisible();
  // No row is a dash on both sides.
  const emptyBoth = await page
    .locator('table.compare tbody tr')
    .evaluateAll(
      (rows) =>
        rows.filter((row) => [...row.querySelectorAll('td')].every((td) => td.textContent!.trim() === '—')).length,
    );
  expect(emptyBoth).toBe(0);
  // The sidebar highlights the two cards compared.
  const nav = page.getByRole('navigation', { name: '技术栈导航' });
  await expect(nav.locator('a.related')).toHaveText([/Docker/, /Podman/]);
});

test('a comparison of two cards that call other cards keeps those rows', async ({ page }) => {
  await page.goto('compare/containerd-vs-cri-o/');
  await expect(page.getByRole('rowheader', { name: '谁调用它' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: '实现的规范' })).toBeVisible();
});

for (const url of ['cards/firecracker/', 'cards/lsm/']) {
  test(`at 1280 px the sidebar shows the current card without being scrolled (${url})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    const sidebar = page.locator('[data-sidebar]');
    const current = sidebar.locator('a[aria-current="page"]');
    await expect(current).toHaveCount(1);
    await expect(current).toBeInViewport({ ratio: 1 });
    const header = await page.locator('.site-header').boundingBox();
    const box = await current.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
    // The page itself did not move and focus stayed where a page load leaves it.
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  });
}

test('after scrolling the page, the sidebar starts below the header', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('cards/runc/');
  await page.mouse.wheel(0, 1500);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(500);
  const header = await page.locator('.site-header').boundingBox();
  const sidebar = await page.locator('[data-sidebar]').boundingBox();
  expect(sidebar!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
});

test('notes and examples highlight the cards they are about in the sidebar', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('notes/container-background/');
  const nav = page.getByRole('navigation', { name: '技术栈导航' });
  await expect(nav.locator('a.related[href$="/cards/containerd/"]')).toHaveCount(1);
  await expect(nav.locator('a.related[href$="/cards/containerd/"]')).toContainText('本页涉及');
  await page.goto('examples/namespaces/');
  await expect(nav.locator('a.related[href$="/cards/namespaces/"]')).toHaveCount(1);
  await expect(nav.locator('a.related').first()).toBeInViewport();
});

test('interfaces sit between the layers they join in the sidebar, /cards/ and /layers/', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('cards/runc/');
  const items = await page
    .locator('.stack-nav > ul > li')
    .evaluateAll((lis) => lis.map((li) => li.querySelector('a')!.textContent!.replace(/\s+/g, ' ').trim()));
  const at = (text: string) => items.findIndex((item) => item.startsWith(text));
  // Orchestration, tools, CRI, high-level runtimes, OCI, low-level runtimes: as the stack diagram draws them.
  expect(at('⇅ CRI')).toBeGreaterThan(at('编排层'));
  expect(at('⇅ CRI')).toBeLessThan(at('高级运行时'));
  expect(at('⇅ OCI')).toBeGreaterThan(at('高级运行时'));
  expect(at('⇅ OCI')).toBeLessThan(at('低级运行时'));
  // OCI is not also listed as a card of the low-level runtime layer.
  await expect(
    page.locator('.stack-nav-layer', { hasText: '低级运行时' }).locator('a[href$="/cards/oci/"]'),
  ).toHaveCount(0);
  for (const url of ['cards/', 'layers/']) {
    await page.goto(url);
    const between = page.locator('.layer-interface', { has: page.locator('a[href$="/cards/oci/"]') });
    await expect(between.locator('h2')).toContainText('高级运行时经它调用低级运行时');
    await expect(page.locator('.layer-block, .block').locator('a.card-tile[href$="/cards/oci/"]')).toHaveCount(0);
  }
  await expect(page.locator('#detail-runtime-high + p')).not.toContainText('低级运行时（containerd');
});

test('the writing guide is not offered to readers but stays reachable', async ({ page, request }) => {
  await page.goto('./');
  const latest = page.locator('section', { has: page.getByRole('heading', { name: '最新笔记' }) });
  await expect(latest.locator('a[href$="/notes/container-background/"]')).toHaveCount(1);
  await expect(latest.locator('a[href$="/notes/authoring-guide/"]')).toHaveCount(0);
  // The home page's first step is summed up by the note's first paragraph, punctuated.
  await expect(page.locator('.start-path .tile-text').first()).toHaveText(
    /^本文讨论容器技术一般指LXC或docker容器采用的技术，windows容器技术有所不同，/,
  );
  await page.goto('cards/containerd/');
  const mentioned = page.locator('section', { has: page.locator('#mentioned-in') });
  await expect(mentioned.locator('a[href$="/notes/authoring-guide/"]')).toHaveCount(0);
  const rss = await (await request.get('rss.xml')).text();
  expect(rss).toContain('/notes/container-background/');
  expect(rss).not.toContain('/notes/authoring-guide/');
  // Still one click away: the footer, and the archive.
  await page.getByRole('contentinfo').getByRole('link', { name: '笔记写作指南' }).click();
  await expect(page).toHaveURL(/\/notes\/authoring-guide\/$/);
  await page.goto('archive/');
  await expect(page.getByRole('main').locator('a[href$="/notes/authoring-guide/"]')).toHaveCount(1);
});

test('notes, cards and examples link to editing their file and to reporting a problem', async ({ page, baseURL }) => {
  test.skip(!repository, 'no repository configured for this build');
  const cases = [
    ['cards/runc/', 'content/cards/runc.md'],
    ['notes/container-background/', 'content/notes/container-background.md'],
    ['examples/namespaces/', 'content/examples/namespaces/README.md'],
  ] as const;
  for (const [url, file] of cases) {
    await page.goto(url);
    const edit = page.getByRole('link', { name: '编辑此页' });
    await expect(edit).toHaveAttribute('href', `${repository!.url}/edit/${repository!.branch}/${file}`);
    const report = new URL((await page.getByRole('link', { name: '报告问题' }).getAttribute('href'))!);
    expect(`${report.origin}${report.pathname}`).toBe(`${repository!.url}/issues/new`);
    const title = (await page.title()).split(' · ')[0];
    expect(report.searchParams.get('title')).toBe(`页面问题：${title}`);
    expect(report.searchParams.get('body')).toContain(new URL(url, baseURL).pathname);
  }
});

test('notes and cards show when their file last changed in git', async ({ page }) => {
  const { execFileSync } = await import('node:child_process');
  const shallow = execFileSync('git', ['rev-parse', '--is-shallow-repository'], { encoding: 'utf8' }).trim();
  test.skip(shallow !== 'false', 'shallow clone: the build shows no dates');
  for (const [url, file] of [
    ['cards/runc/', 'content/cards/runc.md'],
    ['notes/container-background/', 'content/notes/container-background.md'],
  ]) {
    const committed = execFileSync('git', ['log', '-1', '--format=%cI', '--', file], { encoding: 'utf8' }).trim();
    test.skip(!committed, `${file} has no commit`);
    await page.goto(url);
    await expect(page.locator('.page-updated time')).toHaveAttribute(
      'datetime',
      new Date(committed).toISOString().slice(0, 10),
    );
    await expect(page.locator('.page-updated')).toContainText('最后修改于');
  }
});

test('going offline shows a small 离线 badge, coming back hides it', async ({ page, context }) => {
  await page.goto('cards/runc/');
  const badge = page.locator('[data-offline-state]');
  await expect(badge).toBeHidden();
  await context.setOffline(true);
  await expect(badge).toBeVisible();
  await expect(badge).toContainText('离线');
  await context.setOffline(false);
  await expect(badge).toBeHidden();
});

test('a 注 marker opens its remark with a tap, and links to the card', async ({ browser, baseURL }) => {
  const context = await browser.newContext({
    baseURL,
    hasTouch: true,
    isMobile: true,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await page.goto('notes/container-background/');
  const marker = page.locator('a.note-slip').first();
  await expect(marker).toHaveAttribute('aria-expanded', 'false');
  await marker.tap();
  await expect(page).toHaveURL(/\/notes\/container-background\/$/);
  await expect(marker).toHaveAttribute('aria-expanded', 'true');
  const pop = page.locator(`#${await marker.getAttribute('aria-controls')}`);
  await expect(pop).toBeVisible();
  expect((await pop.innerText()).length).toBeGreaterThan(10);
  await expect(pop.getByRole('link')).toHaveAttribute('href', /\/cards\/[a-z0-9-]+\/#remark-/);
  await marker.tap();
  await expect(pop).toBeHidden();
  await context.close();
});

test.describe(() => {
  // Routes see the page's own requests only when no service worker answers them.
  test.use({ serviceWorkers: 'block' });

  /** Holds the dialog's behaviour module (search-ui.ts) back, as a slow phone would; counts the holds. */
  async function holdSearchModule(page: Page): Promise<{ release: () => void; held: () => number }> {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(/\/_astro\/search-ui\.[^/]*\.js$/, async (route) => {
      held += 1;
      await gate;
      await route.continue();
    });
    return { release, held: () => held };
  }

  test('on a phone the search dialog is closed by a button that says 关闭, even before its code has loaded', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const module = await holdSearchModule(page);
    await page.goto('./');
    await page.locator('.site-header a[data-search-open]').click();
    const close = page.getByRole('button', { name: '关闭搜索' });
    await expect(close).toBeVisible();
    await expect(close).toContainText('关闭');
    await expect(close.locator('kbd')).toBeHidden();
    await close.click();
    await expect(page.locator('dialog[data-search-dialog]')).toBeHidden();
    // the module really was held back while the reader tapped
    expect(module.held()).toBeGreaterThan(0);
    module.release();
  });

  test('one Esc closes the search dialog with a query typed, even before its code has loaded', async ({ page }) => {
    const module = await holdSearchModule(page);
    await page.goto('cards/');
    await page.keyboard.press('/');
    const dialog = page.locator('dialog[data-search-dialog]');
    await expect(dialog).toBeVisible();
    await page.keyboard.type('runc');
    // (a search box's own Esc would only clear the text)
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(module.held()).toBeGreaterThan(0);
    module.release();
  });
});

test('printed in the dark theme, code and text are dark on white', async ({ page }) => {
  await useTheme(page, 'dark');
  await page.goto('notes/authoring-guide/');
  await page.emulateMedia({ media: 'print' });
  const colours = await page.evaluate(() => {
    const token = document.querySelector('.expressive-code .ec-line span[style^="--"]')!;
    const pre = document.querySelector('.expressive-code pre')!;
    return {
      token: getComputedStyle(token).color,
      codeBg: getComputedStyle(pre).backgroundColor,
      body: getComputedStyle(document.body).color,
    };
  });
  const lightness = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  expect(lightness(colours.token)).toBeLessThan(0.5);
  expect(lightness(colours.body)).toBeLessThan(0.5);
  expect(lightness(colours.codeBg)).toBeGreaterThan(0.9);
});

test('at 1280 px the ASCII call chain on the containerd card stays on one line per row', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('cards/containerd/');
  const block = page.locator('.expressive-code', { hasText: 'kubelet ──CRI' });
  const lines = block.locator('.ec-line');
  await expect(lines).toHaveCount(2);
  const heights = await lines.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  const lineHeight = await lines
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el.querySelector('.code')!).lineHeight));
  for (const height of heights) expect(height).toBeLessThan(lineHeight * 1.5);
  // The page does not scroll sideways; the block scrolls inside itself if it must.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

test('comparison, example and layer pages have link previews of their own', async ({ page, request }) => {
  for (const [url, image] of [
    ['compare/docker-vs-podman/', /\/og\/compare\/docker-vs-podman\.png$/],
    ['examples/namespaces/', /\/og\/examples\/namespaces\.png$/],
    ['layers/', /\/og\/layers\.png$/],
  ] as const) {
    await page.goto(url);
    const src = (await page.locator('meta[property="og:image"]').getAttribute('content'))!;
    expect(src).toMatch(image);
    const response = await request.get(new URL(src).pathname);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('image/png');
  }
});
