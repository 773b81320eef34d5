/** What teams linking from their wikis rely on: stable URLs, copy-link, previews, CSP. */
import { readFileSync } from 'node:fs';
import { parseContract } from '../../src/model/url-contract.ts';
import { test, expect, pageTypes } from './fixtures.ts';

const contract = parseContract(readFileSync('urls.txt', 'utf8'));

test('every URL in the contract (urls.txt) resolves', async ({ request }) => {
  expect(contract.length).toBeGreaterThan(50);
  const failures: string[] = [];
  for (const url of contract) {
    const response = await request.get(url || './');
    if (response.status() !== 200) failures.push(`/${url} → ${response.status()}`);
  }
  expect(failures).toEqual([]);
});

test('the # anchor copies the canonical URL of a section and announces it', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto('cards/containerd/');
  const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
  await page.locator('#relations a.heading-anchor').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#relations$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${canonical}#relations`);
  await expect(page.locator('#announcer')).toContainText('关系');
  await page.locator('#relations button.heading-copy-md').click();
  const title = await page.locator('meta[property="og:title"]').getAttribute('content');
  expect(title).toBe('containerd（行业标准的容器运行时）');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`[${title} — 关系](${canonical}#relations)`);
  await context.close();
});

test('a Chinese heading copies a percent-encoded link that resolves back to it', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto('notes/container-background/');
  await page.locator('h2', { hasText: '容器解决的问题' }).locator('a.heading-anchor').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/#1-%E5%AE%B9/);
  await page.goto(new URL(new URL(copied).pathname + new URL(copied).hash, baseURL).href);
  await expect(page.locator('h2', { hasText: '容器解决的问题' })).toBeInViewport();
  await context.close();
});

for (const [type, url] of Object.entries(pageTypes).filter(([t]) => t !== 'notFound')) {
  test(`${type}: Open Graph and Twitter metadata for link previews`, async ({ page }) => {
    await page.goto(url);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /.+/);
    await expect(page.locator('meta[property="og:description"]')).toHaveAttribute('content', /.{10,}/);
    await expect(page.locator('meta[property="og:url"]')).toHaveAttribute('content', /^https?:\/\//);
    await expect(page.locator('meta[property="og:locale"]')).toHaveAttribute('content', 'zh_CN');
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', /summary/);
  });
}

test('the Content-Security-Policy in _headers produces no violation on any page type', async ({ page }) => {
  const headers = readFileSync(`${process.env.STACK_ATLAS_OUT ?? 'dist'}/_headers`, 'utf8');
  const policy = /Content-Security-Policy: (.+)/.exec(headers)?.[1];
  expect(policy).toBeTruthy();
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const type = response.headers()['content-type'] ?? '';
    await route.fulfill({
      response,
      headers: type.includes('text/html')
        ? { ...response.headers(), 'content-security-policy': policy! }
        : response.headers(),
    });
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const w = window as unknown as { __cspViolations?: string[] };
      (w.__cspViolations ??= []).push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text().slice(0, 200));
  });
  for (const url of Object.values(pageTypes)) {
    await page.goto(url, { waitUntil: 'networkidle' });
    violations.push(
      ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])),
    );
  }
  expect(violations).toEqual([]);
});
