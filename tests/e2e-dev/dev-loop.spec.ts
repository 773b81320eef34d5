/**
 * The author's loop in `astro dev` (issue 25): each of the ten everyday mistakes, made
 * while dev runs on a copy of a small content folder, shows in the page with its file
 * and line, and goes away once fixed, without a restart; a card added later reaches a
 * note's wiki link. Dev runs on its own port (E2E_DEV_PORT) with its own cache folder;
 * the whole process group is stopped at the end.
 *
 * Waits are generous upper bounds for a loaded machine; nothing here measures speed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const mistakes = path.join(root, 'tests/fixtures/ten-mistakes');
const port = Number(process.env.E2E_DEV_PORT ?? 4331);
const origin = `http://127.0.0.1:${port}`;
/** Up to this long for dev to start (Astro's first content sync included). */
const START_MS = 150_000;
/**
 * Up to this long for dev to restart itself (site.yaml): Astro renders every entry again,
 * and the first page after it waits for Vite's dependency scan.
 */
const RESTART_MS = 120_000;
/** Up to this long for a saved file to show in the page. */
const SHOW_MS = 30_000;

let dir: string;
let content: string;
let dev: ChildProcess | undefined;
let output = '';

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

test.beforeAll(async ({ browser }) => {
  dir = mkdtempSync(path.join(tmpdir(), 'atlas-dev-'));
  content = path.join(dir, 'content');
  cpSync(path.join(root, 'tests/fixtures/minimal'), content, { recursive: true });
  // runc with its alias, so that a second card can take it (the duplicate-alias mistake)
  cpSync(path.join(mistakes, 'cards/runc.md'), path.join(content, 'cards/runc.md'));
  dev = spawn(
    process.execPath,
    [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: root,
      // its own process group, stopped as a whole in afterAll
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        FORCE_COLOR: '0',
        STACK_ATLAS_CONTENT: content,
        STACK_ATLAS_URLS: '',
        STACK_ATLAS_CACHE: path.join(dir, 'cache'),
        BASE_PATH: '/',
      },
    },
  );
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await expect
    .poll(
      async () => {
        if (dev!.exitCode !== null) throw new Error(`astro dev stopped:\n${output}`);
        return fetch(`${origin}/notes/hello/`)
          .then((response) => response.status)
          .catch(() => 0);
      },
      { timeout: START_MS, intervals: [500] },
    )
    .toBe(200);
  // The first visit makes Vite optimise the pages' dependencies, and it reloads the page once
  // they are ready: done here, so that no later navigation races with it.
  const page = await browser.newPage();
  await page.goto(`${origin}/notes/hello/`, { timeout: START_MS });
  await page.waitForLoadState('networkidle', { timeout: START_MS });
  await page.goto(`${origin}/notes/hello/`, { timeout: START_MS });
  await page.waitForLoadState('networkidle', { timeout: START_MS });
  await page.close();
});

