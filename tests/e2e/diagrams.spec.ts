import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

interface CardsJson {
  cards: Array<{ id: string; name: string }>;
}

const sizes = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Smallest text a diagram may draw, CSS px as shown (the issue asks for 11; our forms are laid out for 12). */
const MIN_TEXT_PX = 11;

/**
 * What a reader sees of each diagram on the page: does it fit, how big is its text as
 * drawn (font size × the SVG's on-screen scale, from getScreenCTM), is any text cut or
 * outside its box, and where do its boxes link.
 */
async function inspectDiagrams(page: Page) {
  return page.locator('figure.diagram-figure').evaluateAll((figures) =>
    figures.map((figure) => {
      const box = figure.querySelector<HTMLElement>('[data-diagram-box]')!;
      const svg = [...box.querySelectorAll('svg')].find((s) => s.getBoundingClientRect().width > 0);
      const links = svg ? [...svg.querySelectorAll('a')] : [];
      const texts = svg ? [...svg.querySelectorAll('text')].filter((t) => t.getBoundingClientRect().width > 0) : [];
      const drawnSize = (t: SVGTextElement) => {
        const m = t.getScreenCTM()!;
        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      };
      // Text that spills out of the box it belongs to (a linked box or a note), measured in the real font.
      const spills: string[] = [];
      for (const group of svg ? [...svg.querySelectorAll('a, g.chip, g.note')] : []) {
        const rect = group.querySelector(':scope > rect');
        if (!rect) continue;
        const r = rect.getBoundingClientRect();
        for (const t of group.querySelectorAll('text')) {
          const b = t.getBoundingClientRect();
          if (b.left < r.left - 1 || b.right > r.right + 1) spills.push(t.textContent ?? '');
        }
      }
      return {
        name: (figure as HTMLElement).dataset.diagram!,
        kind: (figure as HTMLElement).dataset.kind!,
        form: svg?.classList.contains('dg-narrow') ? 'narrow' : 'wide',
        visibleSvgs: [...box.querySelectorAll('svg')].filter((s) => s.getBoundingClientRect().width > 0).length,
        scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth,
        svgRight: svg ? svg.getBoundingClientRect().right : 0,
        boxRight: box.getBoundingClientRect().right,
        smallestText: Math.min(...texts.map(drawnSize)),
        cut: texts.map((t) => t.textContent ?? '').filter((text) => text.includes('…')),
        spills,
        caption: figure.querySelector<HTMLElement>('figcaption')?.innerText ?? '',
        hrefs: links
          .filter((a) => a.hasAttribute('data-card'))
          .map((a) => new URL(a.getAttribute('href')!, document.baseURI).pathname),
        otherHrefs: links
          .filter((a) => !a.hasAttribute('data-card'))
          .map((a) => new URL(a.getAttribute('href')!, document.baseURI).pathname),
        // One accessible name per link: an aria-label, and no <title> to be announced after it.
        named: links.every((a) => (a.getAttribute('aria-label') ?? '').trim().length > 0),
        titled: links.filter((a) => a.querySelector('title')).map((a) => a.getAttribute('aria-label')),
      };
    }),
  );
}

/** The page scrolls sideways: wider than the viewport. */
const pageOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

// Each page is loaded once and inspected in all four views (a resize or a theme switch only
// lays it out again); the pages are split in two so both workers share them.
const views = sizes.flatMap((size) => (['light', 'dark'] as const).map((theme) => ({ ...size, theme })));
for (const half of [0, 1]) {
  test(`every diagram on home, /layers/ and every card page fits its column, draws text of 11 px and more, cuts nothing and links every box (1280 and 390 px, light and dark; pages ${half + 1} of 2)`, async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const { cards } = (await (await request.get('api/cards.json')).json()) as CardsJson;
    const base = new URL(baseURL!).pathname;
    const cardPaths = new Set(cards.map((c) => `${base}cards/${c.id}/`));
    const urls = ['./', 'layers/', ...cards.map((c) => `cards/${c.id}/`)].filter((_, i) => i % 2 === half);
    for (const url of urls) {
      await page.setViewportSize(views[0]!);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      for (const view of views) {
        await page.setViewportSize(view);
        await page.evaluate((theme) => (document.documentElement.dataset.theme = theme), view.theme);
        const where = `${url} ${view.width}px ${view.theme}`;
        expect(await pageOverflow(page), `${where}: no sideways scroll of the page`).toBeLessThanOrEqual(0);
        for (const d of await inspectDiagrams(page)) {
          expect(d.visibleSvgs, `${where} ${d.name}: one picture`).toBe(1);
          expect(d.scrollWidth, `${where} ${d.name}: no sideways scroll`).toBeLessThanOrEqual(d.clientWidth);
          expect(d.svgRight, `${where} ${d.name}: inside its box`).toBeLessThanOrEqual(d.boxRight + 0.5);
          expect(d.smallestText, `${where} ${d.name} (${d.form}): text size`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
          expect(d.cut, `${where} ${d.name}: cut labels`).toEqual([]);
          expect(d.spills, `${where} ${d.name}: text outside its box`).toEqual([]);
          expect(d.named, `${where} ${d.name}: link names`).toBe(true);
          expect(d.titled, `${where} ${d.name}: links named twice`).toEqual([]);
          for (const href of d.hrefs) expect(cardPaths.has(href), `${where} ${d.name}: ${href}`).toBe(true);
          // Layer titles in the stack picture and the kernel in call chains open their section of /layers/.
          for (const href of d.otherHrefs) expect(href, `${where} ${d.name}`).toBe(`${base}layers/`);
          expect(d.hrefs.length, `${where} ${d.name}: linked boxes`).toBeGreaterThan(0);
          if (d.kind === 'card' && d.form === 'narrow') {
            expect(d.caption, `${where} ${d.name}: the caption describes the stacked form`).not.toMatch(/左侧|右侧/);
          }
        }
      }
    }
  });
}

