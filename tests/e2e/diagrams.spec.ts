import type { Page } from '@playwright/test';
import { test, expect, useTheme } from './fixtures.ts';

interface CardsJson {
  cards: Array<{ id: string; name: string }>;
}

const sizes = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** What a reader sees of each diagram on the page: does it fit, and where do its boxes link. */
async function inspectDiagrams(page: Page) {
  return page.locator('figure.diagram-figure').evaluateAll((figures) =>
    figures.map((figure) => {
      const box = figure.querySelector<HTMLElement>('[data-diagram-box]')!;
      const svg = [...box.querySelectorAll('svg')].find((s) => s.getBoundingClientRect().width > 0);
      const links = svg ? [...svg.querySelectorAll('a')] : [];
      const texts = svg ? [...svg.querySelectorAll('text')].filter((t) => t.getBoundingClientRect().width > 0) : [];
      const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
      const smallest = Math.min(...texts.map((t) => Number(getComputedStyle(t).fontSize.replace('px', '')) * scale));
      return {
        name: (figure as HTMLElement).dataset.diagram!,
        kind: (figure as HTMLElement).dataset.kind!,
        visibleSvgs: [...box.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().width > 0).length,
        scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth,
        svgRight: svg ? svg.getBoundingClientRect().right : 0,
        boxRight: box.getBoundingClientRect().right,
        smallestText: smallest,
        hrefs: links
          .filter((a) => a.hasAttribute('data-card'))
          .map((a) => new URL(a.getAttribute('href')!, document.baseURI).pathname),
        otherHrefs: links
          .filter((a) => !a.hasAttribute('data-card'))
          .map((a) => new URL(a.getAttribute('href')!, document.baseURI).pathname),
        named: links.every((a) => (a.getAttribute('aria-label') ?? '').trim().length > 0),
      };
    }),
  );
}

for (const theme of ['light', 'dark'] as const) {
  for (const size of sizes) {
    test(`every diagram on home, /layers/ and every card page fits its column and links every box to a card (${size.width} px, ${theme})`, async ({
      page,
      request,
      baseURL,
    }) => {
      test.setTimeout(180_000);
      const { cards } = (await (await request.get('api/cards.json')).json()) as CardsJson;
      const base = new URL(baseURL!).pathname;
      const cardPaths = new Set(cards.map((c) => `${base}cards/${c.id}/`));
      await useTheme(page, theme);
      await page.setViewportSize(size);
      for (const url of ['./', 'layers/', ...cards.map((c) => `cards/${c.id}/`)]) {
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        const where = `${url} ${size.width}px ${theme}`;
        for (const d of await inspectDiagrams(page)) {
          expect(d.visibleSvgs, `${where} ${d.name}: one picture`).toBe(1);
          expect(d.scrollWidth, `${where} ${d.name}: no sideways scroll`).toBeLessThanOrEqual(d.clientWidth);
          expect(d.svgRight, `${where} ${d.name}: inside its box`).toBeLessThanOrEqual(d.boxRight + 0.5);
          // Text stays readable on a desktop; on a phone chains are zoomed through "查看大图".
          if (size.width === 1280 || d.kind !== 'chain') {
            expect(d.smallestText, `${where} ${d.name}: text size`).toBeGreaterThanOrEqual(11.5);
          }
          expect(d.named, `${where} ${d.name}: link names`).toBe(true);
          for (const href of d.hrefs) expect(cardPaths.has(href), `${where} ${d.name}: ${href}`).toBe(true);
          // Layer titles in the stack picture open their section of /layers/.
          for (const href of d.otherHrefs) expect(href, `${where} ${d.name}`).toBe(`${base}layers/`);
          if (d.kind !== 'chain') expect(d.hrefs.length, `${where} ${d.name}: linked boxes`).toBeGreaterThan(0);
        }
      }
    });
  }
}

test('keyboard focus reaches every box of the stack picture, with a visible focus', async ({ page }) => {
  await page.goto('layers/');
  const svg = page.locator('figure[data-diagram="stack"] svg.dg-wide');
  const links = svg.locator('a[data-card]');
  const count = await links.count();
  expect(count).toBeGreaterThan(10);
  await svg.locator('a').first().focus();
  const seen = new Set<string>();
  for (let i = 0; i < count + 12 && seen.size < count; i += 1) {
    const card = await page.evaluate(() => document.activeElement?.getAttribute('data-card'));
    if (card) {
      seen.add(card);
      const stroke = await page.evaluate(
        () => getComputedStyle(document.activeElement!.querySelector('rect')!).strokeWidth,
      );
      expect(parseFloat(stroke)).toBeGreaterThanOrEqual(3);
    }
    await page.keyboard.press('Tab');
  }
  expect(seen.size).toBe(count);
});

