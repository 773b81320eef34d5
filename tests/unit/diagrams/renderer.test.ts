/**
 * Renderer tests with a real Chromium. Skipped (with a message saying why) when
 * no browser is found; see src/diagrams/browser.ts for how to provide one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { tryFindChromium } from '../../../src/diagrams/render/browser.ts';
import { buildDiagramManifest } from '../../../src/diagrams/render/build.ts';
import { rehypeMermaidFences } from '../../../src/markdown/mermaid-fences.ts';
import { DiagramError, DiagramRenderer } from '../../../src/diagrams/render/renderer.ts';
import { inlineSvg, themedMermaidSvg } from '../../../src/diagrams/render/svg.ts';
import { loadChains } from '../../../src/model/chains.ts';
import { loadAtlas } from '../../../src/model/load.ts';
import { fixtureAtlas } from './fixture.ts';

const browser = await tryFindChromium();
if (!browser) {
  console.warn(
    'diagrams renderer tests SKIPPED: no Chromium found. Install one (apt-get install chromium), ' +
      'or set STACK_ATLAS_CHROMIUM=/path/to/chrome, or run `npx playwright install chromium`.',
  );
}

const root = process.cwd();
const cacheDir = mkdtempSync(path.join(tmpdir(), 'diagram-cache-'));
const renderers: DiagramRenderer[] = [];
const logs: string[] = [];
function renderer(options: ConstructorParameters<typeof DiagramRenderer>[0] = {}): DiagramRenderer {
  const r = new DiagramRenderer({ root, cacheDir, log: (m) => logs.push(m), ...options });
  renderers.push(r);
  return r;
}
/** One renderer (one browser launch) for the tests that do not count launches. */
let sharedRenderer: DiagramRenderer | undefined;
const shared = () => (sharedRenderer ??= renderer());

afterAll(async () => {
  await Promise.all(renderers.map((r) => r.close()));
  rmSync(cacheDir, { recursive: true, force: true });
});

const chinese = 'flowchart TB\n  a["容器运行时"] -->|"调用"| b["命名空间与控制组"]\n  b --> c["联合文件系统"]\n';

