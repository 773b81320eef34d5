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
import { tryFindChromium } from '../../../src/diagrams/browser.ts';
import { buildDiagramManifest } from '../../../src/diagrams/build.ts';
import { getDiagram, listDiagrams } from '../../../src/diagrams/manifest.ts';
import rehypeMermaidFences from '../../../src/markdown/mermaid-fences.ts';
import { DiagramError, DiagramRenderer } from '../../../src/diagrams/renderer.ts';
import { finalizeSvg } from '../../../src/diagrams/svg.ts';
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
    const light = await r.render(chinese, 'light', { file: 'test-chinese' });
    expect(r.stats.browserLaunches).toBe(1);
    expect(light.svg.startsWith('<svg')).toBe(true);
    expect(light.svg).not.toContain('foreignObject');
    for (const label of ['容器运行时', '命名空间与控制组', '联合文件系统', '调用']) expect(light.svg).toContain(label);
    expect(light.svg).toContain('Noto Sans SC Variable');
    expect(light.warnings).toEqual([]);
    expect(light.width).toBeGreaterThan(100);
    const ids = [...light.svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(id.startsWith(light.prefix)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Light and dark variants can share a page.
    const dark = await r.render(chinese, 'dark', { file: 'test-chinese' });
    expect(dark.prefix).not.toBe(light.prefix);
    expect(dark.svg).not.toContain(`id="${light.prefix}`);
    const final = finalizeSvg(light, { title: '测试', description: '说明', className: 'diagram-light' });
    expect(final).toMatch(/^<svg [^>]*role="img"/);
  });

  it('never renders an unchanged diagram twice: a new renderer reads the disk cache without a browser', async () => {
    const r = renderer();
    const hit = await r.render(chinese, 'light', { file: 'test-chinese' });
    expect(hit.svg).toContain('容器运行时');
    expect(r.stats).toMatchObject({ cached: 1, rendered: 0, browserLaunches: 0 });
    expect(r.browserRunning).toBe(false);
  });

  it('throws on invalid Mermaid, naming the diagram and the line', async () => {
    const r = shared();
    const bad = 'flowchart TB\n  a --> b\n  c -->> [oops\n';
    const error = await r.render(bad, 'light', { file: 'card-broken' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiagramError);
    expect((error as Error).message).toMatch(
      /^diagram "card-broken": invalid generated Mermaid \(Mermaid parse error on line 3 /,
    );
    expect((error as Error).message).toContain('> 3 |   c -->> [oops');
    // The renderer stays usable after an error.
    expect((await r.render('flowchart LR\n  x["好"] --> y["的"]\n', 'dark', { file: 'ok' })).svg).toContain('好');
  });

  it('warns when a label does not fit its shape (clipping check)', async () => {
    const r = shared();
    const tall =
      'sequenceDiagram\n  participant a as 第一行<br/>第二行<br/>第三行<br/>第四行\n  participant b as 乙\n  a->>b: 你好\n';
    const result = await r.render(tall, 'light', { file: 'too-tall' });
    expect(result.warnings.some((w) => w.includes('第一行') && w.includes('does not fit'))).toBe(true);
    expect(logs.some((l) => l.startsWith('diagrams: warning: diagram "too-tall" (light)'))).toBe(true);
    logs.length = 0;
  });

  it('turns ```mermaid fences into a figure with both variants and the source', async () => {
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
    expect(html.match(/class="[^"]*diagram-light"/g)).toHaveLength(2);
    expect(html.match(/class="[^"]*diagram-dark"/g)).toHaveLength(2);
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
      /^content\/notes\/broken\.md:8: invalid Mermaid in the fence at line 5 \(Mermaid parse error on line 3 of the diagram source\)/,
    );
  });

  it('builds the manifest from an atlas, and pages can read it', async () => {
    const r = shared();
    const manifestFile = path.join(cacheDir, 'manifest.json');
    const result = await buildDiagramManifest({
      root,
      contentDir: 'content',
      atlas: fixtureAtlas(),
      renderer: r,
      manifestFile,
    });
    expect(result.rendered + result.cached).toBe(result.diagrams.length * 2);
    expect(logs.some((l) => /^diagrams: \d+\/\d+ rendered, \d+ cached/.test(l))).toBe(true);
    const previous = process.env.STACK_ATLAS_DIAGRAM_MANIFEST;
    process.env.STACK_ATLAS_DIAGRAM_MANIFEST = manifestFile;
    try {
      expect(listDiagrams().map((d) => d.name)).toEqual(result.diagrams.map((d) => d.name));
      const stack = getDiagram('stack');
      expect(stack.lightSvg).toMatch(/^<svg [^>]*class="[^"]*diagram-light"/);
      expect(stack.darkSvg).toMatch(/^<svg [^>]*class="[^"]*diagram-dark"/);
      expect(stack.standaloneSvg).not.toContain('Noto Sans SC Variable');
      expect(stack.lightSvg).toContain('data-card="containerd"');
      for (const entry of listDiagrams()) {
        for (const svg of [entry.lightSvg, entry.darkSvg, entry.standaloneSvg])
          expect(svg).not.toContain('foreignObject');
      }
      // Upward relations get their arrowhead at the start.
      expect(JSON.parse(readFileSync(manifestFile, 'utf8')).stack.source).toBeTypeOf('string');
    } finally {
      if (previous === undefined) delete process.env.STACK_ATLAS_DIAGRAM_MANIFEST;
      else process.env.STACK_ATLAS_DIAGRAM_MANIFEST = previous;
    }
    // Nothing clipped in any generated diagram.
    expect(logs.filter((l) => l.includes('warning'))).toEqual([]);
  }, 240_000);
});
