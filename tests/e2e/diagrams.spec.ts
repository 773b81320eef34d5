import { test, expect } from './fixtures.ts';

interface CardsJson {
  cards: Array<{ id: string; name: string }>;
}

test('each card page shows its diagram with the card name and a text equivalent', async ({ page, request }) => {
  const { cards } = (await (await request.get('api/cards.json')).json()) as CardsJson;
  for (const card of cards) {
    await page.goto(`cards/${card.id}/`);
    const figure = page.locator('#position').locator('..').locator('figure.diagram-figure');
    const svg = figure.locator('svg.diagram-light');
    await expect(svg, card.id).toBeVisible();
    await expect(svg.locator('foreignObject')).toHaveCount(0);
    expect(await svg.textContent(), card.id).toContain(card.name.split(' ')[0]);
    await expect(svg.locator(`.node.focus[data-card="${card.id}"]`)).toHaveCount(1);
    await expect(svg).toHaveAttribute('role', 'img');
    await expect(figure.locator('details.diagram-text a.focus')).toHaveText(new RegExp(card.name.split(' ')[0]!));
  }
});

test('the diagram follows the site theme toggle, not only the system setting', async ({ page }) => {
  await page.goto('cards/containerd/');
  const figure = page.locator('figure.diagram-figure').first();
  const visibleVariant = async () => ((await figure.locator('svg.diagram-dark').isVisible()) ? 'dark' : 'light');
  const before = await visibleVariant();
  await page.getByRole('button', { name: '切换深色/浅色主题' }).click();
  expect(await visibleVariant()).not.toBe(before);
});

test('home and /layers/ show the whole stack; /layers/ shows the call chains', async ({ page }) => {
  for (const url of ['./', 'layers/']) {
    await page.goto(url);
    await expect(
      page
        .locator('figure[data-diagram="stack"] svg.diagram-light, figure[data-diagram="stack"] svg.diagram-dark')
        .first(),
    ).toBeAttached();
  }
  await expect(page.locator('figure[data-diagram="chain-docker-run"] details')).toContainText('containerd-shim');
  await expect(page.locator('figure[data-diagram="chain-kubelet-pod"] details')).toContainText('CRI');
});

test('standalone diagrams load as images with non-zero size, and their Mermaid source is served', async ({
  page,
  request,
}) => {
  const names = ['stack', 'card-containerd', 'chain-docker-run', 'chain-kubelet-pod'];
  await page.goto('./');
  for (const name of names) {
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    }, `diagrams/${name}.svg`);
    expect(size.w, name).toBeGreaterThan(100);
    expect(size.h, name).toBeGreaterThan(50);
    const svg = await (await request.get(`diagrams/${name}.svg`)).text();
    expect(svg).not.toContain('foreignObject');
    const mmd = await (await request.get(`diagrams/${name}.mmd`)).text();
    expect(mmd).toMatch(/^(flowchart|sequenceDiagram|graph)/m);
  }
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
  await page.getByRole('button', { name: '复制 Markdown 图片' }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
    /^!\[.+\]\(https?:\/\/.+\/diagrams\/card-runc\.svg\)$/,
  );
  await context.close();
});
