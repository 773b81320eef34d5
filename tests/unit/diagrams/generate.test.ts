import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { cardDiagram, neighbourhood } from '../../../src/diagrams/source/card.ts';
import { chainDiagram, chainMermaid } from '../../../src/diagrams/source/chain.ts';
import { checkEdge, mermaidEdges, svgEdges } from '../../../src/diagrams/source/edges.ts';
import { diagramsFor } from '../../../src/diagrams/source/index.ts';
import { bandCards, stackDiagram, stackRows } from '../../../src/diagrams/source/stack.ts';
import { escapeLabel, wrapLabel } from '../../../src/diagrams/source/syntax.ts';
import { loadChains } from '../../../src/model/chains.ts';
import { loadAtlas } from '../../../src/model/load.ts';
import type { Atlas } from '../../../src/model/types.ts';
import { fixtureAtlas } from './fixture.ts';

const links = { base: '/atlas/' };

/** Every <rect> of an SVG lies inside its viewBox (nothing drawn off the edge). */
function rectsInside(svg: string): string[] {
  const [, , width, height] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number);
  const problems: string[] = [];
  for (const m of svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
    const [x, y, w, h] = m.slice(1, 5).map(Number) as [number, number, number, number];
    if (x < 0 || y < 0 || x + w > width! + 0.5 || y + h > height! + 0.5) problems.push(m[0]);
  }
  return problems;
}

/** The card links of an SVG: data-card → href. */
function cardLinks(svg: string): Map<string, string> {
  const tree = fromHtml(svg, { fragment: true });
  return new Map(
    selectAll('a[data-card]', tree).map((a) => [String(a.properties.dataCard), String(a.properties.href)]),
  );
}

