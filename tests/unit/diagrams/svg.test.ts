import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BrowserNotFoundError, findChromium } from '../../../src/diagrams/render/browser.ts';
import { assertSafeSvg, unsafeSvgReason } from '../../../src/diagrams/render/sanitize.ts';
import {
  inlineSvg,
  linkParticipants,
  spreadParticipantLines,
  standaloneSvg,
} from '../../../src/diagrams/render/svg.ts';
import { placeholder, placeholdersToVars, themeVariables } from '../../../src/diagrams/render/theme.ts';
import { siteTokens, tokens } from '../../../src/styles/tokens.ts';

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" class="dg" viewBox="0 0 720 400" width="720" height="400">' +
  '<style>.dg text{fill:var(--fg,#1b2125)}.dg{font-family:var(--font-diagram,"PingFang SC",sans-serif)}</style>' +
  '<a href="/cards/runc/" data-card="runc"><rect x="0" y="0" width="10" height="10"/><text>容器</text></a></svg>';

describe('inlineSvg', () => {
  it('adds a role, <title>, <desc> and aria references with escaped text', () => {
    const out = inlineSvg(svg, { title: '标题 <A&B>', description: '说明', idPrefix: 'dg-x', interactive: true });
    expect(out).toMatch(/^<svg [^>]*role="group"/);
    expect(out).toMatch(/^<svg [^>]*aria-labelledby="dg-x-title"/);
    expect(out).toMatch(/^<svg [^>]*aria-describedby="dg-x-desc"/);
    expect(out).toContain('<title id="dg-x-title">标题 &#60;A&#38;B&#62;</title><desc id="dg-x-desc">说明</desc>');
  });

  it('is an image when it holds no links, and shrinks with its column but never grows', () => {
    const out = inlineSvg(svg, { title: 't', description: 'd', idPrefix: 'p', className: 'dg-wide' });
    expect(out).toMatch(/^<svg [^>]*role="img"/);
    expect(out).toMatch(/^<svg [^>]*style="max-width:100%;height:auto"/);
    expect(out).toMatch(/^<svg [^>]*class="dg dg-wide"/);
  });

  it('renames Mermaid’s id prefix for each copy on a page', () => {
    const mermaid = '<svg id="sa1" viewBox="0 0 1 1"><g id="sa1-a"/><path marker-end="url(#sa1_end)"/></svg>';
    const out = inlineSvg(mermaid, { title: 't', description: 'd', idPrefix: 'n2', fromPrefix: 'sa1' });
    expect(out).not.toContain('sa1');
    expect(out).toContain('url(#n2_end)');
  });
});

