import AxeBuilder from '@axe-core/playwright';
import { test, expect, pageTypes, useTheme } from './fixtures.ts';

/** Axe's violations as `rule: first targets` lines. */
const violations = (results: Awaited<ReturnType<AxeBuilder['analyze']>>) =>
  results.violations.map(
    (v) =>
      `${v.id}: ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );

for (const [type, url] of Object.entries(pageTypes)) {
  test(`${type} (light, then dark): no axe violations, no console errors, no off-origin requests`, async ({
    page,
    recorder,
  }) => {
    await useTheme(page, 'light');
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(type === 'notFound' ? 404 : 200);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(violations(await new AxeBuilder({ page }).analyze()), 'light').toEqual([]);
    // The reader switches to the dark theme, which changes colours only: the rules that
    // depend on colour run again; structure and names were checked above.
    await page.getByRole('button', { name: '切换深色/浅色主题' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await new AxeBuilder({ page }).withRules(['color-contrast', 'link-in-text-block']).analyze();
    expect(violations(dark), 'dark').toEqual([]);
    // The 404 page's own response is the one expected "failed to load" message.
    const errors = recorder.consoleErrors.filter((e) => !(type === 'notFound' && /status of 404/.test(e)));
    expect(errors).toEqual([]);
    expect(recorder.offOrigin).toEqual([]);
  });
}

test('every page has a description and a canonical URL', async ({ page }) => {
  for (const url of Object.values(pageTypes).filter((u) => !u.startsWith('this-page'))) {
    await page.goto(url);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /.{10,}/);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /^https?:\/\//);
  }
});

test('the theme toggle switches theme and the choice persists across pages', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ colorScheme: 'light', baseURL });
  const page = await context.newPage();
  await page.goto('notes/container-background/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: '切换深色/浅色主题' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe('rgb(255, 255, 255)');
  await page.goto('cards/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: '切换深色/浅色主题' }).click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await context.close();
});

test('follows the system colour scheme when the reader has not chosen', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ colorScheme: 'dark', baseURL });
  const page = await context.newPage();
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await context.close();
});

test('the layout fits a 360 px phone without horizontal scrolling', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL });
  const page = await context.newPage();
  for (const url of [pageTypes.home!, pageTypes.note!, pageTypes.card!, pageTypes.layers!]) {
    await page.goto(url);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
  await context.close();
});
