/**
 * The whole plugin set through Astro's own markdown processor (the one
 * `unified({ remarkPlugins, rehypePlugins })` creates), on the user's real note.
 */
import { createMarkdownProcessor, parseFrontmatter, type MarkdownHeading } from '@astrojs/markdown-remark';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { markdownPlugins } from '../../../src/markdown/index.ts';
import { buildAtlas } from '../../../src/model/atlas.ts';
import { readFrontmatter } from '../../../src/model/load.ts';
import { cardSchema } from '../../../src/model/schema.ts';
import { cards } from './render.ts';

const notePath = 'content/notes/container-background.md';

async function renderNote(
  text: string,
  frontmatter: Record<string, unknown>,
  options: Partial<Parameters<typeof markdownPlugins>[0]> = {},
  fileURL = new URL(`../../../${notePath}`, import.meta.url),
) {
  const processor = await createMarkdownProcessor({
    syntaxHighlight: false,
    // Astro's default smartypants turns the note's "程序-->操作系统" into "程序—>操作系统".
    smartypants: false,
    ...markdownPlugins({ atlas: cards, notes: ['container-background'], base: '/', ...options }),
  });
  return processor.render(text, { fileURL, frontmatter });
}

describe('markdownPlugins', () => {
  it('lists remark and rehype plugins in pipeline order', () => {
    const { remarkPlugins, rehypePlugins } = markdownPlugins({ notes: [], base: '/' });
    const names = (list: unknown[]) => list.map((p) => (Array.isArray(p) ? p[0] : p).name);
    expect(names(remarkPlugins)).toEqual([
      'remarkMath',
      'remarkCjkFriendly',
      'remarkGfmStrikethroughCjkFriendly',
      'remarkSingleTildeAsText',
      'remarkGithubAdmonitionsToDirectives',
      'remarkDirective',
      'remarkAdmonitions',
      'remarkSpoiler',
      'remarkGithubCard',
      'remarkLiteralDirectives',
      'remarkWikiLinks',
      'remarkAutoLink',
      'remarkDiagramCode',
    ]);
    expect(names(rehypePlugins)).toEqual(['rehypeMath', 'rehypeHeadings', 'rehypeTaskListLabels']);
  });

  it('accepts a real Atlas (built in memory) as `atlas`', async () => {
    const card = (id: string, name: string, aliases: string[] = []) => ({
      ...cardSchema.parse({
        name,
        zh: name,
        aliases,
        layer: 'rt',
        kind: 'tool',
        position: 'p',
        sources: [{ title: 's', url: 'https://example.org/' }],
        reviewed: '2026-11-01',
      }),
      id,
      file: `content/cards/${id}.md`,
    });
    const atlas = buildAtlas(
      [card('kubernetes', 'Kubernetes', ['k8s']), card('runc', 'runc')],
      [{ id: 'rt', name: '运行时', en: 'Runtime', description: 'd', aside: false, entry: [] }],
    );
    const { remarkPlugins, rehypePlugins } = markdownPlugins({ atlas, notes: [], base: '/' });
    const processor = await createMarkdownProcessor({ syntaxHighlight: false, remarkPlugins, rehypePlugins });
    const { code } = await processor.render('[[k8s]] 调用 runc', { frontmatter: {} });
    expect(code).toBe(
      '<p><a href="/cards/kubernetes/" class="wiki-link card-link" data-card="kubernetes">Kubernetes</a> 调用 <a href="/cards/runc/" class="card-link auto-link" data-card="runc">runc</a></p>',
    );
  });
});

