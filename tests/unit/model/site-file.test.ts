import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageFrom, repositoryFrom } from '../../../src/config.ts';
import { loadContent } from '../../../src/integrations/content.ts';
import { parseCard } from '../../../src/model/load.ts';
import { editUrl } from '../../../src/model/repository.ts';
import {
  parseSiteFile,
  readSiteFile,
  siteSettings,
  startNoteProblem,
  type SiteFile,
} from '../../../src/model/site-file.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const file = 'content/site.yaml';

/** The message a bad site.yaml produces. */
function problem(text: string): string {
  try {
    parseSiteFile(file, text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('site.yaml', () => {
  it("the default content's file names the site as it always looked", () => {
    const site = siteSettings(readSiteFile(path.join(root, 'content')));
    expect(site.name).toBe('Stack Atlas');
    expect(site.tagline).toBe('容器技术栈图谱');
    expect(site.language).toBe('zh-CN');
    expect(site.hero).toBe('容器是怎样一层层搭起来的');
    expect(site.lead).toContain('在本机真实运行过的示例');
    expect(site.footer).toBe('Stack Atlas · 容器技术栈图谱 · 静态站点，离线可用');
  });

  it('fills in what a short file leaves out, and claims nothing about content it may not have', () => {
    const site = siteSettings(parseSiteFile(file, 'name: Team Notes\ndescription: What we learnt.\nlanguage: en\n'));
    expect(site).toMatchObject({ hero: 'Team Notes', lead: 'What we learnt.', footer: 'Team Notes', language: 'en' });
    expect(site.repository).toBeUndefined();
    // a folder without site.yaml builds too, with no lead sentence about examples
    const empty = mkdtempSync(path.join(tmpdir(), 'atlas-site-'));
    try {
      const fallback = siteSettings(readSiteFile(empty));
      expect(fallback.name).toBe('Stack Atlas');
      expect(fallback.lead).not.toMatch(/示例/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('names the file, the line and the field of each mistake', () => {
    const text = 'name: Team Notes\ndescription: What we learnt.\n\nlanguage: fr\nkinds:\n  Service Mesh: Mesh\n';
    const message = problem(text);
    expect(message).toMatch(/^content\/site\.yaml:4:1: invalid site file:/);
    expect(message).toContain('line 4: language:');
    expect(message).toContain('"zh-CN"');
    expect(message).toContain('line 6: kinds.Service Mesh: "Service Mesh": expected an id');
    expect(problem('name: A\ndescription: B\ntaglin: C\n')).toMatch(/^content\/site\.yaml:1:1: .*\n.*taglin/);
    expect(problem('name: A\ndescription: B\nrepository: ftp://example.com/x\n')).toMatch(
      /^content\/site\.yaml:3:1: [\s\S]*repository: "ftp:\/\/example\.com\/x" is not an http\(s\) address/,
    );
    expect(problem('name: A\nname: B\ndescription: C\n')).toBe(
      'content/site.yaml:2:1: invalid YAML: Map keys must be unique',
    );
  });

  it('start must name a note, with the line it is on', () => {
    const site = parseSiteFile(file, 'name: A\ndescription: B\nstart: welcom\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-site-'));
    try {
      expect(startNoteProblem(dir, site, [{ slug: 'welcome' }])?.message).toBe(
        `${path.join(dir, 'site.yaml')}:1: start: no note "welcom" under notes/ (notes: welcome)`,
      );
      expect(startNoteProblem(dir, { ...site, start: 'welcome' }, [{ slug: 'welcome' }])).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('settings that site.yaml gives and the environment may override', () => {
  const site: SiteFile = parseSiteFile(
    file,
    'name: A\ndescription: B\nrepository:\n  url: https://git.example.com/team/notes.git\n  branch: trunk\n',
  );

  it('the repository: STACK_ATLAS_REPO, then site.yaml, then the Actions run, then package.json', () => {
    const actions = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'fork/atlas' };
    expect(repositoryFrom(actions, 'https://github.com/pkg/atlas', site.repository)).toMatchObject({
      url: 'https://git.example.com/team/notes',
      branch: 'trunk',
    });
    expect(repositoryFrom({ STACK_ATLAS_REPO: 'https://x.example/o/r' }, undefined, site.repository)?.url).toBe(
      'https://x.example/o/r',
    );
    expect(repositoryFrom({ STACK_ATLAS_REPO: 'none' }, undefined, site.repository)).toBeUndefined();
    expect(repositoryFrom(actions, undefined, undefined)?.url).toBe('https://github.com/fork/atlas');
  });

  it("edit links name the file in the content's own repository, wherever the build runs", () => {
    const repo = { ...site.repository!, localContentDir: '../team-notes' };
    expect(editUrl(repo, '../team-notes/notes/guide/index.md')).toBe(
      'https://git.example.com/team/notes/edit/trunk/notes/guide/index.md',
    );
    // the project's own repository (no contentPath): paths stay relative to the project
    expect(editUrl({ url: 'https://github.com/o/r', branch: 'main' }, 'content/notes/a.md')).toBe(
      'https://github.com/o/r/edit/main/content/notes/a.md',
    );
  });

  it('the language: SITE_LANG overrides site.yaml, and only with a dictionary that exists', () => {
    expect(languageFrom({}, 'en')).toBe('en');
    expect(languageFrom({ SITE_LANG: 'en' }, 'zh-CN')).toBe('en');
    expect(() => languageFrom({ SITE_LANG: 'fr' }, 'zh-CN')).toThrow(
      /^SITE_LANG: "fr" has no dictionary in src\/i18n\/; expected one of zh-CN, en$/,
    );
  });
});

describe('cards under site.yaml', () => {
  const card = (fields: string) =>
    `---\nname: Linkerd\nlayer: mesh\nposition: A service mesh.\nreviewed: 2026-12-01\n` +
    `sources: [{ id: docs, title: Docs, url: "https://linkerd.io/" }]\n${fields}---\n`;
  const rules = { kinds: { 'service-mesh': 'Service mesh' }, traits: { 'data-plane': 'Data plane' } };

  it("accepts the site's own kinds and traits, and still refuses unknown ones", () => {
    const text = card('kind: service-mesh\ntraits:\n  data-plane: { text: Rust proxy, source: docs }\n');
    const parsed = parseCard('cards/linkerd.md', text, { ...rules, zhRequired: false });
    expect(parsed.kind).toBe('service-mesh');
    expect(parsed.traits).toEqual({ 'data-plane': { text: 'Rust proxy', source: 'docs' } });
    expect(() => parseCard('cards/linkerd.md', text)).toThrow(/kind: /);
    expect(() => parseCard('cards/linkerd.md', card('kind: mesh\n'), { ...rules, zhRequired: false })).toThrow(
      /kind: .*"service-mesh"/,
    );
  });

  it('needs a Chinese name only on a Chinese site', () => {
    const text = card('kind: tool\n');
    expect(parseCard('cards/linkerd.md', text, { kinds: {}, traits: {}, zhRequired: false }).zh).toBe('');
    expect(() => parseCard('cards/linkerd.md', text, { kinds: {}, traits: {}, zhRequired: true })).toThrow(
      /^cards\/linkerd\.md:2:1: zh: the Chinese name is required on a zh-CN site$/,
    );
  });
});

it('the README documents every environment setting src/ and tools/ read', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const sources = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|mjs)$/.test(f))
      .map((f) => readFileSync(path.join(root, dir, f), 'utf8'));
  const text = [...sources('src'), ...sources('tools'), readFileSync(path.join(root, 'playwright.config.ts'), 'utf8')];
  // Vite's own (BASE_URL, DEV), the shell's PATH
  const notSettings = new Set(['BASE_URL', 'DEV', 'PATH']);
  const read = new Set(text.flatMap((source) => [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!)));
  expect(read).toContain('STACK_ATLAS_CONTENT');
  for (const name of read) if (!notSettings.has(name)) expect(readme, name).toContain(`\`${name}\``);
});

it('a folder of notes alone (no site.yaml, cards, layers, chains, examples or redirects) loads', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-notes-only-'));
  try {
    mkdirSync(path.join(dir, 'notes'));
    writeFileSync(path.join(dir, 'notes/hello.md'), '---\ntitle: Hello\npublished: 2026-01-02\n---\nJust a note.\n');
    const content = loadContent(dir, '.');
    expect(content.notes).toEqual(['hello']);
    expect(content.atlas.cards).toEqual([]);
    expect(content.atlas.layers).toEqual([]);
    expect([content.chains, content.examples, content.playground.steps]).toEqual([[], [], []]);
    expect(content.site.name).toBe('Stack Atlas');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

it('the English dictionary has every key, with the same placeholders', async () => {
  const { default: en } = await import('../../../src/i18n/en.ts');
  const { default: zhCN } = await import('../../../src/i18n/zh-CN.ts');
  expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  // placeholders match: an English string fills the same values the page passes
  for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
    const names = (text: string) => [...new Set([...text.matchAll(/\{(\w+)[}:]/g)].map((m) => m[1]))].sort();
    expect(names(en[key]), key).toEqual(names(zhCN[key]));
  }
});