test.afterAll(async () => {
  if (dev?.pid !== undefined && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev!.once('exit', resolve));
    process.kill(-dev.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) process.kill(-dev.pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line no-empty-pattern -- Playwright's fixture argument, none used
test.afterEach(({}, testInfo) => {
  // what dev said, to see why a mistake did not show
  if (testInfo.status !== testInfo.expectedStatus) console.log(output.slice(-6000));
  if (process.env.E2E_DEV_LOG) writeFileSync(process.env.E2E_DEV_LOG, output);
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const write = (file: string, text: string) => writeFileSync(path.join(content, file), text);
const fixture = (file: string) => readFileSync(path.join(mistakes, file), 'utf8');
const remove = (file: string) => unlinkSync(path.join(content, file));

/** The page shows Astro's error overlay naming `place` (file:line[:column]) and `words`. */
async function expectError(page: Page, place: string, words: string) {
  await expect(async () => {
    expect((await page.request.get(`${origin}/notes/hello/`)).status()).toBe(500);
    await page.goto(`${origin}/notes/hello/`, { waitUntil: 'domcontentloaded', timeout: 10_000 });
    const overlay = page.locator('vite-error-overlay');
    await expect(overlay).toContainText(place, { timeout: 2_000 });
    await expect(overlay).toContainText(words, { timeout: 1_000 });
  }).toPass({ timeout: SHOW_MS, intervals: [300, 500, 1000] });
}

/** The page is back: status 200, its text, no overlay. */
async function expectFine(page: Page, url = '/notes/hello/', text = '一篇小笔记') {
  await expect(async () => {
    expect((await page.request.get(`${origin}${url}`)).status()).toBe(200);
    await page.goto(`${origin}${url}`, { waitUntil: 'domcontentloaded', timeout: 10_000 });
    await expect(page.locator('vite-error-overlay')).toHaveCount(0);
    await expect(page.locator('main')).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: SHOW_MS, intervals: [300, 500, 1000] });
}

interface Mistake {
  name: string;
  make: () => void;
  place: string;
  words: string;
  fix: () => void;
  /** After the fix: this page shows this text. */
  after?: [url: string, text: string];
}

const mistakeList: Mistake[] = [
  {
    name: 'relation target typo',
    // crun without the duplicate alias, so that only the relation is wrong
    make: () => write('cards/crun.md', fixture('cards/crun.md').replace('[OCI runtime]', '[crun runtime]')),
    place: 'cards/crun.md:9:27',
    words: 'namespcaes',
    fix: () => remove('cards/crun.md'),
  },
  {
    name: 'wrong layer id',
    make: () => write('cards/youki.md', fixture('cards/youki.md')),
    place: 'cards/youki.md:4:8',
    words: 'runtime-lo',
    fix: () => write('cards/youki.md', fixture('cards/youki.md').replace('runtime-lo\n', 'runtime-low\n')),
    after: ['/cards/youki/', 'youki'],
  },
  {
    name: 'impossible date',
    make: () => write('notes/date.md', fixture('notes/date.md')),
    place: 'notes/date.md:3:12',
    words: 'published',
    fix: () => write('notes/date.md', fixture('notes/date.md').replace('2026-13-45', '2025-12-24')),
    after: ['/notes/date/', '不存在的日期'],
  },
  {
    name: 'unclosed code fence',
    make: () => write('notes/fence.md', fixture('notes/fence.md')),
    place: 'notes/fence.md:7:1',
    words: 'never closed',
    fix: () => write('notes/fence.md', fixture('notes/fence.md').replace('runc run demo\n', 'runc run demo\n```\n')),
    after: ['/notes/fence/', '后面的段落'],
  },
  {
    name: 'bad Mermaid',
    make: () => write('notes/mermaid.md', fixture('notes/mermaid.md')),
    place: 'notes/mermaid.md:10:1',
    words: 'Mermaid',
    fix: () => remove('notes/mermaid.md'),
  },
  {
    name: 'wiki link to a missing card',
    make: () => write('notes/wiki.md', fixture('notes/wiki.md')),
    place: 'notes/wiki.md:5:14',
    words: 'namespcae',
    fix: () => write('notes/wiki.md', fixture('notes/wiki.md').replace('[[namespcae]]', '[[namespaces]]')),
    after: ['/notes/wiki/', '见'],
  },
  {
    name: 'duplicate alias',
    make: () => write('cards/crun.md', fixture('cards/crun.md').replace('namespcaes', 'namespaces')),
    place: 'cards/crun.md:4:11',
    words: 'OCI runtime',
    fix: () => remove('cards/crun.md'),
  },
  {
    name: 'mis-indented YAML',
    make: () => write('notes/indent.md', fixture('notes/indent.md')),
    place: 'notes/indent.md:6:1',
    words: 'YAML',
    fix: () => write('notes/indent.md', fixture('notes/indent.md').replace(' - 内核', '  - 内核')),
    after: ['/notes/indent/', '缩进错了'],
  },
  {
    name: 'broken relative link',
    make: () => write('notes/link.md', fixture('notes/link.md')),
    place: 'notes/link.md:5:1',
    words: '../old-post/',
    // a Fuwari-style link to another note's file
    fix: () => write('notes/link.md', fixture('notes/link.md').replace('../old-post/', './hello.md')),
    after: ['/notes/link/', '旧文在'],
  },
  {
    name: 'wrong image path',
    make: () => write('notes/image.md', fixture('notes/image.md')),
    place: 'notes/image.md:7:8',
    words: 'missing.png',
    // the image the note names appears next to it
    fix: () =>
      cpSync(
        path.join(root, 'tests/fixtures/fuwari-like/notes/media/diagram.png'),
        path.join(content, 'notes/missing.png'),
      ),
    after: ['/notes/image/', '架构'],
  },
];

for (const [index, mistake] of mistakeList.entries()) {
  test(`mistake ${index + 1}: ${mistake.name} shows in the page and clears when fixed`, async ({ page }) => {
    mistake.make();
    await expectError(page, mistake.place, mistake.words);
    mistake.fix();
    await expectFine(page);
    if (mistake.after) await expectFine(page, ...mistake.after);
  });
}

test('the fixed image is shown, with no restart', async ({ page }) => {
  await page.goto(`${origin}/notes/image/`);
  await expect(page.locator('main img[alt="架构图"]')).toHaveCount(1);
});

test('a card added while dev runs reaches a wiki link that named it', async ({ page }) => {
  write('notes/later.md', '---\ntitle: 后来\npublished: 2025-05-01\n---\n以后会有 [[crun]] 的卡片。\n');
  await expectError(page, 'notes/later.md:5:', 'crun');
  write(
    'cards/crun.md',
    fixture('cards/crun.md').replace('[OCI runtime]', '[crun runtime]').replace('namespcaes', 'namespaces'),
  );
  await expectFine(page, '/notes/later/', '以后会有');
  await expect(page.locator('main a[href="/cards/crun/"]').first()).toBeVisible();
});

test('a note sentence and a card field saved while their pages are open appear there', async ({ page }) => {
  // what an author does: the page stays open, the file is saved, the text changes in place
  for (const [url, file, edit, text] of [
    ['/notes/hello/', 'notes/hello.md', (s: string) => s.replace('一篇小笔记', '一篇改过的小笔记'), '一篇改过的小笔记'],
    ['/cards/runc/', 'cards/runc.md', (s: string) => s.replace('创建并启动容器', '创建并启动容器（改过）'), '（改过）'],
  ] as const) {
    await expectFine(page, url, url === '/cards/runc/' ? 'runc' : '一篇小笔记');
    await page.waitForLoadState('networkidle');
    const before = readFileSync(path.join(content, file), 'utf8');
    write(file, edit(before));
    // no navigation by the test: dev brings the new text to the open page
    await expect(page.locator('main')).toContainText(text, { timeout: SHOW_MS });
    expect(new URL(page.url()).pathname).toBe(url);
    await expect(page.locator('vite-error-overlay')).toHaveCount(0);
    write(file, before);
    await expect(page.locator('main')).not.toContainText(text, { timeout: SHOW_MS });
  }
});

test('a mistake in a card body (a wiki link to no card) shows in the page and clears when fixed', async ({ page }) => {
  const before = readFileSync(path.join(content, 'cards/runc.md'), 'utf8');
  expect(before).toContain('[[namespaces]]');
  write('cards/runc.md', before.replace('[[namespaces]]', '[[namespcaes]]'));
  await expectError(page, 'cards/runc.md:', 'namespcaes');
  write('cards/runc.md', before);
  await expectFine(page, '/cards/runc/', 'runc');
});

test('site.yaml saved while dev runs: its name shows, and a mistake in it shows and clears, with no restart by hand', async ({
  page,
}) => {
  test.setTimeout(3 * RESTART_MS + 4 * SHOW_MS);
  const site = (name: string) =>
    `name: ${name}\ntagline: 小图谱\ndescription: 测试\nhero: 你好\nlead: 一个测试用的图谱。\n`;
  write('site.yaml', site('第一个名字'));
  // dev restarts itself (site.yaml is read with the config); the page's title follows
  await expect(async () => {
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded', timeout: RESTART_MS / 4 });
    await expect(page).toHaveTitle(/第一个名字/, { timeout: 2_000 });
  }).toPass({ timeout: RESTART_MS, intervals: [500, 1000] });
  write('site.yaml', 'name: [第二个\n');
  await expect(async () => {
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded', timeout: RESTART_MS / 4 });
    await expect(page.locator('vite-error-overlay')).toContainText('site.yaml:', { timeout: 2_000 });
  }).toPass({ timeout: RESTART_MS, intervals: [500, 1000] });
  write('site.yaml', site('第三个名字'));
  await expect(async () => {
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded', timeout: RESTART_MS / 4 });
    await expect(page.locator('vite-error-overlay')).toHaveCount(0);
    await expect(page).toHaveTitle(/第三个名字/, { timeout: 2_000 });
  }).toPass({ timeout: RESTART_MS, intervals: [500, 1000] });
  // after those restarts, saved content still reaches the pages (Astro's loader once kept
  // listening to the watcher of the server it started with, closed by the restart)
  const note = readFileSync(path.join(content, 'notes/hello.md'), 'utf8');
  write('notes/hello.md', note.replace('一篇小笔记', '一篇重启后改过的小笔记'));
  await expectFine(page, '/notes/hello/', '一篇重启后改过的小笔记');
  write('notes/hello.md', note);
  await expectFine(page, '/notes/hello/', '一篇小笔记');
});
