/**
 * A deployment while a reader has a tab open: the minimal fixture site is built
 * and served, a tab opens it (the offline worker installs, search is loaded), the
 * note is edited and the site built again into the served folder. The open tab
 * gets `stack-atlas:updated` and the "有新版本" notice, its search still answers,
 * and the first reload shows the new text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.ts';
// One build at a time per checkout: astroBuild waits for another test's build.
import { astroBuild as build } from '../support/checkout-build.ts';
import { serveSites } from '../support/fixture-site.ts';

const root = path.resolve(import.meta.dirname, '../..');

test.describe.configure({ timeout: 400_000 });

test('a deployment reaches an open tab: notice, event, search still answers, reload shows the new text', async ({
  page,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-update-'));
  const content = path.join(dir, 'content');
  const out = path.join(dir, 'dist');
  cpSync(path.join(root, 'tests/fixtures/minimal'), content, { recursive: true });
  const env = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    FORCE_COLOR: '0',
    BASE_PATH: '/',
    STACK_ATLAS_CONTENT: content,
    STACK_ATLAS_OUT: out,
    STACK_ATLAS_CACHE: path.join(dir, 'cache'),
  };
  await build(env);
  const { server, origin } = await serveSites({ '/': out });
  const url = `${origin}/`;
  try {
    await page.addInitScript(() => {
      window.addEventListener('stack-atlas:updated', () => {
        (window as unknown as { __updated?: number }).__updated =
          ((window as unknown as { __updated?: number }).__updated ?? 0) + 1;
      });
    });
    await page.goto(`${url}notes/hello/`);
    await expect(page.locator('main')).toContainText('runc 与 namespace 的一篇小笔记');
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 60_000 })
      .toBe('activated');
    // The first worker taking control is not an update.
    await expect(page.locator('[data-update-notice]')).toBeHidden();

    const note = path.join(content, 'notes/hello.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace('一篇小笔记。', '一篇小笔记。第二版加了这句话。'));
    await build(env);

    // Browsers look for a new sw.js on navigation and now and then; ask now.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const notice = page.locator('[data-update-notice]');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toContainText('有新版本');
    expect(await page.evaluate(() => (window as unknown as { __updated?: number }).__updated)).toBe(1);

    // The tab still searches (the index it loads is the new one, or the old one kept by the worker).
    await page.keyboard.press('/');
    await page.keyboard.type('namespace');
    const results = page.locator('dialog[open] [data-search-results]');
    await expect(results).toHaveAttribute('data-query', 'namespace', { timeout: 30_000 });
    await expect(results.locator('a.search-hit-link').first()).toBeVisible();
    await page.keyboard.press('Escape');

    // The reader reloads (the notice's button): the new text, first time.
    await notice.getByRole('button', { name: '刷新' }).click();
    await expect(page.locator('main')).toContainText('第二版加了这句话', { timeout: 30_000 });
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
