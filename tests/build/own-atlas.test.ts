/**
 * A team's own atlas from content alone (issue 25): tests/fixtures/own-atlas is a content
 * folder with an English site.yaml, four notes (a relative `.md` link, wiki links, a note
 * with its own `lang`) and two cards of its own kind, without Chinese names. One real
 * build under a base path, with nothing under src/ or public/ changed, must give an
 * English site named and linked as site.yaml says.
 */
import { spawnSync } from 'node:child_process';
import { buildWhenFree, type BuildResult } from '../support/checkout-build.ts';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../src/i18n/zh-CN.ts';
import en from '../../src/i18n/en.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-own-'));
const out = path.join(dir, 'dist');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What git says about src/ and public/: the build must leave both as they were. */
const sourceState = () =>
  spawnSync('git', ['status', '--porcelain', '--', 'src', 'public'], { cwd: root, encoding: 'utf8' }).stdout;

let result: BuildResult;
let before = '';
beforeAll(() => {
  cpSync(path.join(root, 'tests/fixtures/own-atlas'), path.join(dir, 'content'), { recursive: true });
  before = sourceState();
  // The team's settings only: no repository, language or contract from the environment.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    FORCE_COLOR: '0',
    STACK_ATLAS_CONTENT: path.join(dir, 'content'),
    STACK_ATLAS_OUT: out,
    STACK_ATLAS_CACHE: path.join(dir, 'cache'),
    BASE_PATH: '/atlas/',
    SITE_URL: 'https://wiki.example.com',
  };
  for (const name of ['STACK_ATLAS_REPO', 'STACK_ATLAS_REPO_BRANCH', 'SITE_LANG', 'STACK_ATLAS_URLS']) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('GITHUB_')) delete env[name];
  // vitest puts its own import.meta.env into process.env; a child build would take its BASE_URL '/'
  for (const name of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete env[name];
  // waits while another test file's build holds the checkout's lock
  result = buildWhenFree(env);
}, 600_000);

const page = (file: string) => readFileSync(path.join(out, file), 'utf8');
const htmlFiles = () =>
  readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
/** The visible text of a part of a page. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('an English atlas of a team’s own notes', () => {
  it('builds under its base path without touching src/ or public/', () => {
    expect(result.status, result.output).toBe(0);
    expect(sourceState()).toBe(before);
  });

  it('lists in the sitemap the parts the team filled, not the empty examples and playground pages', () => {
    const sitemap = page('sitemap-0.xml');
    const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(listed).toContain('https://wiki.example.com/atlas/notes/getting-started/');
    expect(listed).toContain('https://wiki.example.com/atlas/layers/');
    expect(listed).toContain('https://wiki.example.com/atlas/compare/');
    for (const empty of ['examples/', 'playground/', 'playground/licences/'])
      expect(listed).not.toContain(`https://wiki.example.com/atlas/${empty}`);
    // still built: a link someone kept answers
    expect(existsSync(path.join(out, 'examples/index.html'))).toBe(true);
  });

  it('speaks English and carries the name, texts and links site.yaml gives', () => {
    const home = page('index.html');
    expect(home).toMatch(/<html lang="en"/);
    expect(home).toContain('<title>Platform Atlas · How our platform fits together</title>');
    const nav = text(/<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home)![0]);
    // the team has cards and a comparison, but no runnable examples: no link to an empty page
    expect(nav).toBe([en['nav.layers'], en['nav.cards'], en['nav.notes'], en['nav.compare']].join(' '));
    expect(home).toContain('What runs between our services');
    expect(home).toContain('Platform Atlas · kept by the platform team');
    // site.yaml's start note is the first step, numbered the English way
    expect(text(/<ol class="start-path"[\s\S]*?<\/ol>/.exec(home)![0])).toMatch(
      /^1\. Read Getting started with the mesh/,
    );
    const manifest = JSON.parse(page('manifest.webmanifest')) as { name: string; lang: string };
    expect(manifest).toMatchObject({ name: 'Platform Atlas · How our platform fits together', lang: 'en' });
    expect(page('llms.txt')).toMatch(/^# Platform Atlas \(How our platform fits together\)\n/);
  });

  it('links notes, cards and edits the way the team wrote them, under the base path', () => {
    const note = page('notes/getting-started/index.html');
    expect(note).toContain('href="https://git.example.com/platform/atlas/edit/trunk/notes/getting-started.md"');
    expect(note).toContain('href="/atlas/notes/mesh-rollout/"'); // ./mesh-rollout.md
    expect(note).toContain('href="/atlas/notes/guide/"'); // guide/index.md
    expect(note).toMatch(/<a [^>]*href="\/atlas\/cards\/linkerd\/"[^>]*>Linkerd<\/a>/); // [[linkerd]]
    expect(note).toMatch(/<time datetime="2026-10-02"[^>]*>October 2, 2026<\/time>/);
  });

  it('a card of its own kind needs no Chinese name, and none is made up', () => {
    const card = page('cards/linkerd/index.html');
    expect(card).toContain('<title>Linkerd · Platform Atlas</title>');
    expect(card).toContain('Service mesh'); // the kind's label from site.yaml
    // counts pick the English word for one or many
    expect(card).toContain('on the right, the 1 card it points to');
    expect(page('compare/istio-vs-linkerd/index.html')).toContain('Data plane proxy'); // the trait's label
    // the alias redirects, in English punctuation
    expect(page('cards/linkerd2/index.html')).toMatch(/This page has moved to <a href="[^"]+">Linkerd<\/a>\.<\/p>/);
  });

  it("a note's lang is its page's language; the interface around it stays the site's", () => {
    const note = page('notes/incident-review/index.html');
    expect(note).toMatch(/<html lang="en-GB"/);
    expect(note).toMatch(/<header class="site-header" lang="en"/);
    expect(note).toMatch(/<footer class="site-footer" lang="en"/);
  });

  it('no Chinese interface text reaches any page', () => {
    // every fixed part of a zh-CN dictionary entry that has Chinese in it
    const fragments = Object.values(zhCN)
      .flatMap((value) => value.split(/\{\w+\}/))
      .map((part) => part.trim())
      .filter((part) => /\p{Script=Han}/u.test(part));
    expect(fragments.length).toBeGreaterThan(300);
    const files = htmlFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const html = page(file);
      const leaked = fragments.filter((fragment) => html.includes(fragment));
      expect(leaked, file).toEqual([]);
      expect(html.match(/[\p{Script=Han}（）：、；。「」]/gu), file).toBeNull();
    }
  });
});
