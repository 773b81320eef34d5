import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../src/model/atlas.ts';
import {
  cardDiagram,
  chainDiagram,
  diagramsFor,
  edgeStyles,
  nodeId,
  overviewDiagram,
  relationLine,
} from '../../../src/diagrams/generate.ts';
import { chains } from '../../../src/diagrams/chains.ts';
import { escapeLabel, wrapLabel } from '../../../src/diagrams/syntax.ts';
import { textToLines } from '../../../src/diagrams/text.ts';
import { card, fixtureAtlas, fixtureCards, layers } from './fixture.ts';

/** Minimal reader of our generated flowcharts: subgraph nesting, node definitions, links, styles. */
function parseFlowchart(source: string) {
  const lines = source.split('\n');
  const stack: string[] = [];
  const subgraphs: { id: string; title: string; parent: string | undefined }[] = [];
  const nodes = new Map<string, string[]>(); // node id -> subgraph path at definition
  const nodeCounts = new Map<string, number>();
  const links: {
    from: string;
    arrow: string;
    label: string | undefined;
    to: string;
    index: number;
    reversed: boolean;
  }[] = [];
  const linkStyles = new Map<number, string>();
  const classes = new Map<string, Set<string>>();
  let linkIndex = 0;
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^subgraph (\S+?)\["(.*)"\]$/.exec(line))) {
      subgraphs.push({ id: m[1]!, title: m[2]!, parent: stack.at(-1) });
      stack.push(m[1]!);
    } else if (line === 'end') {
      stack.pop();
    } else if ((m = /^(\S+?) (?:([er])\d+@)?(-->|-\.->|-\.-|~~~)(?:\|"(.*)"\|)? (\S+)$/.exec(line))) {
      // r<n> edges are written top-down but mean the opposite direction.
      const reversed = m[2] === 'r';
      links.push({
        from: reversed ? m[5]! : m[1]!,
        to: reversed ? m[1]! : m[5]!,
        arrow: m[3]!,
        label: m[4],
        index: linkIndex,
        reversed,
      });
      linkIndex += 1;
    } else if ((m = /^linkStyle ([\d,]+) (.+)$/.exec(line))) {
      for (const i of m[1]!.split(',')) linkStyles.set(Number(i), m[2]!);
    } else if ((m = /^class (\S+) (\S+)$/.exec(line))) {
      for (const id of m[1]!.split(',')) {
        if (!classes.has(id)) classes.set(id, new Set());
        classes.get(id)!.add(m[2]!);
      }
    } else if ((m = /^([A-Za-z0-9_-]+)(\[|\{\{|\()"/.exec(line))) {
      nodes.set(m[1]!, [...stack]);
      nodeCounts.set(m[1]!, (nodeCounts.get(m[1]!) ?? 0) + 1);
    }
  }
  return { subgraphs, nodes, nodeCounts, links, linkStyles, classes };
}

describe('overviewDiagram', () => {
  const atlas = fixtureAtlas();
  const diagram = overviewDiagram(atlas);
  const parsed = parseFlowchart(diagram.source);

  it('is a top-to-bottom flowchart named stack with Chinese title and description', () => {
    expect(diagram.source).toMatch(/^---\n[\s\S]*\n---\nflowchart TB\n/);
    expect(diagram.name).toBe('stack');
    expect(diagram.title).toMatch(/[\u4e00-\u9fff]/);
    expect(diagram.description).toContain('编排层');
  });

  it('is deterministic, whatever the order of the input cards', () => {
    expect(overviewDiagram(fixtureAtlas()).source).toBe(diagram.source);
    const shuffled = fixtureAtlas(fixtureCards().reverse());
    expect(overviewDiagram(shuffled).source).toBe(diagram.source);
    expect(JSON.stringify(diagramsFor(shuffled))).toBe(JSON.stringify(diagramsFor(atlas)));
  });

  it('puts every card in exactly one subgraph: the one of its layer', () => {
    for (const c of atlas.cards) {
      expect(parsed.nodeCounts.get(nodeId(c.id)), c.id).toBe(1);
      const path = parsed.nodes.get(nodeId(c.id))!;
      expect(path.at(-1), c.id).toBe(`layer_${c.layer.replace(/-/g, '_')}`);
    }
    expect(parsed.nodes.size).toBe(atlas.cards.length);
  });

  it('stacks the layers from 编排层 down to 底层内核, runtimes grouped, aside apart', () => {
    const order = parsed.subgraphs.map((s) => s.title);
    // The group box is untitled; its layers carry the group name.
    expect(order).toEqual([
      '编排层',
      '开发者工具',
      ' ',
      '容器运行时 · 高级运行时',
      '容器运行时 · 低级运行时',
      '底层内核',
      '虚拟化（对照）',
    ]);
    const byTitle = new Map(parsed.subgraphs.map((s) => [s.title, s]));
    expect(byTitle.get('容器运行时 · 高级运行时')!.parent).toBe(byTitle.get(' ')!.id);
    expect(byTitle.get('容器运行时 · 低级运行时')!.parent).toBe(byTitle.get(' ')!.id);
    expect(byTitle.get('虚拟化（对照）')!.parent).toBeUndefined();
    // Invisible stacking links never touch the aside layer.
    const invisible = parsed.links.filter((l) => l.arrow === '~~~');
    expect(invisible.length).toBeGreaterThan(0);
    expect(invisible.some((l) => l.from === 'vm' || l.to === 'vm')).toBe(false);
    // …and always go from a higher layer to the next one down.
    const rank = (id: string) =>
      ['orchestration', 'tools', 'runtime-high', 'runtime-low', 'kernel'].indexOf(atlas.byId.get(id)!.layer);
    for (const l of invisible) expect(rank(l.to) - rank(l.from), `${l.from} ~~~ ${l.to}`).toBe(1);
  });

  it('draws every relation as an edge, labelled with its interface or label', () => {
    const visible = parsed.links.filter((l) => l.arrow !== '~~~');
    expect(visible).toHaveLength(atlas.edges.length);
    for (const edge of atlas.edges) {
      const link = visible.find((l) => l.from === nodeId(edge.from) && l.to === nodeId(edge.to));
      expect(link, `${edge.from} → ${edge.to}`).toBeDefined();
      if (edge.via) expect(link!.label).toContain(atlas.byId.get(edge.via)!.name);
      else if (edge.label) expect(link!.label).toContain(edge.label);
    }
    const cri = visible.find((l) => l.from === 'kubernetes' && l.to === 'containerd')!;
    expect(cri.label).toBe('CRI');
    const oci = visible.find((l) => l.from === 'containerd' && l.to === 'runc')!;
    expect(oci.label).toBe('OCI');
  });

  it('writes relations that point up the stack top-down (id r<n>), all others as e<n>', () => {
    const upward = buildAtlas(
      [
        ...fixtureCards().filter((c) => c.id !== 'oci'),
        card('oci', {
          name: 'OCI',
          zh: '开放容器倡议',
          layer: 'runtime-low',
          kind: 'specification',
          relations: [{ type: 'builds-on', target: 'docker' }],
        }),
      ],
      layers,
    );
    const src = overviewDiagram(upward).source;
    expect(src).toMatch(/^ {2}docker r\d+@-\.->\|"[^"]*"\| oci$|^ {2}docker r\d+@-\.-> oci$/m);
    const p = parseFlowchart(src);
    const link = p.links.find((l) => l.from === 'oci' && l.to === 'docker')!;
    expect(link.reversed).toBe(true);
    expect(p.links.filter((l) => l.arrow !== '~~~' && l.reversed)).toHaveLength(1);
    expect(src).toMatch(/^ {2}kubernetes e\d+@-->\|"CRI"\| containerd$/m);
  });

  it('draws historical relations dashed, coloured and marked', () => {
    const visible = parsed.links.filter((l) => l.arrow !== '~~~');
    const historical = visible.find((l) => l.from === 'kubernetes' && l.to === 'docker')!;
    expect(historical.arrow).toBe('-.->');
    expect(historical.label).toContain('dockershim');
    expect(historical.label).toContain('历史');
    expect(historical.label).toContain('1.24');
    const style = parsed.linkStyles.get(historical.index)!;
    expect(style).toContain(edgeStyles.historicalDash);
    expect(style).toContain(edgeStyles.historicalColour);
    // Current run-time relations are solid and unstyled.
    const current = visible.find((l) => l.from === 'docker' && l.to === 'containerd')!;
    expect(current.arrow).toBe('-->');
    expect(parsed.linkStyles.get(current.index)).toBeUndefined();
    // Conceptual relations are thin grey dotted lines, distinct from historical ones.
    const minor = visible.find((l) => l.from === 'cri-o' && l.to === 'containerd')!;
    expect(minor.arrow).toBe('-.-');
    expect(parsed.linkStyles.get(minor.index)).toContain(edgeStyles.minorDash);
    expect(parsed.linkStyles.get(minor.index)).not.toContain(edgeStyles.historicalDash);
  });

  it('gives every card a kind class and marks legacy cards', () => {
    for (const c of atlas.cards)
      expect([...parsed.classes.get(nodeId(c.id))!].some((k) => k.startsWith('kind_'))).toBe(true);
    expect(parsed.classes.get('lxc')!.has('status_legacy')).toBe(true);
    expect(diagram.source).toMatch(/lxc\["LXC<br\/>Linux 容器<br\/>〔遗留〕"\]/);
  });

  it('uses the card id as node id, except for words Mermaid reserves', () => {
    expect(nodeId('containerd-shim')).toBe('containerd-shim');
    expect(nodeId('end')).toBe('card_end');
    expect(nodeId('a--b')).toBe('card_a__b');
    const odd = buildAtlas(
      [card('end', { name: 'End', zh: 'End' }), card('graph', { relations: [{ type: 'uses', target: 'end' }] })],
      layers,
    );
    const src = overviewDiagram(odd).source;
    expect(src).toContain('card_end["End"]');
    expect(src).toContain('card_graph e0@--> card_end');
  });

  it('has a text equivalent with layers, their cards and relation lines', () => {
    const groups = diagram.text.groups;
    expect(groups.map((g) => g.heading)).toEqual([
      '编排层',
      '开发者工具',
      '高级运行时',
      '低级运行时',
      '底层内核',
      '虚拟化（对照）',
    ]);
    expect(groups.find((g) => g.id === 'runtime-low')!.group).toBe('容器运行时');
    expect(groups.find((g) => g.id === 'virtualization')!.aside).toBe(true);
    expect(groups.flatMap((g) => g.items.map((i) => i.card)).sort()).toEqual(atlas.cards.map((c) => c.id).sort());
    const lines = diagram.text.relations.map((r) => r.line);
    expect(lines).toContain('Kubernetes —调用/CRI→ containerd');
    expect(lines).toContain('containerd —使用/OCI→ runc');
    expect(lines).toContain('Docker —使用→ containerd（自 Docker 1.11）');
    expect(lines).toContain('Kubernetes —使用→ Docker（dockershim；至 1.24 移除；历史关系）');
    expect(diagram.text.relations).toHaveLength(atlas.edges.length);
    const plain = textToLines(diagram.text).join('\n');
    expect(plain).toContain('容器运行时 › 高级运行时：CRI（容器运行时接口）、containerd（工业级容器运行时）');
  });
});

describe('cardDiagram', () => {
  const atlas = fixtureAtlas();
  const diagram = cardDiagram(atlas, 'containerd');
  const parsed = parseFlowchart(diagram.source);

  it('marks the focus card and its neighbours, dims the rest', () => {
    expect(diagram.name).toBe('card-containerd');
    expect(diagram.card).toBe('containerd');
    expect(parsed.classes.get('containerd')!.has('focus')).toBe(true);
    for (const id of ['runc', 'cri', 'containerd-shim', 'cri-o', 'docker', 'kubernetes']) {
      expect(parsed.classes.get(id)!.has('related'), id).toBe(true);
      expect(parsed.classes.get(id)!.has('dim'), id).toBe(false);
    }
    for (const id of ['namespaces', 'cgroups', 'oci', 'lxc', 'vm'])
      expect(parsed.classes.get(id)!.has('dim'), id).toBe(true);
    expect(diagram.source).toMatch(/classDef focus /);
  });

  it('keeps the whole stack but draws only its own relations, emphasised', () => {
    expect(parsed.nodes.size).toBe(atlas.cards.length);
    const visible = parsed.links.filter((l) => l.arrow !== '~~~');
    const own = atlas.edges.filter((e) => e.from === 'containerd' || e.to === 'containerd');
    expect(visible.map((l) => `${l.from}>${l.to}`).sort()).toEqual(own.map((e) => `${e.from}>${e.to}`).sort());
    for (const link of visible) expect(parsed.linkStyles.get(link.index)).toContain(edgeStyles.focus);
    // Full labels on its own edges (the overview shortens them).
    expect(visible.find((l) => l.from === 'docker')!.label).toBeUndefined();
  });

  it('can keep every other relation too, dimmed and unlabelled', () => {
    const dimmed = parseFlowchart(cardDiagram(atlas, 'containerd', { otherRelations: 'dim' }).source);
    expect(dimmed.nodes.size).toBe(atlas.cards.length);
    const parsed = dimmed;
    const visible = parsed.links.filter((l) => l.arrow !== '~~~');
    expect(visible).toHaveLength(atlas.edges.length);
    for (const link of visible) {
      const own = link.from === 'containerd' || link.to === 'containerd';
      const style = parsed.linkStyles.get(link.index) ?? '';
      if (own) expect(style, `${link.from}→${link.to}`).toContain(edgeStyles.focus);
      else {
        expect(style, `${link.from}→${link.to}`).toContain(edgeStyles.dim);
        expect(link.label, 'dimmed edges carry no label').toBeUndefined();
      }
    }
  });

  it('lists its direct relations (in and out) as text', () => {
    expect(diagram.text.relations.map((r) => r.line)).toEqual(
      atlas.edges
        .filter((e) => e.from === 'containerd' || e.to === 'containerd')
        .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
        .map((e) => relationLine(atlas, e)),
    );
    expect(diagram.text.groups.flatMap((g) => g.items).find((i) => i.focus)!.card).toBe('containerd');
    expect(diagram.title).toContain('containerd');
  });

  it('rejects an unknown card', () => {
    expect(() => cardDiagram(atlas, 'nope')).toThrow(/unknown card "nope"/);
  });
});

describe('call chains', () => {
  const atlas = fixtureAtlas();
  const messages = (source: string) =>
    [...source.matchAll(/^\s*(p_\w+)(->>|-->>)(p_\w+): (.*)$/gm)].map((m) => [m[1]!, m[3]!, m[2]!] as const);
  const participants = (source: string) =>
    [...source.matchAll(/^\s*participant (p_\w+) as (.*)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]);

  it('docker run: CLI → dockerd → containerd → shim → runc → namespaces/cgroups, in that order', () => {
    const diagram = chainDiagram(
      atlas,
      chains.find((c) => c.name === 'docker-run')!,
    );
    expect(diagram.name).toBe('chain-docker-run');
    expect(diagram.source.startsWith('sequenceDiagram\n')).toBe(true);
    expect(participants(diagram.source).map(([id]) => id)).toEqual([
      'p_cli',
      'p_dockerd',
      'p_containerd',
      'p_shim',
      'p_runc',
      'p_namespaces',
      'p_cgroups',
    ]);
    const calls = messages(diagram.source).filter(([, , arrow]) => arrow === '->>');
    expect(calls.map(([from, to]) => `${from}>${to}`)).toEqual([
      'p_cli>p_dockerd',
      'p_dockerd>p_containerd',
      'p_containerd>p_shim',
      'p_shim>p_runc',
      'p_runc>p_namespaces',
      'p_runc>p_cgroups',
    ]);
    expect(diagram.text.relations[0]!.line).toMatch(/^1\. docker CLI → dockerd：/);
  });

  it('takes participant names from the atlas where the cards exist, with fallbacks otherwise', () => {
    const diagram = chainDiagram(
      atlas,
      chains.find((c) => c.name === 'docker-run')!,
    );
    const labels = new Map(participants(diagram.source));
    expect(labels.get('p_containerd')).toBe('containerd<br/>工业级容器运行时'); // zh from the card
    expect(labels.get('p_namespaces')).toBe('Namespaces<br/>命名空间');
    expect(diagram.text.groups[0]!.items.find((i) => i.text.startsWith('containerd（'))!.card).toBe('containerd');
    // dockerd is an alias of the Docker card: linked to it, but keeps its own name.
    expect(diagram.text.groups[0]!.items.find((i) => i.text.startsWith('dockerd'))!.card).toBe('docker');

    const empty = buildAtlas([], layers);
    const bare = chainDiagram(
      empty,
      chains.find((c) => c.name === 'docker-run')!,
    );
    expect(new Map(participants(bare.source)).get('p_containerd')).toBe('containerd<br/>高级容器运行时');
    expect(bare.text.groups[0]!.items.every((i) => i.card === undefined)).toBe(true);
  });

  it('kubelet starting a Pod: kubelet → CRI → containerd or CRI-O → runc → kernel', () => {
    const diagram = chainDiagram(
      atlas,
      chains.find((c) => c.name === 'kubelet-pod')!,
    );
    expect(diagram.name).toBe('chain-kubelet-pod');
    expect(participants(diagram.source).map(([id]) => id)).toEqual([
      'p_kubelet',
      'p_cri',
      'p_containerd',
      'p_crio',
      'p_runc',
      'p_kernel',
    ]);
    expect(new Map(participants(diagram.source)).get('p_crio')).toContain('CRI-O');
    const calls = messages(diagram.source)
      .filter(([, , arrow]) => arrow === '->>')
      .map(([f, t]) => `${f}>${t}`);
    expect(calls.slice(0, 6)).toEqual([
      'p_kubelet>p_cri',
      'p_cri>p_containerd',
      'p_containerd>p_runc',
      'p_cri>p_crio',
      'p_crio>p_runc',
      'p_runc>p_kernel',
    ]);
    expect(diagram.source).toMatch(/^\s*alt .*containerd$/m);
    expect(diagram.source).toMatch(/^\s*else .*CRI-O$/m);
    expect(diagram.text.relations.filter((r) => r.branch).map((r) => r.branch)).toEqual([
      '运行时为 containerd',
      '运行时为 containerd',
      '运行时为 CRI-O',
      '运行时为 CRI-O',
    ]);
  });

  it('rejects a step that names an unknown participant', () => {
    expect(() =>
      chainDiagram(atlas, {
        name: 'x',
        title: 't',
        description: 'd',
        participants: [],
        steps: [{ from: 'a', to: 'b', text: 't' }],
      }),
    ).toThrow(/unknown participant "a"/);
  });
});

describe('diagramsFor', () => {
  it('returns stack, the chains and one diagram per card, with stable ASCII names', () => {
    const atlas = fixtureAtlas();
    const diagrams = diagramsFor(atlas);
    const names = diagrams.map((d) => d.name);
    expect(names.slice(0, 3)).toEqual(['stack', 'chain-docker-run', 'chain-kubelet-pod']);
    expect(names.slice(3).sort()).toEqual(atlas.cards.map((c) => `card-${c.id}`).sort());
    expect(new Set(names).size).toBe(names.length);
    for (const d of diagrams) {
      expect(d.name).toMatch(/^[a-z0-9-]+$/);
      expect(d.title).toMatch(/[\u4e00-\u9fff]/);
      expect(d.description).toMatch(/[\u4e00-\u9fff]/);
      expect(d.source.length).toBeGreaterThan(10);
      expect(d.text.groups.length).toBeGreaterThan(0);
    }
    // Card diagrams follow the stack order: the top layer's cards first.
    expect(names[3]).toBe('card-kubernetes');
  });
});

describe('label syntax', () => {
  it('escapes characters Mermaid would read as syntax', () => {
    expect(escapeLabel('a "b" #1; <c> | `d` & e')).toBe('a #quot;b#quot; #35;1#59; #lt;c#gt; #124; #96;d#96; #amp; e');
  });

  it('wraps long Chinese labels into balanced lines without breaking words', () => {
    expect(wrapLabel('开发者友好的容器工具链', 18)).toEqual(['开发者友好的', '容器工具链']);
    expect(wrapLabel('短标签', 18)).toEqual(['短标签']);
    expect(
      wrapLabel('面向 Kubernetes 的轻量运行时', 18).every((l) => !/^\S*ubernetes/.test(l) || l.includes('Kubernetes')),
    ).toBe(true);
    expect(wrapLabel('一二三四五六七八九十，十一', 12).some((l) => l.startsWith('，'))).toBe(false);
  });
});
