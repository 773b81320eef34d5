import { test, expect } from './fixtures.ts';

interface CardsJson {
  cards: Array<{ id: string; name: string }>;
}

/** Every HTML page the site publishes, from its sitemap (relative to the base URL). */
async function allPages(request: import('@playwright/test').APIRequestContext, baseURL: string): Promise<string[]> {
  const index = await (await request.get('sitemap-index.xml')).text();
  const pages: string[] = [];
  for (const sitemap of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const xml = await (await request.get(new URL(sitemap[1]!).pathname)).text();
    for (const loc of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) pages.push(new URL(loc[1]!).pathname);
  }
  const base = new URL(baseURL).pathname;
  return pages.map((p) => p.slice(base.length) || './');
}

const views = [
  { width: 390, height: 844, theme: 'light' },
  { width: 390, height: 844, theme: 'dark' },
  { width: 1280, height: 800, theme: 'light' },
  { width: 1280, height: 800, theme: 'dark' },
] as const;

// Each page is loaded once and measured in all four views (a resize and a theme switch
// only lay it out again); the pages are split in two so both workers share them.
for (const half of [0, 1]) {
  test(`no page scrolls sideways at 390 or 1280 px, light or dark (pages ${half + 1} of 2)`, async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(300_000);
    const wide: string[] = [];
    const pages = (await allPages(request, baseURL!)).filter((_, i) => i % 2 === half);
    expect(pages.length).toBeGreaterThan(50);
    for (const url of pages) {
      // Redirect pages (old URLs, card aliases) move on at once: their target is checked on its own.
      if (/http-equiv="refresh"/.test(await (await request.get(url)).text())) continue;
      await page.setViewportSize(views[0]);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      for (const view of views) {
        await page.setViewportSize(view);
        const width = await page.evaluate((theme) => {
          document.documentElement.dataset.theme = theme;
          return document.documentElement.scrollWidth;
        }, view.theme);
        if (width > view.width) wide.push(`${url} at ${view.width} px (${view.theme}): ${width}px`);
      }
    }
    expect(wide).toEqual([]);
  });
}

test('card pages have the stack sidebar with every card, the current one marked, and previous/next', async ({
  page,
  request,
}) => {
  const { cards } = (await (await request.get('api/cards.json')).json()) as CardsJson;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('cards/runc/');
  const nav = page.getByRole('navigation', { name: '技术栈导航' });
  await expect(nav).toBeVisible();
  for (const card of cards) await expect(nav.locator(`a[href$="/cards/${card.id}/"]`)).toHaveCount(1);
  await expect(nav.locator('[aria-current="page"]')).toHaveText('runc');
  // The comparison layer comes last, as everywhere else.
  await expect(nav.locator('.stack-nav-layer').last()).toContainText('虚拟化');
  const pager = page.getByRole('navigation', { name: /上一张卡片/ });
  await expect(pager.locator('a[rel="prev"]')).toBeVisible();
  await expect(pager.locator('a[rel="next"]')).toBeVisible();
});

test('on a phone the stack navigation is a drawer: opened from the header, closed with Escape', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('cards/containerd/');
  const nav = page.getByRole('navigation', { name: '技术栈导航' });
  await expect(nav).toBeHidden();
  const button = page.getByRole('button', { name: '打开技术栈导航' });
  await button.click();
  await expect(nav).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(':focus')).toHaveText('containerd');
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(button).toBeFocused();
  await button.click();
  await nav.getByRole('link', { name: 'runc', exact: true }).click();
  await expect(page).toHaveURL(/\/cards\/runc\/$/);
});

test('keyboard: skip link, then the header, then the sidebar, then the title, then the content', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('cards/containerd/');
  const where = () =>
    page.evaluate(() => {
      const el = document.activeElement!;
      if (el.classList.contains('skip-link')) return 'skip';
      if (el.closest('.site-header')) return 'header';
      if (el.closest('.sidebar')) return 'sidebar';
      if (el.closest('.doc-title')) return 'title';
      if (el.closest('.doc-toc')) return 'toc';
      if (el.closest('.doc-body')) return 'content';
      return el.tagName.toLowerCase();
    });
  const order: string[] = [];
  for (let i = 0; i < 80 && !order.includes('content'); i += 1) {
    await page.keyboard.press('Tab');
    const area = await where();
    if (order.at(-1) !== area) order.push(area);
  }
  expect(order).toEqual(['skip', 'header', 'sidebar', 'title', 'toc', 'content']);
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('notes/container-background/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

for (const size of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`the home page starts a reader: the note within the first 900 px (${size.width} px)`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('./');
    const start = page.locator('.start-path a').first();
    await expect(start).toHaveAttribute('href', /\/notes\/container-background\/$/);
    const box = await start.boundingBox();
    expect(box!.y).toBeLessThan(900);
    // read, see the stack, run an example, try the machine: in that order
    const hrefs = await page.locator('.start-path a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toHaveLength(4);
    expect(hrefs[1]).toMatch(/\/layers\/$/);
    expect(hrefs[2]).toMatch(/\/examples\/[a-z0-9-]+\/$/);
    expect(hrefs[3]).toMatch(/\/playground\/$/);
  });
}

test('a note shows the cards it covers, grouped by layer, and the way to the stack', async ({ page }) => {
  await page.goto('notes/container-background/');
  const strip = page.locator('.note-cards');
  await expect(strip).toContainText('本文涉及');
  await expect(strip.locator('a[href$="/layers/"]')).toHaveCount(1);
  await expect(strip.locator('dt').first()).toHaveText('编排层');
  await expect(strip.locator('a[href$="/cards/containerd/"]')).toHaveCount(1);
});

test('on a phone the relation table keeps every column, as labelled lines', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('cards/kubernetes/');
  const cell = page.locator('table.relations td[data-label="时间 / 版本"]', { hasText: '1.24' }).first();
  await expect(cell).toBeVisible();
  const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
  expect(label).toBe('"时间 / 版本"');
});