describe('standaloneSvg', () => {
  const light = standaloneSvg(svg, { title: '全景图', description: '说明', idPrefix: 'dg-stack' }, 'light');
  const dark = standaloneSvg(svg, { title: '全景图', description: '说明', idPrefix: 'dg-stack' }, 'dark');

  it('has an XML declaration, the title, an opaque background and the theme’s token values', () => {
    expect(light.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(light).toContain('<title id="dg-stack-title">全景图</title>');
    expect(light).toContain(`fill="${tokens().light.bg}"`);
    expect(light).toContain(`--fg:${tokens().light.fg}`);
    expect(dark).toContain(`fill="${tokens().dark.bg}"`);
    expect(dark).toContain(`--fg:${tokens().dark.fg}`);
  });

  it('uses CJK system fonts only (no web font) and keeps its links', () => {
    expect(light).not.toContain('var(--font-diagram');
    expect(light).toContain('Microsoft YaHei');
    expect(light).toContain('href="/cards/runc/"');
  });
});

describe('theme placeholders', () => {
  it('give every Mermaid colour variable a placeholder that becomes a site token', () => {
    const vars = themeVariables();
    expect(vars.actorBkg).toBe(placeholder('accent-soft'));
    const out = placeholdersToVars(`<style>.a{fill:${vars.actorBkg};stroke:${vars.lineColor.toUpperCase()}}</style>`);
    expect(out).toBe(
      `<style>.a{fill:var(--accent-soft,${tokens().light['accent-soft']});stroke:var(--fg-muted,${tokens().light['fg-muted']})}</style>`,
    );
  });

  it('reads the tokens from the stylesheet: light values, dark overrides', () => {
    const css = ":root {\n  --bg: #fff;\n  --fg: #111;\n}\n:root[data-theme='dark'] {\n  --bg: #000;\n}\n";
    expect(siteTokens(css)).toEqual({ light: { bg: '#fff', fg: '#111' }, dark: { bg: '#000', fg: '#111' } });
  });
});

describe('sanitizing what gets inlined', () => {
  it.each([
    ['<svg><script>alert(1)</script></svg>', 'contains <script>'],
    ['<svg><g onclick="x()"/></svg>', 'has an event handler attribute'],
    ['<svg><foreignObject><div/></foreignObject></svg>', 'contains <foreignObject>'],
    ['<svg><a href="javascript:alert(1)">x</a></svg>', 'links outside the site'],
    ['<svg><a xlink:href="https://evil.test/">x</a></svg>', 'links outside the site'],
    ['<svg><image href="https://evil.test/x.png"/></svg>', 'references something outside the diagram'],
    ['<svg><use xlink:href="/sprite.svg#a"/></svg>', 'references something outside the diagram'],
    ['<svg><iframe src="https://evil.test/"/></svg>', 'embeds another document'],
    ['<svg><style>@import url(https://evil.test/x.css)</style></svg>', 'loads something through CSS'],
  ])('refuses %s', (input, reason) => {
    expect(unsafeSvgReason(input)).toBe(reason);
    expect(() => assertSafeSvg(input, 'note x')).toThrow(`note x: refusing to inline an SVG that ${reason}`);
  });

  it('accepts our own diagrams: local links, url(#id) references', () => {
    expect(unsafeSvgReason('<svg><a href="/cards/runc/"><path marker-end="url(#m)"/></a></svg>')).toBeUndefined();
    expect(unsafeSvgReason('<svg><use xlink:href="#arrow"/><g fill="url(#grad)"/></svg>')).toBeUndefined();
  });
});

describe('linkParticipants', () => {
  const mermaid =
    '<svg><g id="p-root-0" data-et="participant" data-type="participant" data-id="p_runc"><rect class="actor actor-top"/>' +
    '<text><tspan>runc</tspan></text><text><tspan>低级运行时</tspan></text></g>' +
    '<g data-et="participant" data-id="p_kernel"><rect/><text><tspan>Linux 内核</tspan></text></g>' +
    '<g data-et="participant" data-id="p_other"><rect/></g></svg>';

  it('wraps the participant boxes in a link to their card or layer, named once by the box text', () => {
    const out = linkParticipants(
      mermaid,
      { p_runc: { path: 'cards/runc/', card: 'runc' }, p_kernel: { path: 'layers/#detail-kernel', layer: 'kernel' } },
      (sitePath) => `/x/${sitePath}`,
    );
    expect(out).toContain(
      '<a href="/x/cards/runc/" class="actor-link" data-card="runc" aria-label="runc 低级运行时"><rect',
    );
    expect(out).toContain(
      '<a href="/x/layers/#detail-kernel" class="actor-link" data-layer="kernel" aria-label="Linux 内核"><rect/>',
    );
    // One accessible name: no <title> inside the link to be read after the aria-label.
    expect(out).not.toContain('<title>');
    expect(out).toContain('<g data-et="participant" data-id="p_other"><rect/></g>');
  });

  it('escapes every attribute it writes, once: markup in a label or a path cannot leave the attribute', () => {
    const hostile =
      '<svg><g data-et="participant" data-id="p_x"><rect/><text><tspan>a &amp; b "q" &lt;script&gt;</tspan></text></g></svg>';
    const out = linkParticipants(
      hostile,
      { p_x: { path: 'cards/x/?"onmouseover="alert(1)', card: 'x"y' } },
      (p) => `/${p}`,
    );
    expect(out).toContain('aria-label="a &#38; b &#34;q&#34; &#60;script&#62;"');
    expect(out).toContain('href="/cards/x/?&#34;onmouseover=&#34;alert(1)"');
    expect(out).toContain('data-card="x&#34;y"');
    expect(out).not.toMatch(/\sonmouseover=/);
  });
});

describe('spreadParticipantLines', () => {
  it('spreads the lines of a participant box around the same centre, nothing else', () => {
    const svg =
      '<svg><g data-et="participant" data-id="p_a"><rect/><text><tspan x="5" dy="-14">a</tspan></text>' +
      '<text><tspan x="5" dy="0">b</tspan></text><text><tspan x="5" dy="14">c</tspan></text></g>' +
      '<g class="note"><text><tspan dy="14">n</tspan></text></g></svg>';
    const out = spreadParticipantLines(svg);
    expect([...out.matchAll(/dy="(-?[\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([-17.5, 0, 17.5, 14]);
  });
});

describe('findChromium', () => {
  it('prefers STACK_ATLAS_CHROMIUM, then CHROMIUM_PATH', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chromium-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const fake = path.join(dir, 'chrome');
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
