import { createHash } from 'node:crypto';
import { test, expect } from './fixtures.ts';

const sections = ['summary', 'position', 'features', 'relations', 'history', 'examples', 'sources', 'mentioned-in'];

test('every card is reachable from home within two clicks', async ({ page, request }) => {
  const cards = (await (await request.get('api/cards.json')).json()) as { cards: Array<{ id: string }> };
  expect(cards.cards.length).toBeGreaterThanOrEqual(16);
  await page.goto('./');
  const reachable = new Set<string>();
  const firstHop = new Set<string>();
  const collect = async () => {
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => new URL(a.getAttribute('href')!, document.baseURI).href));
    return hrefs.filter((h) => h.startsWith(new URL(page.url()).origin));
  };
  for (const href of await collect()) {
    const match = /\/cards\/([a-z0-9-]+)\/$/.exec(new URL(href).pathname);
    if (match) reachable.add(match[1]!);
    firstHop.add(href.split('#')[0]!);
  }
  for (const href of firstHop) {
    if (cards.cards.every((c) => reachable.has(c.id))) break;
    await page.goto(href);
    for (const next of await collect()) {
      const match = /\/cards\/([a-z0-9-]+)\/$/.exec(new URL(next).pathname);
      if (match) reachable.add(match[1]!);
    }
  }
  const missing = cards.cards.map((c) => c.id).filter((id) => !reachable.has(id));
  expect(missing).toEqual([]);
});

test('a card page has every fixed section anchor', async ({ page }) => {
  await page.goto('cards/containerd/');
  for (const id of sections) await expect(page.locator(`#${id}`)).toHaveCount(1);
  await expect(page.locator('h1')).toContainText('containerd');
});

test('backlinks are derived: containerd shows that Kubernetes and Docker use it', async ({ page }) => {
  await page.goto('cards/containerd/');
  const incoming = page.locator('#relations').locator('..').locator('table', { hasText: '依赖它' });
  await expect(incoming.getByRole('link', { name: 'Docker', exact: true })).toHaveCount(1);
  await expect(incoming.getByRole('link', { name: 'Kubernetes', exact: true })).toHaveCount(1);
});

test('relations are navigable both ways', async ({ page }) => {
  await page.goto('cards/kubernetes/');
  const outgoing = page.locator('table', { hasText: '它依赖' });
  await outgoing.getByRole('link', { name: 'containerd', exact: true }).first().click();
  await expect(page).toHaveURL(/cards\/containerd\/$/);
  const incoming = page.locator('table', { hasText: '依赖它' });
  await incoming.getByRole('link', { name: 'Kubernetes', exact: true }).first().click();
  await expect(page).toHaveURL(/cards\/kubernetes\/$/);
});

test('the seed note is listed under "mentioned in" on the cards it names', async ({ page }) => {
  for (const id of ['containerd', 'docker', 'kubernetes', 'lxc', 'runc', 'namespaces', 'cgroups']) {
    await page.goto(`cards/${id}/`);
    await expect(
      page.locator('#mentioned-in').locator('..').getByRole('link', { name: '容器技术背景' }),
      id,
    ).toHaveCount(1);
  }
});

test('an alias URL redirects to its card: /cards/k8s/ → /cards/kubernetes/', async ({ page }) => {
  await page.goto('cards/k8s/');
  await expect(page).toHaveURL(/cards\/kubernetes\/$/);
  await expect(page.locator('h1')).toContainText('Kubernetes');
});

test('a redirect page is minimal: no stylesheet or script, its favicon under the base path', async ({ request }) => {
  const html = await (await request.get('cards/k8s/')).text();
  expect(html).toMatch(/<meta http-equiv="refresh" content="0; url=[^"]*\/cards\/kubernetes\/"/);
  expect(html).not.toMatch(/<link[^>]+rel="stylesheet"|<style|<script/);
  const base = new URL(test.info().project.use.baseURL!).pathname;
  expect(html).toContain(`<link rel="icon" href="${base}favicon.svg"`);
  expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
});

test('technology names in the note link to their cards on first mention', async ({ page }) => {
  await page.goto('notes/container-background/');
  const links = page.locator('.prose a.card-link[data-card="containerd"]');
  expect(await links.count()).toBeGreaterThanOrEqual(1);
  await expect(page.locator('.prose h2 a.card-link, .prose h3 a.card-link')).toHaveCount(0);
});

test('the layers page lists the layers with their cards and the OCI and CRI interfaces', async ({ page }) => {
  await page.goto('layers/');
  for (const name of ['编排层', '开发者工具', '高级运行时', '低级运行时', '底层内核']) {
    await expect(page.locator('h2', { hasText: name }).first()).toBeVisible();
  }
  const interfaces = page.locator('section', { has: page.locator('#interfaces') });
  await expect(interfaces.getByRole('link', { name: /OCI/ })).toHaveCount(1);
  await expect(interfaces.getByRole('link', { name: /CRI/ }).first()).toBeVisible();
});

test('an example page tells a reader with only the site how to fetch, verify and run its script', async ({
  page,
  request,
}) => {
  await page.goto('examples/cgroups/');
  const block = page.locator('pre').filter({ hasText: 'sha256sum -c' });
  const text = (await block.innerText()).trim();
  const [fetchLine, checkLine, runLine] = text.split('\n').map((l) => l.trim());
  const scriptUrl = /^curl -fsSLO (\S+)$/.exec(fetchLine ?? '')?.[1];
  expect(scriptUrl).toMatch(/\/examples\/cgroups\/run\.sh$/);
  expect(runLine).toBe('sudo bash run.sh');
  // the checksum on the page is the one of the file the site serves
  const served = await request.get(new URL('run.sh', page.url()).href);
  expect(served.ok()).toBe(true);
  const digest = createHash('sha256')
    .update(await served.body())
    .digest('hex');
  expect(checkLine).toBe(`echo '${digest}  run.sh' | sha256sum -c`);
});
