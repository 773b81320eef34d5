import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findChromium } from '../../../src/diagrams/browser.ts';
import { getDiagram, listDiagrams, type DiagramEntry } from '../../../src/diagrams/manifest.ts';
import { finalizeSvg, reprefixSvg, standaloneSvg, type RenderedSvg } from '../../../src/diagrams/svg.ts';

const rendered: RenderedSvg = {
  svg:
    '<svg id="saabc123l" xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="0 -3 800 400" width="800" height="400">' +
    '<style>#saabc123l{font-family:"Noto Sans SC Variable", "Noto Sans SC", sans-serif;}</style>' +
    '<g id="saabc123l-flowchart-runc-0" data-card="runc"><text style="font-family: &quot;Noto Sans SC Variable&quot;, sans-serif; font-size: 16px;">容器</text></g>' +
    '<path marker-end="url(#saabc123l_pointEnd)"/></svg>',
  prefix: 'saabc123l',
  width: 800,
  height: 400,
  viewBox: '0 -3 800 400',
  warnings: [],
};

describe('finalizeSvg', () => {
  it('adds role="img", <title>, <desc> and aria references with escaped text', () => {
    const svg = finalizeSvg(rendered, { title: '标题 <A&B>', description: '说明', className: 'diagram-light' });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toMatch(/^<svg [^>]*aria-labelledby="saabc123l-title"/);
    expect(svg).toMatch(/^<svg [^>]*aria-describedby="saabc123l-desc"/);
    expect(svg).toMatch(/^<svg [^>]*class="flowchart diagram-light"/);
    expect(svg).toContain(
      '<title id="saabc123l-title">标题 &#60;A&#38;B&#62;</title><desc id="saabc123l-desc">说明</desc>',
    );
  });

  it('scales down with its container but never below 75 %', () => {
    const svg = finalizeSvg(rendered, { title: 't', description: 'd' });
    expect(svg).toMatch(/^<svg [^>]*style="max-width:100%;height:auto;min-width:600px"/);
  });

  it('can rename every id for a second copy on the same page', () => {
    const svg = finalizeSvg(rendered, { title: 't', description: 'd', idPrefix: 'saabc123lx2' });
    expect(svg).not.toMatch(/saabc123l[^x]/);
    expect(svg).toContain('url(#saabc123lx2_pointEnd)');
    expect(reprefixSvg('a-p1-b', 'p1', 'p2')).toBe('a-p2-b');
  });
});

describe('standaloneSvg', () => {
  const svg = standaloneSvg(rendered, { title: '全景图', description: '说明' });

  it('has an XML declaration, a white background and the title', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(svg).toMatch(/<rect class="diagram-background" x="0" y="-3" width="800" height="400" fill="#ffffff"\/>/);
    expect(svg).toMatch(/^<svg [^>]*style="background-color:#ffffff"/m);
    expect(svg).toContain('<title id="saabc123l-title">全景图</title>');
  });

  it('uses CJK system fonts only: no web font, no foreignObject', () => {
    expect(svg).not.toContain('Noto Sans SC Variable');
    expect(svg).not.toContain('foreignObject');
    expect(svg).toContain("font-family:'Noto Sans SC','Noto Sans CJK SC'");
    expect(svg).toContain('Microsoft YaHei');
    // The inline style attribute stays well-formed.
    expect(svg).toMatch(/<text style="font-family:'Noto Sans SC'[^"]*; font-size: 16px;">容器<\/text>/);
  });
});

describe('manifest helper', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'diagram-manifest-'));
  const file = path.join(dir, 'manifest.json');
  const entry = (name: string): DiagramEntry => ({
    name,
    kind: 'card',
    card: name.slice(5),
    title: '标题',
    description: '说明',
    source: 'flowchart TB\n a --> b\n',
    text: { kind: 'card', relationsHeading: '关系', groups: [], relations: [] },
    lightSvg: '<svg/>',
    darkSvg: '<svg/>',
    standaloneSvg: '<svg/>',
    width: 10,
    height: 10,
  });
  const previous = process.env.STACK_ATLAS_DIAGRAM_MANIFEST;
  afterAll(() => {
    if (previous === undefined) delete process.env.STACK_ATLAS_DIAGRAM_MANIFEST;
    else process.env.STACK_ATLAS_DIAGRAM_MANIFEST = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('throws a helpful error when the manifest is missing', () => {
    process.env.STACK_ATLAS_DIAGRAM_MANIFEST = file;
    expect(() => getDiagram('stack')).toThrow(/manifest not found .*diagramsIntegration/);
  });

  it('reads entries in order, re-reading when the file changes', () => {
    process.env.STACK_ATLAS_DIAGRAM_MANIFEST = file;
    writeFileSync(file, JSON.stringify({ 'card-a': entry('card-a'), 'card-b': entry('card-b') }));
    expect(listDiagrams().map((d) => d.name)).toEqual(['card-a', 'card-b']);
    expect(getDiagram('card-b').card).toBe('b');
    expect(() => getDiagram('card-c')).toThrow(/no diagram named "card-c" \(known: card-a, card-b\)/);
    expect(() => getDiagram('toString')).toThrow(/no diagram named/);
    writeFileSync(
      file,
      JSON.stringify({ 'card-c': entry('card-c'), 'card-a': entry('card-a'), 'card-b': entry('card-b') }),
    );
    expect(getDiagram('card-c').name).toBe('card-c');
  });
});

describe('findChromium', () => {
  it('prefers STACK_ATLAS_CHROMIUM, then CHROMIUM_PATH', async () => {
    const fake = path.join(mkdtempSync(path.join(tmpdir(), 'chromium-')), 'chrome');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    expect(await findChromium({ env: { STACK_ATLAS_CHROMIUM: fake, PATH: '' } })).toEqual({
      executablePath: fake,
      source: 'env STACK_ATLAS_CHROMIUM',
    });
    expect((await findChromium({ env: { CHROMIUM_PATH: fake, PATH: '' } })).source).toBe('env CHROMIUM_PATH');
  });

  it('rejects an env var that names no executable', async () => {
    await expect(findChromium({ env: { STACK_ATLAS_CHROMIUM: '/nonexistent/chrome', PATH: '' } })).rejects.toThrow(
      /STACK_ATLAS_CHROMIUM=\/nonexistent\/chrome is not an executable/,
    );
  });

  it('explains how to provide a browser when there is none', async () => {
    // Only meaningful where no system browser is installed in the standard places.
    const error = await findChromium({ env: { PATH: '/nonexistent' }, skipPlaywright: true }).catch((e: unknown) => e);
    if (error instanceof BrowserNotFoundError) {
      expect(error.message).toContain('apt-get install chromium');
      expect(error.message).toContain('STACK_ATLAS_CHROMIUM');
      expect(error.message).toContain('npx playwright install chromium');
    } else {
      expect((error as { executablePath: string }).executablePath).toMatch(/^\/(usr|snap)\//);
    }
    expect(new BrowserNotFoundError('').message).toContain('npx playwright install chromium');
  });
});
