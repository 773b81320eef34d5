import { describe, expect, it } from 'vitest';
import { buildAtlas, interfaceAbove, layerMembers, reachableFrom, resolveCard } from '../../src/model/atlas.ts';
import { loadAtlas } from '../../src/model/load.ts';
import { cardSchema, type CardInput } from '../../src/model/schema.ts';
import type { Card, Layer } from '../../src/model/types.ts';

const layers: Layer[] = [
  { id: 'kernel', name: '底层内核', en: 'Kernel', description: 'k', aside: false, entry: [] },
  { id: 'runtime', name: '运行时', en: 'Runtime', description: 'r', aside: false, entry: [] },
];

function card(id: string, input: Partial<CardInput> = {}): Card {
  const data = cardSchema.parse({
    name: id,
    zh: id,
    layer: 'runtime',
    kind: 'tool',
    position: 'p',
    sources: [{ title: 's', url: 'https://example.org/' }],
    reviewed: '2026-11-01',
    ...input,
  });
  return { ...data, id, file: `content/cards/${id}.md` };
}

describe('buildAtlas', () => {
  it('derives backlinks from the other cards relations', () => {
    const atlas = buildAtlas(
      [
        card('containerd', { relations: [{ type: 'uses', target: 'runc' }] }),
        card('runc'),
        card('docker', {
          relations: [{ type: 'uses', target: 'containerd', since: 'Docker 1.11', source: 'https://example.org/' }],
        }),
      ],
      layers,
    );
    expect(atlas.incoming.get('containerd')!.map((e) => e.from)).toEqual(['docker']);
    expect(atlas.incoming.get('runc')!.map((e) => e.from)).toEqual(['containerd']);
    expect(atlas.outgoing.get('docker')![0]!.since).toBe('Docker 1.11');
  });

  it('resolves ids, names and aliases case-insensitively', () => {
    const atlas = buildAtlas([card('kubernetes', { name: 'Kubernetes', aliases: ['k8s'] })], layers);
    expect(resolveCard(atlas, 'K8S')).toBe('kubernetes');
    expect(resolveCard(atlas, 'kubernetes')).toBe('kubernetes');
    expect(resolveCard(atlas, 'docker')).toBeUndefined();
  });

  it("lets a concept word lead to one card only, and never to another card's name", () => {
    expect(() =>
      buildAtlas([card('cni', { concepts: ['容器网络'] }), card('veth', { concepts: ['容器网络'] })], layers),
    ).toThrow('content/cards/veth.md: concepts.0: "容器网络" already leads to card "cni"');
    expect(() =>
      buildAtlas([card('kubernetes', { aliases: ['k8s'] }), card('docker', { concepts: ['K8s'] })], layers),
    ).toThrow('content/cards/docker.md: concepts.0: "K8s" already leads to card "kubernetes"');
    expect(buildAtlas([card('oci', { concepts: ['容器标准'] })], layers).cards[0]!.concepts).toEqual(['容器标准']);
  });

  it('follows relations transitively', () => {
    const atlas = buildAtlas(
      [
        card('a', { relations: [{ type: 'uses', target: 'b' }] }),
        card('b', { relations: [{ type: 'uses', target: 'c' }] }),
        card('c'),
      ],
      layers,
    );
    expect(reachableFrom(atlas, 'a').sort()).toEqual(['b', 'c']);
  });

  it('rejects an unknown relation target, naming the file and value', () => {
    expect(() => buildAtlas([card('a', { relations: [{ type: 'uses', target: 'nope' }] })], layers)).toThrow(
      /content\/cards\/a\.md: relations\.0\.target: unknown card "nope"/,
    );
  });

  it('rejects a card in an unknown layer', () => {
    expect(() => buildAtlas([card('a', { layer: 'cloud' })], layers)).toThrow(/a\.md: layer: unknown layer "cloud"/);
  });

  it('rejects duplicate aliases across cards', () => {
    expect(() => buildAtlas([card('a', { aliases: ['x'] }), card('b', { aliases: ['X'] })], layers)).toThrow(
      /b\.md: aliases\.0: "X" is already used by card "a"/,
    );
  });

  it('rejects duplicate ids', () => {
    expect(() => buildAtlas([card('a'), card('a')], layers)).toThrow(/duplicate card id "a"/);
  });
});

describe('interfaces between layers', () => {
  const atlas = loadAtlas('content');
  it('leave a layer entry card out of its layer and set it between that layer and the one above', () => {
    expect(layerMembers(atlas, 'runtime-low').map((c) => c.id)).not.toContain('oci');
    expect(layerMembers(atlas, 'runtime-high').map((c) => c.id)).not.toContain('cri');
    expect(layerMembers(atlas, 'runtime-high').map((c) => c.id)).toContain('containerd');
    const oci = interfaceAbove(atlas, 'runtime-low')!;
    expect([oci.above?.id, oci.below.id, oci.cards.map((c) => c.id)]).toEqual(['runtime-high', 'runtime-low', ['oci']]);
    const cri = interfaceAbove(atlas, 'runtime-high')!;
    expect([cri.above?.id, cri.below.id, cri.cards.map((c) => c.id)]).toEqual([
      'orchestration',
      'runtime-high',
      ['cri'],
    ]);
    expect(interfaceAbove(atlas, 'kernel')).toBeUndefined();
  });
});
