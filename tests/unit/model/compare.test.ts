import { describe, expect, it } from 'vitest';
import {
  choiceSummary,
  comparisonPairs,
  comparisonSide,
  comparisonsOf,
  nonEmptyRelationRows,
  traitRows,
} from '../../../src/model/compare.ts';
import { loadAtlas } from '../../../src/model/load.ts';

const atlas = loadAtlas('content');

describe('comparisons', () => {
  it('pair every two cards the cards declare as alternatives, once, with stable ids', () => {
    const ids = comparisonPairs(atlas).map((p) => p.id);
    expect(ids).toContain('docker-vs-podman');
    expect(ids).toContain('crun-vs-runc');
    expect(ids).toContain('containerd-vs-cri-o');
    expect(ids).toContain('docker-vs-virtual-machine');
    expect(ids).toContain('gvisor-vs-kata-containers');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    const alternatives = atlas.edges.filter((e) => e.type === 'alternative-to').length;
    expect(comparisonPairs(atlas).reduce((n, p) => n + p.edges.length, 0)).toBe(alternatives);
  });

  it('are listed on both cards', () => {
    expect(comparisonsOf(atlas, 'podman').map((p) => p.id)).toContain('docker-vs-podman');
    expect(comparisonsOf(atlas, 'docker').map((p) => p.id)).toContain('docker-vs-podman');
  });

  it('line up what each card says: traits, callers, callees, latest history', () => {
    const docker = comparisonSide(atlas, atlas.byId.get('docker')!);
    const podman = comparisonSide(atlas, atlas.byId.get('podman')!);
    expect(traitRows(docker, podman)).toEqual(['daemon', 'rootless', 'isolation']);
    expect(docker.traits.daemon?.text).toMatch(/dockerd/);
    expect(podman.traits.daemon?.text).toMatch(/conmon/);
    expect(docker.calls.map((c) => c.id)).toContain('containerd');
    expect(podman.calls.map((c) => c.id)).not.toContain('containerd');
    const runc = comparisonSide(atlas, atlas.byId.get('runc')!);
    expect(runc.calledBy.map((c) => c.id)).toEqual(expect.arrayContaining(['containerd', 'cri-o']));
    expect(runc.implementsCards.map((c) => c.id)).toEqual(['oci']);
    expect(String(runc.latest?.date) >= String(atlas.byId.get('runc')!.history[0]!.date)).toBe(true);
  });

  it("sum up how to choose: each side's fit, the traits that differ and those that are the same", () => {
    const docker = comparisonSide(atlas, atlas.byId.get('docker')!);
    const podman = comparisonSide(atlas, atlas.byId.get('podman')!);
    const choice = choiceSummary(docker, podman);
    expect(choice.fits.map((f) => f.side.card.id)).toEqual(['docker', 'podman']);
    expect(choice.fits[0]!.text).toBe(docker.traits.fit!.text);
    expect(choice.differ).toEqual(['daemon', 'rootless']);
    expect(choice.same).toEqual([{ key: 'isolation', text: docker.traits.isolation!.text }]);
    // `fit` is the summary, never a row of the table.
    expect(traitRows(docker, podman)).not.toContain('fit');
  });

  it('show a relation row only when one of the two sides has something in it', () => {
    const side = (id: string) => comparisonSide(atlas, atlas.byId.get(id)!);
    const rows = nonEmptyRelationRows(side('docker'), side('podman'));
    expect(rows).toEqual(['calls']);
    expect(nonEmptyRelationRows(side('containerd'), side('cri-o'))).toEqual(['calledBy', 'calls', 'implementsCards']);
  });

  it('have every compared card say when to pick it, with a source', () => {
    const missing = comparisonPairs(atlas)
      .flatMap((pair) => [pair.a, pair.b])
      .filter((card) => !card.traits.fit)
      .map((card) => card.id);
    expect([...new Set(missing)]).toEqual([]);
  });
});
