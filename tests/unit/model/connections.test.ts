import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../../src/model/load.ts';

const atlas = loadAtlas(path.resolve(import.meta.dirname, '../../../content'));

/** Distinct cards a card is connected to, by its own relations and by the ones pointing at it. */
function neighbours(id: string): string[] {
  const out = (atlas.outgoing.get(id) ?? []).map((edge) => edge.to);
  const back = (atlas.incoming.get(id) ?? []).map((edge) => edge.from);
  return [...new Set([...out, ...back])].sort();
}

describe('every card is connected', () => {
  it.each(atlas.cards.map((card) => [card.id] as const))(
    '%s has relations to at least two other cards (its own or backlinks)',
    (id) => {
      expect(neighbours(id).length, `${id}: ${neighbours(id).join(', ') || 'no relations'}`).toBeGreaterThanOrEqual(2);
    },
  );

  it('the security mechanisms are reached by the runtimes that apply them (issue 27)', () => {
    const from = (id: string) => (atlas.incoming.get(id) ?? []).map((edge) => edge.from);
    for (const mechanism of ['seccomp', 'capabilities', 'lsm']) {
      expect(from(mechanism), mechanism).toEqual(expect.arrayContaining(['runc', 'crun']));
    }
    expect(from('criu')).toEqual(expect.arrayContaining(['runc', 'crun']));
    expect(from('cni')).toEqual(expect.arrayContaining(['containerd', 'cri-o']));
    expect(from('veth-bridge')).toContain('cni');
    const runtimeClassTargets = (atlas.outgoing.get('runtimeclass') ?? []).map((edge) => edge.to);
    expect(runtimeClassTargets).toEqual(expect.arrayContaining(['containerd', 'cri-o', 'gvisor', 'kata-containers']));
  });
});
