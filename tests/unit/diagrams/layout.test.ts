import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import { checkFullWidth, fontFile, tableOf } from '../../../src/diagrams/render/font-metrics.ts';
import { smallestFontSize } from '../../../src/diagrams/render/svg.ts';
import { readableTextPx, switchCss, switchWidth } from '../../../src/diagrams/render/switch.ts';
import { chainNarrow, participantLinks } from '../../../src/diagrams/source/chain.ts';
import { widths } from '../../../src/diagrams/source/font-widths.ts';
import { diagramsFor } from '../../../src/diagrams/source/index.ts';
import { textWidth, wrapText } from '../../../src/diagrams/source/measure.ts';
import { loadChains, parseChain } from '../../../src/model/chains.ts';
import { loadAtlas } from '../../../src/model/load.ts';

const links = { base: '/atlas/' };
const atlas = loadAtlas('content');
const chains = loadChains('content', atlas);
const diagrams = diagramsFor(atlas, chains, links);

/** Every text file under content/, to check the font against what is actually drawn. */
function contentText(dir = 'content'): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return contentText(file);
      return /\.(?:md|mdx|ya?ml)$/.test(entry.name) ? readFileSync(file, 'utf8') : '';
    })
    .join('\n');
}

describe('text measured with the diagram font', () => {
  it('the width table is the font’s own (regenerate with node src/diagrams/render/font-metrics.ts)', () => {
    expect(widths.regular).toEqual(tableOf(readFileSync(fontFile('regular'))));
    expect(widths.bold).toEqual(tableOf(readFileSync(fontFile('bold'))));
  });

  it('every Han character and full-width form the content uses is one em wide, as measure.ts assumes', () => {
    const text = contentText() + readFileSync('src/i18n/zh-CN.ts', 'utf8');
    expect(checkFullWidth(readFileSync(fontFile('regular')), text)).toEqual([]);
    expect(checkFullWidth(readFileSync(fontFile('bold')), text)).toEqual([]);
  });

  it('measures Latin narrower than Han and bold wider than regular', () => {
    expect(textWidth('容器', 14)).toBe(28);
    expect(textWidth('runc', 14)).toBeLessThan(textWidth('运行时间', 14));
    expect(textWidth('containerd', 14, true)).toBeGreaterThan(textWidth('containerd', 14));
  });

  it('wraps without ever dropping a word or adding "…"', () => {
    const text = 'kubelet 调用 containerd 的 CRI 插件，经 io.containerd.runc.v2 shim 启动 runc';
    for (const width of [40, 80, 120, 200]) {
      const lines = wrapText(text, width, 12);
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      expect(lines.join('')).not.toContain('…');
      // A line is wider than the room only when it is one character.
      for (const line of lines) if ([...line].length > 1) expect(textWidth(line, 12)).toBeLessThanOrEqual(width);
    }
    expect(wrapText('containerd snapshotters', 120, 14, true)).toEqual(['containerd', 'snapshotters']);
  });
});

/** Each drawn text line of an SVG with the box it sits in (the nearest linked box or note), and its measured extent. */
function textPlacements(svg: string) {
  const tree = fromHtml(svg, { fragment: true, space: 'svg' });
  const root = selectAll('svg', tree)[0]!;
  const [, , width] = String(root.properties.viewBox).split(' ').map(Number);
  const out: { text: string; left: number; right: number; size: number; box?: { x: number; w: number } }[] = [];
  const walk = (node: Element, box?: { x: number; w: number }) => {
    let here = box;
    if (node.tagName === 'a' || (node.tagName === 'g' && /\b(?:chip|note)\b/.test(String(node.properties.className)))) {
      const rect = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'rect');
      if (rect) here = { x: Number(rect.properties.x), w: Number(rect.properties.width) };
    }
    if (node.tagName === 'text') {
      const text = toString(node);
      const size = Number(node.properties.fontSize);
      const bold = /\b(?:name|title|num)\b/.test(String(node.properties.className));
      const w = textWidth(text, size, bold);
      const x = Number(node.properties.x);
      const anchor = node.properties.textAnchor ?? 'start';
      const left = anchor === 'middle' ? x - w / 2 : x;
      out.push({ text, left, right: left + w, size, ...(here ? { box: here } : {}) });
    }
    for (const child of node.children) if (child.type === 'element') walk(child, here);
  };
  walk(root);
  return { width: width!, texts: out };
}