test('example pages: explanation first, then the recorded run, the script folded away', async ({ page }) => {
  await page.goto('examples/runc/');
  const headings = await page.locator('.doc-body h2').allTextContents();
  expect(headings.indexOf('步骤讲解')).toBeLessThan(headings.indexOf('最近一次真实运行的输出'));
  expect(headings.indexOf('最近一次真实运行的输出')).toBeLessThan(headings.indexOf('脚本'));
  await expect(page.locator('details.script')).not.toHaveAttribute('open', /.*/);
  const quote = page.locator('blockquote.claim footer a').first();
  await expect(quote).toContainText('《容器技术背景》');
  await expect(quote).toHaveAttribute('href', /\/notes\/container-background\/#/);
});

test('an example the recording machine could not run says why and shows that run', async ({ page }) => {
  await page.goto('examples/criu/');
  await expect(page.locator('.example-header .example-status')).toContainText('未能在记录机器上运行');
  const transcript = page.locator('section[aria-labelledby="transcript"]');
  // The script's own SKIP reason, and the real output that led to it.
  await expect(transcript.getByRole('note')).toContainText('CRIU cannot checkpoint on this machine');
  await expect(transcript.locator('.expressive-code')).toContainText('exit 77');
  await expect(transcript.locator('.expressive-code')).toContainText('criu check');
});

test("a recorded run names the Debian root it ran in and each tool's Debian package", async ({ page }) => {
  await page.goto('examples/runc/');
  const transcript = page.locator('section[aria-labelledby="transcript"]');
  await expect(transcript.locator('.env')).toContainText(/Debian GNU\/Linux 13 \(trixie\) 根文件系统（宿主机 /);
  await transcript.getByText('工具版本').click();
  await expect(transcript.locator('li', { hasText: /^runc：/ })).toContainText(/Debian 13 软件包 runc \d/);
});

test('on a touch screen a heading offers one small menu with both copy actions', async ({ browser, baseURL }) => {
  const context = await browser.newContext({
    baseURL,
    hasTouch: true,
    isMobile: true,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await page.goto('notes/container-background/');
  await expect(page.locator('.heading-copy-md')).toHaveCount(0);
  await page.locator('h2 .heading-anchor').first().tap();
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText(['复制本节链接', '复制 Markdown 链接']);
  await context.close();
});

test('the tags index lists the notes under each tag', async ({ page }) => {
  await page.goto('tags/');
  await expect(page.locator('.taxonomy dd a').first()).toHaveAttribute('href', /\/notes\//);
});

test('a comparison page lines two alternatives up row by row, each row linked to its source', async ({ page }) => {
  await page.goto('cards/podman/');
  await page.getByRole('link', { name: 'Docker 与 Podman 对比' }).click();
  await expect(page).toHaveURL(/\/compare\/docker-vs-podman\/$/);
  const table = page.locator('table.compare');
  await expect(table.locator('thead th')).toHaveText([/Docker/, /Podman/]);
  // The row headed exactly 守护进程 (Podman's column header says 无守护进程容器引擎).
  const daemon = table.locator('tbody tr', { has: page.getByRole('rowheader', { name: '守护进程', exact: true }) });
  await expect(daemon.locator('td').nth(0)).toContainText('dockerd');
  await expect(daemon.locator('td').nth(1)).toContainText('conmon');
  await expect(daemon.locator('sup.cite a').first()).toHaveAttribute('href', /\/cards\/docker\/#source-/);
  await page.goto('compare/');
  await expect(page.locator('.card-grid a[href$="/compare/crun-vs-runc/"]')).toHaveCount(1);
});