test('a box is a link: clicking containerd in the stack opens its card', async ({ page }) => {
  await page.goto('./');
  await page.locator('figure[data-diagram="stack"] svg.dg-wide a[data-card="containerd"]').click();
  await expect(page).toHaveURL(/\/cards\/containerd\/$/);
  await expect(page.locator('h1')).toContainText('containerd');
});

test('card diagrams draw the card in the middle and its relations as arrows from subject to object', async ({
  page,
}) => {
  await page.goto('cards/containerd/');
  const svg = page.locator('figure[data-diagram="card-containerd"] svg.dg-wide');
  await expect(svg.locator('[data-card="containerd"].focus')).toHaveCount(1);
  await expect(svg.locator('g.rel[data-from="kubernetes"][data-to="containerd"]')).toContainText('经由 CRI');
  await expect(svg.locator('g.rel[data-from="containerd"][data-to="runc"]')).toContainText('使用');
  await expect(svg.locator('g.rel[data-from="containerd"][data-to="cri"]')).toContainText('实现');
});

test('dark mode uses the site colours, and "查看大图" opens the picture in the current theme', async ({ page }) => {
  await page.goto('cards/runc/');
  const band = page.locator('figure[data-diagram="card-runc"] svg.dg-wide rect').first();
  const light = await band.evaluate((el) => getComputedStyle(el).fill);
  const open = page.locator('figure[data-diagram="card-runc"] .diagram-open:visible');
  await expect(open).toHaveAttribute('href', /\/diagrams\/card-runc\.svg$/);
  await page.getByRole('button', { name: '切换深色/浅色主题' }).click();
  expect(await band.evaluate((el) => getComputedStyle(el).fill)).not.toBe(light);
  await expect(open).toHaveAttribute('href', /\/diagrams\/card-runc-dark\.svg$/);
});

test('reader first: embed tools folded in one "分享 / 嵌入", the text version collapsed', async ({ page }) => {
  await page.goto('layers/');
  const figure = page.locator('figure[data-diagram="stack"]');
  await expect(figure.locator('details.diagram-text')).not.toHaveAttribute('open', /.*/);
  await expect(figure.getByRole('button', { name: '复制 Markdown 图片' })).toBeHidden();
  await figure.locator('details.diagram-share summary').click();
  await expect(figure.getByRole('button', { name: '复制 Markdown 图片' })).toBeVisible();
});

test('/layers/ shows the call chains, the shim named as a shim and CRI-O calling crun', async ({ page }) => {
  await page.goto('layers/');
  const dockerRun = page.locator('figure[data-diagram="chain-docker-run"]');
  await expect(dockerRun.locator('svg a[data-card="containerd"]').first()).toBeAttached();
  await expect(dockerRun.locator('details.diagram-text')).toContainText('containerd-shim（容器的监控进程）');
  await expect(page.locator('figure[data-diagram="chain-kubelet-cri-o"] details.diagram-text')).toContainText(
    'conmon → crun',
  );
  await expect(page.locator('figure[data-diagram="chain-kubelet-containerd"] details.diagram-text')).toContainText(
    'CNI 插件',
  );
});

test('standalone diagrams load as images in both themes, and their Mermaid source is served', async ({
  page,
  request,
}) => {
  const names = ['stack', 'card-containerd', 'chain-docker-run', 'chain-kubelet-pod'];
  await page.goto('./');
  for (const name of [...names, 'stack-dark']) {
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    }, `diagrams/${name}.svg`);
    expect(size.w, name).toBeGreaterThan(100);
    expect(size.h, name).toBeGreaterThan(50);
  }
  for (const name of names) {
    const svg = await (await request.get(`diagrams/${name}.svg`)).text();
    expect(svg).not.toContain('foreignObject');
    const mmd = await (await request.get(`diagrams/${name}.mmd`)).text();
    expect(mmd).toMatch(/^(flowchart|sequenceDiagram|block-beta)/m);
  }
});

test('print shows every diagram whole', async ({ page }) => {
  await page.goto('cards/kubernetes/');
  await page.emulateMedia({ media: 'print' });
  const d = (await inspectDiagrams(page))[0]!;
  expect(d.visibleSvgs).toBe(1);
  expect(d.scrollWidth).toBeLessThanOrEqual(d.clientWidth);
});

test('mermaid fences in notes are rendered at build time', async ({ page }) => {
  await page.goto('notes/authoring-guide/');
  const figure = page.locator('.prose figure.diagram');
  await expect(figure.locator('svg').first()).toBeAttached();
  expect(await figure.locator('svg').first().textContent()).toContain('containerd');
});

test('copy buttons put a wiki embed on the clipboard', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto('cards/runc/');
  await page.locator('details.diagram-share summary').first().click();
  await page.getByRole('button', { name: '复制 Markdown 图片' }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
    /^!\[.+\]\(https?:\/\/.+\/diagrams\/card-runc\.svg\)$/,
  );
  await context.close();
});