describe('every laid-out diagram, wide and narrow: nothing cut, nothing too small, nothing outside', () => {
  for (const diagram of diagrams) {
    const variants = Object.entries(diagram.layout).filter(([, laid]) => laid !== undefined);
    for (const [variant, laid] of variants) {
      it(`${diagram.name} (${variant})`, () => {
        const { width, texts } = textPlacements(laid!.svg);
        expect(texts.length).toBeGreaterThan(0);
        const problems: string[] = [];
        for (const t of texts) {
          if (t.text.includes('…')) problems.push(`"${t.text}" is cut`);
          if (t.size < 12) problems.push(`"${t.text}" is ${t.size} px`);
          if (t.left < -0.5 || t.right > width + 0.5) problems.push(`"${t.text}" leaves the picture`);
          if (t.box && (t.left < t.box.x - 0.5 || t.right > t.box.x + t.box.w + 0.5)) {
            problems.push(`"${t.text}" leaves its box (${t.left.toFixed(1)}–${t.right.toFixed(1)})`);
          }
        }
        expect(problems).toEqual([]);
        if (variant === 'narrow') expect(laid!.width).toBeLessThanOrEqual(340);
      });
    }
  }
});

describe('call chains on a phone: the narrow form', () => {
  const docker = diagrams.find((d) => d.name === 'chain-docker-run')!;
  const chain = chains.find((c) => c.id === 'docker-run')!;
  const tree = fromHtml(docker.layout.narrow.svg, { fragment: true, space: 'svg' });

  it('links every participant: to its card, or, for one standing for a layer, to that layer’s section', () => {
    const anchors = selectAll('a', tree);
    expect(anchors).toHaveLength(chain.participants.length);
    for (const [a, p] of anchors.map((a, i) => [a, chain.participants[i]!] as const)) {
      const expected = p.card ? `/atlas/cards/${p.card}/` : `/atlas/layers/#detail-${p.layer}`;
      expect(a.properties.href, p.label).toBe(expected);
      expect(String(a.properties.ariaLabel)).toContain(p.label);
      expect(selectAll('title', a)).toHaveLength(0);
    }
    const kernel = chain.participants.find((p) => p.label === 'Linux 内核')!;
    expect(kernel.layer && atlas.layers.some((l) => l.id === kernel.layer)).toBe(true);
  });

  it('numbers every step in order, names caller and callee, marks replies', () => {
    const steps = selectAll('g.step', tree);
    expect(steps).toHaveLength(chain.steps.length);
    steps.forEach((step, i) => {
      expect(toString(selectAll('.num', step)[0]!)).toBe(String(i + 1));
      const s = chain.steps[i]!;
      const label = (id: string) => chain.participants.find((p) => p.id === id)!.label;
      expect(toString(step).replace(/\s/g, '')).toContain(`${label(s.from)}→${label(s.to)}`.replace(/\s/g, ''));
      expect(String(step.properties.className).includes('reply')).toBe(s.reply);
    });
  });

  it('fits a 340 px column with text of 12 px and more, so a 380 px wiki column shows it at 1:1', () => {
    for (const d of diagrams.filter((d) => d.kind === 'chain')) {
      expect(d.layout.narrow.width).toBe(chainNarrow.width);
      expect(smallestFontSize(d.layout.narrow.svg)).toBeGreaterThanOrEqual(12);
      expect(d.layout.wide).toBeUndefined();
    }
  });

  it('Mermaid participants link the same way as the narrow form', () => {
    expect(participantLinks(chain)).toMatchObject({
      p_runc: { path: 'cards/runc/', card: 'runc' },
      p_kernel: { path: 'layers/#detail-kernel', layer: 'kernel' },
    });
  });
});

