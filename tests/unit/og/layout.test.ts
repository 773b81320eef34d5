import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../../src/model/load.ts';
import { previewTree } from '../../../src/og/layout/index.ts';
import { stackGraphic } from '../../../src/og/layout/stack.ts';
import type { Node } from '../../../src/og/primitives.ts';
import { colors } from '../../../src/og/theme.ts';
import { formatDate } from '../../../src/i18n/index.ts';
import { cardPreview, notePreview, ogPaths, sitePreview } from '../../../src/og/specs.ts';
import { withBase } from '../../../src/model/urls.ts';
import { clean, noteExcerpt } from '../../../src/og/text.ts';

const atlas = loadAtlas('content');

/** Every string in a tree, in document order. */
function texts(node: Node | string | undefined): string[] {
  if (node === undefined) return [];
  if (typeof node === 'string') return [node];
  const children = node.props.children;
  return (Array.isArray(children) ? children : [children]).flatMap((c) => texts(c as Node | string | undefined));
}

function find(node: Node | string | undefined, test: (n: Node) => boolean): Node[] {
  if (node === undefined || typeof node === 'string') return [];
  const children = node.props.children;
  return [
    ...(test(node) ? [node] : []),
    ...(Array.isArray(children) ? children : [children]).flatMap((c) => find(c as Node, test)),
  ];
}

describe('card preview', () => {
  const tree = previewTree(cardPreview(atlas, atlas.byId.get('kubernetes')!));

  it('shows the name, Chinese name, positioning, layer badge and site name', () => {
    const all = texts(tree);
    const card = atlas.byId.get('kubernetes')!;
    expect(all).toContain('Kubernetes');
    expect(all).toContain(card.zh);
    expect(all).toContain(card.position);
    expect(all).toContain('编排层');
    expect(all).toContain('Stack Atlas');
    expect(all.join(' ')).toContain('容器技术栈图谱');
  });

  it('clamps the positioning to a few lines', () => {
    const [position] = find(tree, (n) => n.props.children === atlas.byId.get('kubernetes')!.position);
    expect(position!.props.style).toMatchObject({ lineClamp: 3, textOverflow: 'ellipsis', overflow: 'hidden' });
  });

  it("draws the stack top-down without the aside layer and highlights the card's layer", () => {
    const graphic = stackGraphic(cardPreview(atlas, atlas.byId.get('runc')!).layers, 'runtime-low', 'runc');
    const layerNames = texts(graphic).filter((t) => atlas.layers.some((l) => l.name === t));
    expect(layerNames).toEqual(['编排层', '开发者工具', '高级运行时', '低级运行时', '底层内核']);
    const highlighted = find(graphic, (n) => n.props.style?.backgroundColor === colors().accent);
    expect(highlighted.map((n) => texts(n)[0])).toEqual(['低级运行时']);
    expect(texts(graphic)).toContain('容器运行时'); // the group frame
  });

  it('shows the aside layer only for a card that sits in it', () => {
    const vm = texts(previewTree(cardPreview(atlas, atlas.byId.get('virtual-machine')!)));
    expect(vm).toContain('虚拟化（对照）');
    const k8s = texts(stackGraphic(cardPreview(atlas, atlas.byId.get('kubernetes')!).layers, 'orchestration'));
    expect(k8s).not.toContain('虚拟化（对照）');
  });
});

describe('note preview', () => {
  it('shows title, description, date and tags, taking the first paragraph as description when missing', () => {
    const spec = notePreview({
      title: '容器技术背景',
      description: '',
      published: new Date('2025-04-19'),
      tags: ['云原生', 'k8s'],
      category: '笔记',
      body: '# 容器技术背景\n> 本文讨论容器技术\n\n## 1. 问题\n1. 实现**批量化**部署 [链接](https://example.com)\n```sh\nrm -rf /\n```\n',
    });
    expect(spec.description).toBe('本文讨论容器技术。');
    const all = texts(previewTree(spec));
    expect(all).toEqual(
      expect.arrayContaining(['容器技术背景', '本文讨论容器技术。', '2025年4月19日', '#云原生', '#k8s', '笔记']),
    );
  });
});

describe('site preview', () => {
  it('names the site and lists the stack with its cards', () => {
    const all = texts(previewTree(sitePreview(atlas)));
    expect(all).toEqual(expect.arrayContaining(['Stack Atlas', '容器技术栈图谱', '编排层']));
    expect(all.some((t) => t.includes('Kubernetes'))).toBe(true);
  });
});

describe('text helpers', () => {
  it('flattens whitespace and cuts long text with an ellipsis', () => {
    expect(clean('  a\n\tb  ')).toBe('a b');
    expect(clean('容器'.repeat(10), 5)).toBe('容器容器…');
    expect(clean(undefined)).toBe('');
  });

  it('strips markdown from excerpts', () => {
    expect(noteExcerpt('| a | b |\n|---|---|\n正文 `code` [[runc|运行时]] <a id="x"></a>![图](x.png)')).toBe(
      '正文 code 运行时',
    );
  });

  it('formats dates as Chinese readers expect, in UTC', () => {
    expect(formatDate(new Date('2025-04-19T00:00:00Z'))).toBe('2025年4月19日');
    expect(formatDate(new Date('2026-11-27'))).toBe('2026年11月27日');
  });
});

describe('image paths', () => {
  it('puts the images under og/ and applies the base path', () => {
    expect(withBase('/', ogPaths.card('runc'))).toBe('/og/cards/runc.png');
    expect(withBase('/stack-atlas/', ogPaths.note('container-background'))).toBe(
      '/stack-atlas/og/notes/container-background.png',
    );
    expect(withBase('/stack-atlas/', ogPaths.site())).toBe('/stack-atlas/og/site.png');
  });
});
