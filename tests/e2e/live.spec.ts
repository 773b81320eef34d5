/**
 * The live machine in the reader's browser (issue 23): pressing 「在浏览器里运行」 on an
 * example page restores the machine and runs the example, its checklist turning green
 * from the live output; a second run works offline; and an ordinary visit fetches
 * nothing of the machine. Markers and states are awaited with generous timeouts (the
 * emulator is slow on a loaded machine), never fixed sleeps.
 */
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, pageTypes } from './fixtures.ts';

/** tools/vm/build.ts leaves `.cache/vm/current` (or current.json) when it built an image. */
const imageBuilt = existsSync('.cache/vm/current') || existsSync('.cache/vm/current.json');
const NO_IMAGE = 'no machine image was built (.cache/vm/current is missing: run node tools/vm/build.ts, then build)';

/** Emulator start and example runs on a loaded 2-core machine. */
const RUN_TIMEOUT = 240_000;

/** Every request the page and its service worker make, as URL paths. */
function recordRequests(context: BrowserContext): string[] {
  const paths: string[] = [];
  context.on('request', (request) => {
    if (/^https?:/.test(request.url())) paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

async function workerActive(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 60_000 })
    .toBe('activated');
}

/** Presses run and waits until the example has ended; returns the machine element. */
async function runExample(page: Page) {
  const machine = page.locator('[data-live-machine]');
  await expect(machine, 'this page should run the machine: was the site built after the image?').toHaveCount(1);
  await machine.getByRole('button', { name: /在浏览器里运行/ }).click();
  await expect(machine).toHaveAttribute('data-state', /running|done/, { timeout: RUN_TIMEOUT });
  await expect(machine).toHaveAttribute('data-state', 'done', { timeout: RUN_TIMEOUT });
  return machine;
}

async function expectAllGreen(page: Page) {
  const checks = page.locator('[data-machine-check]');
  const count = await checks.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(checks.nth(i), await checks.nth(i).innerText()).toHaveAttribute('data-state', 'ok');
  }
}

test.describe('an ordinary visit', () => {
  test('fetches none of the machine’s files, even once the offline worker has precached the site', async ({
    context,
    page,
  }) => {
    const requested = recordRequests(context);
    const pages = [...Object.values(pageTypes), 'examples/namespaces/', 'examples/cgroups/', 'playground/'];
    for (const path of pages) await page.goto(path);
    await workerActive(page);
    // The precache has been filled by now (install finished before activation).
    const sw = await (await page.request.get('sw.js')).text();
    expect(sw).not.toMatch(/"\/(?:[^"]*\/)?(?:vm\/|_astro\/live-session\.[^"]*\.js)[^"]*"\s*,\s*"[0-9a-f]{16}"/);
    const machineFiles = (p: string) => /\/vm\/|\/live-session\.[^/]*\.js$|libv86|v86\.wasm|state\.bin/.test(p);
    expect(requested.filter(machineFiles)).toEqual([]);
    // The button says how much a run downloads.
    if (imageBuilt) {
      await page.goto('examples/namespaces/');
      await expect(page.getByRole('button', { name: /在浏览器里运行/ })).toContainText(/下载 \d+(\.\d)? MB/);
      expect(requested.filter(machineFiles)).toEqual([]);
    }
  });
});

for (const width of [1280, 390]) {
  test.describe(`live examples at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    test.skip(!imageBuilt, NO_IMAGE);

    test('namespaces: PID 1 inside, every assertion green', async ({ page, recorder }) => {
      test.setTimeout(RUN_TIMEOUT * 2);
      await page.goto('examples/namespaces/');
      const machine = await runExample(page);
      await expect(machine.locator('[data-machine-check-line]', { hasText: /^inside: my PID is 1$/ })).toBeVisible();
      await expectAllGreen(page);
      await expect(machine).toHaveAttribute('data-exit-code', '0');
      // The terminal is the reader's now: a command of their own gets an answer.
      await machine.locator('.xterm-helper-textarea').focus();
      await page.keyboard.type('echo reader-$((6*7))\n');
      await expect(machine.locator('.xterm-rows')).toContainText('reader-42', { timeout: 60_000 });
      // Esc leaves the terminal for the reset button.
      await page.keyboard.press('Escape');
      await expect(machine.getByRole('button', { name: '重置机器' })).toBeFocused();
      expect(recorder.offOrigin).toEqual([]);
    });

    test('cgroups: an OOM kill under cgroup v2', async ({ page }) => {
      test.setTimeout(RUN_TIMEOUT * 2);
      await page.goto('examples/cgroups/');
      const machine = await runExample(page);
      await expectAllGreen(page);
      await expect(machine.locator('[data-machine-check-line]', { hasText: /oom_kill [1-9]/ }).first()).toBeVisible();
      await expect(machine.locator('[data-machine-check-line]', { hasText: /v2/ }).first()).toBeVisible();
    });
  });
}

test.describe('the playground', () => {
  test.skip(!imageBuilt, NO_IMAGE);

  test('runs its guided steps one after another in the same machine', async ({ page }) => {
    test.setTimeout(RUN_TIMEOUT * 3);
    await page.goto('playground/');
    const machine = page.locator('[data-live-machine]');
    await machine.getByRole('button', { name: /在浏览器里运行/ }).click();
    await expect(machine).toHaveAttribute('data-state', 'ready', { timeout: RUN_TIMEOUT });
    const steps = machine.getByRole('button', { name: '发送到终端' });
    const rows = machine.locator('.xterm-rows');
    // namespace, cgroup limit, overlay root, runc running the three together
    const answers = [/inside: my PID is 1/, /oom_kill 1/, /lower: lower, upper: changed/, /runc exit status: 0/];
    for (const [index, answer] of answers.entries()) {
      await steps.nth(index).click();
      await expect(rows).toContainText(answer, { timeout: RUN_TIMEOUT });
      // The next step can be sent once the prompt is back.
      await expect(steps.nth(index + 1)).toBeEnabled({ timeout: RUN_TIMEOUT });
    }
  });
});

test.describe('offline', () => {
  test.skip(!imageBuilt, NO_IMAGE);

  test('after one live run, a second run works without the network', async ({ context, page }) => {
    test.setTimeout(RUN_TIMEOUT * 3);
    await page.goto('examples/namespaces/');
    await workerActive(page);
    await runExample(page);
    await expectAllGreen(page);
    await context.setOffline(true);
    try {
      await page.reload();
      const machine = await runExample(page);
      await expectAllGreen(page);
      await expect(machine).toHaveAttribute('data-exit-code', '0');
      // Reset restores the snapshot from the cache too.
      await machine.getByRole('button', { name: '重置机器' }).click();
      await expect(machine).toHaveAttribute('data-state', 'ready', { timeout: RUN_TIMEOUT });
    } finally {
      await context.setOffline(false);
    }
  });
});
