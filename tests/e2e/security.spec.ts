/**
 * The Content-Security-Policy applies on any host: every page carries it as a
 * <meta> tag (GitHub Pages ignores _headers), and a script that reaches a page
 * anyway (a compromised cache, an edited file on the server) does not run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.ts';

const out = process.env.STACK_ATLAS_OUT ?? 'dist';

/** Every HTML page of the built site, as a URL relative to the base. */
function builtPages(): string[] {
  return readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) =>
      file
        .split(path.sep)
        .join('/')
        .replace(/(^|\/)index\.html$/, '$1'),
    );
}

/**
 * The policies of _headers: the one for every path (`<base>*`), and the pages that drop
 * it for another (`! Content-Security-Policy`: the live machine's pages), by site path.
 */
function headerPolicies(text: string): { all: string | undefined; pages: Map<string, string> } {
  let all: string | undefined;
  const pages = new Map<string, string>();
  let base = '/';
  for (const block of text.split(/\n(?=\S)/)) {
    const [target = '', ...lines] = block.split('\n');
    const policy = lines.map((line) => /^ {2}Content-Security-Policy: (.+)$/.exec(line)?.[1]).find(Boolean);
    if (!policy) continue;
    if (target.endsWith('*')) {
      all = policy;
      base = target.slice(0, -1);
    } else if (lines.includes('  ! Content-Security-Policy')) pages.set(target.slice(base.length), policy);
  }
  return { all, pages };
}

test('every page carries its policy of _headers as a meta tag, before any script', async ({ request }) => {
  const policies = headerPolicies(readFileSync(path.join(out, '_headers'), 'utf8'));
  expect(policies.all).toContain("script-src-attr 'none'");
  // Only the live machine's pages differ, and only by allowing v86's blob: workers.
  for (const policy of policies.pages.values()) {
    expect(policy).toBe(policies.all!.replace("worker-src 'self'", "worker-src 'self' blob:"));
  }
  const pages = builtPages();
  expect(pages.length).toBeGreaterThan(50);
  const missing: string[] = [];
  for (const page of pages) {
    const policy = policies.pages.get(page) ?? policies.all;
    const html = await (await request.get(page || './')).text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    const firstScript = html.indexOf('<script');
    if (!meta || meta[1]!.replace(/&#39;/g, "'") !== policy || (firstScript >= 0 && firstScript < meta.index)) {
      missing.push(page || '/');
    }
  }
  expect(missing).toEqual([]);
});

test('a script or inline handler injected into a built page does not run', async ({ page }) => {
  await page.route('**/notes/container-background/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      '</main>',
      '<script>window.__injected = true;</script><img src="/nope.png" onerror="window.__handler = true"></main>',
    );
    // No CSP header: only the page's own meta tag protects it, as on GitHub Pages.
    await route.fulfill({ response, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const w = window as unknown as { __violations?: string[] };
      (w.__violations ??= []).push(event.effectiveDirective);
    });
  });
  await page.goto('notes/container-background/', { waitUntil: 'load' });
  await expect(page.locator('h1')).toContainText('容器技术背景');
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __handler?: boolean }).__handler)).toBeUndefined();
  // Exactly the two injected pieces were blocked; the site's own inline theme script was not.
  await expect
    .poll(() => page.evaluate(() => ((window as unknown as { __violations?: string[] }).__violations ?? []).sort()))
    .toEqual(['script-src-attr', 'script-src-elem']);
});