describe('chain participants that stand for a layer', () => {
  const yaml = (participant: string) =>
    `title: t\ndescription: d\nparticipants:\n  - { id: a, card: runc }\n  - ${participant}\n` +
    'steps:\n  - { from: a, to: b, text: x }\nsources:\n  - { title: s, url: "https://example.org/" }\n';

  it('accept a known layer', () => {
    const chain = parseChain('x.yaml', yaml('{ id: b, layer: kernel, label: Linux 内核, role: 内核 }'), atlas);
    expect(chain.participants[1]).toMatchObject({ layer: 'kernel' });
  });

  it('refuse an unknown layer, naming the file, the field and the layers there are', () => {
    expect(() => parseChain('x.yaml', yaml('{ id: b, layer: kernal, label: K, role: r }'), atlas)).toThrow(
      /x\.yaml.*participants\.1\.layer: unknown layer "kernal" \(kernel, /s,
    );
  });

  it('refuse a participant that links nowhere: every box is a card or a layer', () => {
    expect(() => parseChain('x.yaml', yaml('{ id: b, label: Linux 内核, role: 内核 }'), atlas)).toThrow(
      /participants\.1: give the card it belongs to \(card:\) or the layer it stands for \(layer:\)/,
    );
  });

  it('refuse a chain too long to read as one diagram, and a step that is not a few words', () => {
    const steps = (n: number, text = 'x') =>
      `title: t\ndescription: d\nparticipants:\n  - { id: a, card: runc }\n  - { id: b, card: runc, label: B, role: r }\nsteps:\n` +
      `  - { from: a, to: b, text: ${text} }\n`.repeat(n) +
      'sources:\n  - { title: s, url: "https://example.org/" }\n';
    expect(parseChain('x.yaml', steps(40), atlas).steps).toHaveLength(40);
    expect(() => parseChain('x.yaml', steps(41), atlas)).toThrow(/x\.yaml.*steps.*at most 40 steps/s);
    expect(() => parseChain('x.yaml', steps(1, 'y'.repeat(121)), atlas)).toThrow(
      /steps\.0\.text.*at most 120 characters/s,
    );
  });

  it('refuse a participant that is both a card and a layer', () => {
    expect(() => parseChain('x.yaml', yaml('{ id: b, card: runc, layer: kernel }'), atlas)).toThrow(
      /participants\.1: give a card or a layer, not both/,
    );
  });
});

describe('which form a page shows', () => {
  it('switches to the narrow form where the wide one would draw text under the readable size', () => {
    // 720 px wide with 12 px text: readable down to 690 px of picture, plus the figure's frame.
    expect(switchWidth(720, 12)).toBe(Math.ceil((720 * readableTextPx) / 12) + 26);
    expect(switchWidth(996, 12)).toBeGreaterThan(switchWidth(720, 12));
  });

  it('writes one container query for the figure, both forms and both captions', () => {
    const css = switchCss('card-runc', 716);
    expect(css).toContain('@container (max-width:715.98px){');
    expect(css).toContain('figure[data-diagram="card-runc"] svg.dg-wide');
    expect(css).toContain('figure[data-diagram="card-runc"] .desc-narrow{display:block}');
    expect(() => switchCss('a"]{}', 1)).toThrow(/not a diagram name/);
  });
});

describe('card captions', () => {
  it('say left/right for the side-by-side form and above/below for the stacked one', () => {
    const card = diagrams.find((d) => d.name === 'card-containerd')!;
    expect(card.description).toMatch(/左侧.*右侧/);
    expect(card.layout.narrow.description).toMatch(/上方.*下方/);
    expect(card.layout.narrow.description).not.toMatch(/左|右/);
  });
});