describe('the stack overview', () => {
  const atlas = fixtureAtlas();
  const diagram = stackDiagram(atlas, links);

  it('is one row per layer from the top of the stack, a layer drawn `beside` another sharing its row', () => {
    const { rows, aside } = stackRows(atlas);
    expect(rows.map((row) => row.layers.map((l) => l.id))).toEqual([
      ['orchestration', 'tools'],
      ['runtime-high'],
      ['runtime-low'],
      ['kernel'],
    ]);
    expect(aside.map((l) => l.id)).toEqual(['virtualization']);
  });

  it('draws interface cards between the bands they connect, not inside a band', () => {
    const { rows } = stackRows(atlas);
    expect(rows.map((row) => row.entry.map((c) => c.id))).toEqual([[], ['cri'], ['oci'], []]);
    const runtimeHigh = atlas.layers.find((l) => l.id === 'runtime-high')!;
    expect(bandCards(atlas, runtimeHigh).map((c) => c.id)).not.toContain('cri');
  });

  it('links every card, in both layouts, to its card page under the base path', () => {
    for (const variant of ['wide', 'narrow'] as const) {
      const hrefs = cardLinks(diagram.layout[variant]!.svg);
      expect([...hrefs.keys()].sort()).toEqual(atlas.cards.map((c) => c.id).sort());
      for (const [id, href] of hrefs) expect(href).toBe(`/atlas/cards/${id}/`);
    }
  });

  it('fits a 720 px column and a 340 px phone column, nothing drawn outside', () => {
    expect(diagram.layout.wide!.width).toBe(720);
    expect(diagram.layout.narrow.width).toBe(340);
    expect(rectsInside(diagram.layout.wide!.svg)).toEqual([]);
    expect(rectsInside(diagram.layout.narrow.svg)).toEqual([]);
  });

  it('follows the site theme: colours are tokens, never fixed', () => {
    const svg = diagram.layout.wide!.svg;
    expect(svg).toMatch(/var\(--bg-soft,/);
    expect(svg.replace(/var\([^)]*\)/g, '')).not.toMatch(/#[0-9a-f]{3,6}\b/i);
  });

  it('draws no relation edges (the picture is the stack, relations live in card diagrams)', () => {
    expect(diagram.edges).toEqual([]);
    expect(svgEdges(diagram.layout.wide!.svg)).toEqual([]);
  });

  it('exports the same picture as Mermaid block-beta, every card once', () => {
    expect(diagram.mermaid.startsWith('block-beta\n')).toBe(true);
    for (const card of atlas.cards) {
      expect(diagram.mermaid.match(new RegExp(`card_${card.id.replace(/-/g, '_')}[\\[<]`, 'g'))).toHaveLength(1);
    }
  });

  it('is deterministic whatever the order of the cards', () => {
    const shuffled = fixtureAtlas([...atlas.cards].reverse());
    expect(stackDiagram(shuffled, links).layout.wide!.svg).toBe(diagram.layout.wide!.svg);
  });

  it('has a text equivalent listing each layer with its cards', () => {
    const groups = diagram.text.groups.map((g) => [g.id, g.items.map((i) => i.card)]);
    expect(groups[0]).toEqual(['orchestration', ['kubernetes']]);
    expect(groups.at(-1)).toEqual(['virtualization', ['vm']]);
  });
});

describe('card diagrams', () => {
  const atlas = fixtureAtlas();

  it('put the cards relating to the card on the left and those it relates to on the right', () => {
    const { incoming, outgoing } = neighbourhood(atlas, 'containerd');
    expect(incoming.map((n) => n.card.id).sort()).toEqual(['containerd-shim', 'cri-o', 'docker', 'kubernetes']);
    expect(outgoing.map((n) => n.card.id).sort()).toEqual(['cri', 'runc']);
  });

  it('draw every relation of the card once, from its subject to its object', () => {
    const diagram = cardDiagram(atlas, 'containerd', links);
    const drawn = svgEdges(diagram.layout.wide!.svg);
    const own = atlas.edges.filter((e) => e.from === 'containerd' || e.to === 'containerd');
    expect(drawn.flatMap((e) => e.types!.map((type) => `${e.from} ${type} ${e.to}`)).sort()).toEqual(
      own.map((e) => `${e.from} ${e.type} ${e.to}`).sort(),
    );
  });

  it('label each edge with the relation, active voice, and the interface it passes', () => {
    const diagram = cardDiagram(atlas, 'containerd', links);
    expect(diagram.edges).toContainEqual({
      from: 'kubernetes',
      to: 'containerd',
      type: 'calls-via',
      label: '调用 · 经由 CRI',
    });
    expect(diagram.edges).toContainEqual({ from: 'containerd', to: 'cri', type: 'implements', label: '实现' });
  });

  it('fit a 720 px column and a phone, and link every neighbour', () => {
    for (const id of atlas.cards.map((c) => c.id)) {
      const diagram = cardDiagram(atlas, id, links);
      expect(rectsInside(diagram.layout.wide!.svg), id).toEqual([]);
      expect(rectsInside(diagram.layout.narrow.svg), id).toEqual([]);
      const { incoming, outgoing } = neighbourhood(atlas, id);
      expect([...cardLinks(diagram.layout.wide!.svg).keys()].sort()).toEqual(
        [...new Set([...incoming, ...outgoing].map((n) => n.card.id))].sort(),
      );
    }
  });

  it('mark historical relations and say until when', () => {
    const svg = cardDiagram(atlas, 'docker', links).layout.wide!.svg;
    expect(svg).toMatch(/<g class="rel historical" data-from="kubernetes" data-to="docker"/);
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
    expect(text).toMatch(/dockershim；至 ?1\.24 ?移除/);
  });

  it('rejects an unknown card', () => {
    expect(() => cardDiagram(atlas, 'nope', links)).toThrow(/unknown card "nope"/);
  });
});

describe('true by construction: every drawn edge against the model', () => {
  const atlas: Atlas = loadAtlas('content');
  const chains = loadChains('content', atlas);
  const diagrams = diagramsFor(atlas, chains, links);

  it('every edge of every generated SVG reads like the relation in /api/graph.json', () => {
    const problems = diagrams.flatMap((d) =>
      [d.layout.wide, d.layout.narrow]
        .flatMap((laid) => (laid ? svgEdges(laid.svg) : []))
        .flatMap((e) => checkEdge(atlas, e)),
    );
    expect(problems).toEqual([]);
    expect(
      diagrams
        .filter((d) => d.kind === 'card')
        .every((d) => svgEdges(d.layout.wide!.svg).length > 0 || d.edges.length === 0),
    ).toBe(true);
  });

  it('every edge of every Mermaid export too', () => {
    const cardOf = (id: string) => (id.startsWith('card_') ? id.slice(5).replace(/_/g, '-') : undefined);
    const problems = diagrams.flatMap((d) => mermaidEdges(d.mermaid, cardOf).flatMap((e) => checkEdge(atlas, e)));
    expect(problems).toEqual([]);
  });

  it('fails on the overview published before this check existed (backwards and passive-free labels)', () => {
    const old = readFileSync('tests/fixtures/diagrams/stack-before-issue-12.mmd', 'utf8');
    const problems = mermaidEdges(old, (id) => (atlas.byId.has(id) ? id : undefined)).flatMap((e) =>
      checkEdge(atlas, e),
    );
    expect(problems).toContain('cri → containerd "实现": drawn backwards (the model says containerd implements cri)');
    expect(problems.length).toBeGreaterThan(5);
  });

  it('catches a passive label on a forward arrow and a made-up relation', () => {
    expect(checkEdge(atlas, { from: 'containerd', to: 'cri', label: '被实现' })).toEqual([
      'containerd → cri "被实现": passive label on a forward arrow',
    ]);
    expect(checkEdge(atlas, { from: 'runc', to: 'kubernetes' })[0]).toMatch(/no such relation/);
  });
});

describe('call chains', () => {
  const atlas = loadAtlas('content');
  const chains = loadChains('content', atlas);
  const byId = new Map(chains.map((c) => [c.id, c]));

  it('docker run goes CLI → dockerd → containerd → shim → runc → kernel, and the shim is called a shim', () => {
    const chain = byId.get('docker-run')!;
    expect(chain.participants.map((p) => p.label)).toEqual([
      'docker CLI',
      'dockerd',
      'containerd',
      'containerd-shim',
      'runc',
      'Linux 内核',
    ]);
    const shim = chain.participants.find((p) => p.id === 'shim')!;
    expect(shim.role).toBe('容器的监控进程');
    expect(shim.card).toBe('containerd');
  });

  it('kubelet → containerd: the runtime makes the Pod network namespace and CNI configures it; the kubelet makes the Pod cgroup', () => {
    const diagram = chainDiagram(byId.get('kubelet-containerd')!, links);
    const lines = diagram.text.relations.map((r) => r.line);
    expect(lines[0]).toMatch(/kubelet → kubelet：创建 Pod 级 cgroup/);
    expect(lines.findIndex((l) => /containerd（CRI 插件） → Linux 内核：创建 Pod 的网络命名空间/.test(l))).toBeLessThan(
      lines.findIndex((l) => /→ CNI 插件：CNI ADD/.test(l)),
    );
  });

  it('kubelet → CRI-O runs containers through conmon and crun, CRI-O’s default OCI runtime', () => {
    const source = chainMermaid(byId.get('kubelet-cri-o')!);
    expect(source).toMatch(/p_conmon->>p_crun: crun create/);
    expect(source).not.toMatch(/p_runc/);
  });

  it('Pod networking: the runtime makes the namespace before CNI ADD, and the IP comes from IPAM back to the kubelet', () => {
    const chain = byId.get('pod-network')!;
    expect(chain.participants.every((p) => p.card)).toBe(true);
    const lines = chainDiagram(chain, links).text.relations.map((r) => r.line);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/kubelet → containerd（CRI 插件）：CRI RunPodSandbox/)).toBe(0);
    expect(at(/→ 网络命名空间：创建 Pod 的网络命名空间/)).toBeLessThan(at(/→ bridge 插件：CNI ADD/));
    expect(at(/bridge 插件 → host-local：委托 IPAM/)).toBeLessThan(at(/host-local ⇠ bridge 插件：返回 IP/));
    expect(lines.at(-1)).toMatch(/containerd（CRI 插件） ⇠ kubelet：.*Pod IP/);
  });

  it('docker build: BuildKit prepares a snapshot before running a step, and pushes to the registry last', () => {
    const chain = byId.get('docker-build')!;
    expect(chain.participants.map((p) => p.card)).toEqual([
      'docker',
      'buildkit',
      'snapshotters',
      'runc',
      'container-image',
      'registry',
    ]);
    const source = chainMermaid(chain);
    expect(source.indexOf('p_buildkit->>p_snapshotter')).toBeLessThan(source.indexOf('p_buildkit->>p_runc'));
    expect(source.lastIndexOf('p_buildkit->>p_registry')).toBeGreaterThan(source.indexOf('p_buildkit->>p_image'));
  });

  it('every chain fits: at most 7 participants, wrapped messages', () => {
    for (const chain of chains) {
      expect(chain.participants.length).toBeLessThanOrEqual(7);
      for (const line of chainMermaid(chain).split('\n')) expect(line.length).toBeLessThan(200);
    }
  });
});