test('on a phone the call chains are numbered steps, every participant a link, the kernel to its layer', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('layers/');
  const chain = page.locator('figure[data-diagram="chain-docker-run"] svg.dg-narrow');
  await expect(chain).toBeVisible();
  await expect(page.locator('figure[data-diagram="chain-docker-run"] svg.dg-wide')).toBeHidden();
  await expect(chain.locator('g.step')).toHaveCount(7);
  await expect(chain.locator('g.step').first()).toContainText('docker CLI → dockerd');
  await expect(chain.locator('a')).toHaveCount(6);
  const kernel = chain.getByRole('link', { name: /Linux 内核/ });
  await expect(kernel).toHaveAttribute('href', /\/layers\/#detail-kernel$/);
  await kernel.click();
  await expect(page).toHaveURL(/\/layers\/#detail-kernel$/);
});

test('a wide chain links its kernel box too, with one clean name per link', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('layers/');
  const chain = page.locator('figure[data-diagram="chain-kubelet-cri-o"] svg.dg-wide');
  await expect(chain).toBeVisible();
  await expect(chain.locator('a[data-layer="kernel"]')).toHaveAttribute('href', /\/layers\/#detail-kernel$/);
  // The accessible name is the label alone, not the label followed by the box's text again.
  await expect(chain.getByRole('link', { name: 'crun 默认 OCI 运行时', exact: true })).toHaveCount(1);
  const card = page.locator('figure[data-diagram="stack"] svg.dg-wide');
  await expect(card.getByRole('link', { name: 'Kubernetes（容器编排系统）', exact: true })).toHaveCount(1);
});

/** Text sizes, cut labels and fit of a standalone SVG opened on its own at the viewport's width. */
async function inspectStandalone(page: Page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll('text')].filter((t) => t.getBoundingClientRect().width > 0);
    const sizes = texts.map((t) => {
      const m = t.getScreenCTM()!;
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    });
    const root = document.documentElement;
    return {
      texts: texts.length,
      smallest: Math.min(...sizes),
      cut: texts.map((t) => t.textContent ?? '').filter((text) => text.includes('…')),
      width: root.getBoundingClientRect().width,
      overflow: Math.max(root.getBoundingClientRect().right, ...texts.map((t) => t.getBoundingClientRect().right)),
    };
  });
}

for (const size of sizes) {
  test(`standalone SVGs for wikis: text of 11 px and more at 1:1, nothing cut, the narrow files fit a 380 px column (${size.width} px)`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    const names = [
      'stack',
      'chain-docker-run',
      'chain-kubelet-containerd',
      'chain-kubelet-cri-o',
      'card-containerd',
      'card-user-namespaces',
    ];
    // On a phone a wiki shows the narrow file; the wide ones are for wide columns.
    const files = names.flatMap((n) =>
      size.width < 400 ? [`${n}-narrow`, `${n}-narrow-dark`] : [n, `${n}-dark`, `${n}-narrow`],
    );
    for (const file of files) {
      await page.goto(`diagrams/${file}.svg`);
      const s = await inspectStandalone(page);
      expect(s.texts, file).toBeGreaterThan(5);
      expect(s.smallest, `${file}: text size at 1:1`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
      expect(s.cut, `${file}: cut labels`).toEqual([]);
      expect(s.overflow, `${file}: nothing beyond the viewport`).toBeLessThanOrEqual(size.width);
      if (file.includes('-narrow')) expect(s.width, `${file}: fits a 380 px wiki column`).toBeLessThanOrEqual(380);
    }
  });
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
  for (const name of [...names, 'stack-dark', 'chain-docker-run-narrow', 'chain-docker-run-narrow-dark']) {
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