describe.skipIf(!browser)('DiagramRenderer (real Chromium)', { timeout: 120_000 }, () => {
  it('renders a Chinese flowchart to SVG text: no foreignObject, labels present, ids prefixed', async () => {
    const r = renderer();
    const result = await r.render(chinese, { file: 'test-chinese' });
    expect(r.stats.browserLaunches).toBe(1);
    expect(result.svg.startsWith('<svg')).toBe(true);
    expect(result.svg).not.toContain('foreignObject');
    for (const label of ['容器运行时', '命名空间与控制组', '联合文件系统', '调用']) expect(result.svg).toContain(label);
    expect(result.svg).toContain('Noto Sans SC Variable');
    expect(result.warnings).toEqual([]);
    expect(result.width).toBeGreaterThan(100);
    const ids = [...result.svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(id.startsWith(result.prefix)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const final = inlineSvg(themedMermaidSvg(result, 'test'), { title: '测试', description: '说明', idPrefix: 'x' });
    expect(final).toMatch(/^<svg [^>]*role="img"/);
  });

  it('renders once for both themes: colours become the site tokens', async () => {
    const result = await shared().render(chinese, { file: 'test-chinese' });
    const themed = themedMermaidSvg(result, 'test');
    expect(themed).toMatch(/var\(--accent-soft,#[0-9a-f]{6}\)/);
    expect(themed).toMatch(/var\(--fg,#[0-9a-f]{6}\)/);
    expect(themed).not.toMatch(/#0a[0-9a-f]{2}b7/i);
  });

  it('never renders an unchanged diagram twice: a new renderer reads the disk cache without a browser', async () => {
    const r = renderer();
    const hit = await r.render(chinese, { file: 'test-chinese' });
    expect(hit.svg).toContain('容器运行时');
    expect(r.stats).toMatchObject({ cached: 1, rendered: 0, browserLaunches: 0 });
    expect(r.browserRunning).toBe(false);
  });

  it('does not trust a cache entry with a script in it: it renders again', async () => {
    const source = 'flowchart LR\n  p["缓存"] --> q["校验"]\n';
    const first = renderer();
    await first.render(source, { file: 'cache-check' });
    const key = first.cacheKey(source);
    const file = path.join(cacheDir, `${key}.json`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { svg: string };
    writeFileSync(
      file,
      JSON.stringify({ ...entry, svg: entry.svg.replace('</svg>', '<script>alert(1)</script></svg>') }),
    );
    const second = renderer();
    const result = await second.render(source, { file: 'cache-check' });
    expect(second.stats).toMatchObject({ cached: 0, rendered: 1 });
    expect(result.svg).not.toContain('<script');
  });

  it('throws on invalid Mermaid, naming the diagram and the line', async () => {
    const r = shared();
    const bad = 'flowchart TB\n  a --> b\n  c -->> [oops\n';
    const error = await r.render(bad, { file: 'card-broken' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiagramError);
    expect((error as Error).message).toMatch(
      /^diagram "card-broken": invalid generated Mermaid \(Mermaid parse error on line 3 /,
    );
    expect((error as Error).message).toContain('> 3 |   c -->> [oops');
    // The renderer stays usable after an error.
    expect((await r.render('flowchart LR\n  x["好"] --> y["的"]\n', { file: 'ok' })).svg).toContain('好');
  });

  it('warns when a label does not fit its shape (clipping check)', async () => {
    const r = shared();
    const tall =
      'sequenceDiagram\n  participant a as 第一行<br/>第二行<br/>第三行<br/>第四行<br/>第五行\n  participant b as 乙\n  a->>b: 你好\n';
    const result = await r.render(tall, { file: 'too-tall' });
    expect(result.warnings.some((w) => w.includes('第一行') && w.includes('does not fit'))).toBe(true);
    expect(logs.some((l) => l.startsWith('diagrams: warning: diagram "too-tall"'))).toBe(true);
    logs.length = 0;
  });

  it('turns ```mermaid fences into a figure with one themed SVG and the source', async () => {
    const r = shared();
    const markdown =
      '# 笔记\n\n一段文字。\n\n```mermaid\nflowchart LR\n  a["镜像"] --> b["容器"]\n```\n\n```mermaid\nflowchart LR\n  a["镜像"] --> b["容器"]\n```\n';
    const file = new VFile({ path: path.join(root, 'content/notes/demo.md'), value: markdown });
    const html = String(
      await unified()
        .use(remarkParse)
        .use(remarkRehype)
        .use(rehypeMermaidFences, { renderer: r })
        .use(rehypeStringify)
        .process(file),
    );
    expect(html).not.toContain('language-mermaid');
    expect(html.match(/<figure class="diagram diagram-note"/g)).toHaveLength(2);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('var(--fg,');
    expect(html).toContain('<summary>文字版（Mermaid 源码）</summary>');
    expect(html).toContain('<pre class="diagram-source">flowchart LR\n  a["镜像"] --> b["容器"]</pre>');
    expect(html).not.toContain('foreignObject');
    // Two identical fences on one page still get distinct ids.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('<title');
  });

  it('fails a note with invalid Mermaid, naming the note file and line', async () => {
    const r = shared();
    const markdown = '# 笔记\n\n文字\n\n```mermaid\nflowchart LR\n  a --> b\n  c -->> [oops\n```\n';
    const file = new VFile({ path: path.join(root, 'content/notes/broken.md'), value: markdown });
    const processor = unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeMermaidFences, { renderer: r })
      .use(rehypeStringify);
    await expect(processor.process(file)).rejects.toThrow(
      /^content\/notes\/broken\.md:8:1: invalid Mermaid in the fence at line 5 \(Mermaid parse error on line 3 of the diagram source\)/,
    );
  });

  it('builds the manifest: laid-out diagrams without the browser, chains rendered once, all themed and linked', async () => {
    const r = renderer();
    const atlas = fixtureAtlas();
    const result = await buildDiagramManifest({ atlas, chains: [], base: '/', site: 'https://x.test', renderer: r });
    expect(r.stats.browserLaunches).toBe(0);
    expect(Object.keys(result.manifest)[0]).toBe('stack');
    expect(Object.keys(result.manifest).sort()).toEqual(['stack', ...atlas.cards.map((c) => `card-${c.id}`)].sort());
    const stack = result.manifest.stack!;
    expect(stack.svg.wide).toMatch(/^<svg [^>]*class="dg dg-wide"/);
    expect(stack.svg.narrow).toMatch(/^<svg [^>]*class="dg dg-narrow"/);
    expect(stack.standalone.light).toContain('href="https://x.test/cards/runc/"');
    expect(stack.standalone.dark).toMatch(/--bg:#0e1316/);

    const real = loadAtlas('content');
    const withChains = await buildDiagramManifest({
      atlas: real,
      chains: loadChains('content', real),
      base: '/atlas/',
      site: 'https://x.test',
      renderer: shared(),
    });
    const chain = withChains.manifest['chain-docker-run']!;
    expect(chain.svg.wide).toContain('<a href="/atlas/cards/runc/" class="actor-link" data-card="runc"');
    expect(chain.svg.wide).not.toMatch(/#0a[0-9a-f]{2}b7/i);
  });
});