describe('diagramsFor', () => {
  it('returns the stack, the chains, then one diagram per card in reading order, with stable ASCII names', () => {
    const atlas = loadAtlas('content');
    const names = diagramsFor(atlas, loadChains('content', atlas), links).map((d) => d.name);
    expect(names.slice(0, 6)).toEqual([
      'stack',
      'chain-docker-run',
      'chain-kubelet-containerd',
      'chain-kubelet-cri-o',
      'chain-pod-network',
      'chain-docker-build',
    ]);
    expect(names[6]).toBe('card-kubernetes');
    expect(names.every((n) => /^[a-z0-9-]+$/.test(n))).toBe(true);
    expect(names.filter((n) => n.startsWith('card-'))).toHaveLength(atlas.cards.length);
  });
});

describe('label syntax', () => {
  it('escapes characters Mermaid would read as syntax', () => {
    expect(escapeLabel('a "b" | c; #1 <x>')).toBe('a #quot;b#quot; #124; c#59; #35;1 #lt;x#gt;');
  });

  it('wraps long Chinese labels into balanced lines without breaking words', () => {
    const text = '容器运行时接口规定了 kubelet 与运行时之间的 gRPC 协议';
    const lines = wrapLabel(text, 16);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(lines.some((l) => /kube$|^let/.test(l))).toBe(false);
  });
});