describe('the real note through Astro’s processor', () => {
  let html: string;
  let headings: MarkdownHeading[];

  beforeAll(async () => {
    const { data, body } = readFrontmatter(notePath, readFileSync(notePath, 'utf8'));
    const result = await renderNote(body, data as Record<string, unknown>);
    html = result.code;
    headings = result.metadata.headings;
  });

  it('has no h1 left (the layout prints the title)', () => {
    expect(html).not.toContain('<h1');
  });

  it('keeps Chinese heading ids and adds anchors', () => {
    expect(html).toContain(
      '<h2 id="1-容器解决的问题是什么">1. 容器解决的问题是什么？<a class="heading-anchor" aria-label="本节链接：1. 容器解决的问题是什么？" href="#1-容器解决的问题是什么">',
    );
    expect(headings.map((h) => h.slug)).toEqual([
      '1-容器解决的问题是什么',
      '2-容器技术如何解决上述问题',
      '3-lxccontainerddocker-和-kubernetesk8s的关系',
      '1-lxclinux-containers',
      '2-containerd',
      '3-docker',
      '4-kubernetesk8s',
      '技术栈层次',
    ]);
    expect(headings[0]!.text).toBe('1. 容器解决的问题是什么？');
  });

  it('renders the CJK emphasis as <strong>', () => {
    expect(html).toContain('而这些<strong><u>冗余执行直接导致了资源的消耗</u></strong>。');
    expect(html).toContain('<strong>通过共享内核（Namespaces，Cgroups等），从根本上避免了<u>这一问题</u></strong>，');
    expect(html).toContain('<strong>共享内核（Namespaces，Cgroups等）</strong>——');
    expect(html).not.toMatch(/\*\*/);
  });

  it('keeps the jp anchors and the links to them', () => {
    for (const n of [1, 2, 3]) {
      expect(html).toContain(`<a id="jp${n}"></a>`);
      expect(html).toContain(`<a href="#jp${n}">问题${n}</a>`);
    }
  });

  it('auto-links card names once per h2 section (subsections included), never in headings or code', () => {
    expect(html).toContain('<h3 id="2-containerd">2. containerd<a class="heading-anchor"');
    expect(html).toContain('<code>docker run</code>');
    const section = html.slice(html.indexOf('id="3-lxccontainerddocker'), html.indexOf('id="技术栈层次"'));
    expect(section).toContain('id="2-containerd"');
    for (const id of ['containerd', 'docker-engine', 'runc']) {
      expect(section.split(`data-card="${id}"`).length - 1, id).toBeLessThanOrEqual(1);
    }
    expect(section.split('data-card="containerd"').length - 1).toBe(1);
  });

  it('keeps ASCII arrows with smartypants off', () => {
    expect(html).toContain('程序-->操作系统');
  });
});

describe('extra syntax through Astro’s processor', () => {
  it('renders admonitions, alerts, spoilers, cards, wiki links and math together', async () => {
    const { code } = await renderNote(
      [
        ':::tip[小技巧]',
        '用 [[k8s|集群]] 编排，12:30 开会。',
        ':::',
        '',
        '> [!IMPORTANT]',
        '> 先读 [[container-background#1-容器解决的问题是什么]]。',
        '',
        '答案：:spoiler[runc]',
        '',
        '::github{repo="opencontainers/runc"}',
        '',
        '$E=mc^2$',
      ].join('\n'),
      { title: '测试' },
      { base: '/stack-atlas/' },
    );
    expect(code).toContain(
      '<aside class="admonition admonition-tip" role="note"><p class="admonition-title">小技巧</p>',
    );
    expect(code).toContain(
      '<a href="/stack-atlas/cards/kubernetes/" class="wiki-link card-link" data-card="kubernetes">集群</a> 编排，12:30 开会。',
    );
    expect(code).toContain(
      '<aside class="admonition admonition-important" role="note"><p class="admonition-title">重要</p>',
    );
    expect(code).toContain(
      `href="/stack-atlas/notes/container-background/#${encodeURIComponent('1-容器解决的问题是什么')}"`,
    );
    expect(code).toContain('<span class="spoiler" tabindex="0"');
    expect(code).toContain('<a class="github-card" href="https://github.com/opencontainers/runc"');
    expect(code).toContain('<span class="katex">');
  });

  it('reports an unknown wiki link with the file path', async () => {
    // Astro logs the failure itself before rethrowing; keep the test output clean.
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(renderNote('\n[[nope]]', {})).rejects.toThrow(`${notePath}:2:1: unknown wiki link target "nope"`);
    } finally {
      error.mockRestore();
    }
  });

  it('reports lines of the file on disk, not of the body Astro passes without frontmatter', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-md-'));
    const file = path.join(dir, 'broken.md');
    writeFileSync(file, '---\ntitle: 坏链接\ntags: [a]\n---\n\n# 坏链接\n\n正文 [[nope]]\n');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // Same call as Astro's content layer: default `remove` frontmatter, then render the body.
      const { frontmatter, content } = parseFrontmatter(readFileSync(file, 'utf8'));
      await expect(renderNote(content, frontmatter, {}, pathToFileURL(file))).rejects.toThrow(
        `${file}:8:4: unknown wiki link target "nope"`,
      );
    } finally {
      error.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
