import { describe, expect, it } from 'vitest';
import { closestWord, editDistance, latinWords, typoBound } from '../../../src/model/typos.ts';
import { keepWords, searchVocabulary, vocabularyWords } from '../../../src/model/search-vocabulary.ts';
import type { Card, Layer } from '../../../src/model/types.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('namspace', 'namespace', 2)).toBe(1);
    expect(editDistance('contianerd', 'containerd', 2)).toBe(1);
    expect(editDistance('podmen', 'podman', 2)).toBe(1);
    expect(editDistance('podmn', 'podman', 2)).toBe(1);
    expect(editDistance('kuberentes', 'kubernetes', 2)).toBe(1);
    expect(editDistance('contaners', 'containerd', 2)).toBe(2);
    expect(editDistance('runc', 'runc', 1)).toBe(0);
  });

  it('stops at the bound', () => {
    expect(editDistance('docker', 'kubernetes', 2)).toBe(3);
    expect(editDistance('abcdefgh', 'hgfedcba', 1)).toBe(2);
  });
});

describe('closestWord', () => {
  const words = ['kubernetes', 'namespace', 'namespaces', 'containerd', 'containers', 'runc', 'crun'];
  it('allows 1 edit in short words and 2 in long ones, none in words of 3 letters or fewer', () => {
    expect([3, 4, 8, 9, 12].map(typoBound)).toEqual([0, 1, 1, 2, 2]);
    expect(closestWord('kubernets', words)).toBe('kubernetes');
    expect(closestWord('kubrnets', words)).toBeUndefined(); // 8 letters, 2 edits away
    expect(closestWord('namspace', words)).toBe('namespace');
    expect(closestWord('rnc', words)).toBeUndefined();
  });

  it('gives up on a tie and does not correct a word to itself', () => {
    expect(closestWord('rucn', words)).toBe('runc');
    // One edit from containerd and from containers.
    expect(closestWord('containerx', words)).toBeUndefined();
    expect(closestWord('runc', words)).toBeUndefined();
  });
});

describe('latinWords', () => {
  it('keeps hyphenated and dotted names whole and skips numbers and Chinese', () => {
    expect(latinWords('用 systemd-nspawn 和 containerd.io 运行 2024 年的 CRI-O')).toEqual([
      'systemd-nspawn',
      'containerd.io',
      'cri-o',
    ]);
  });
});

describe('keepWords', () => {
  const card = (id: string, name: string, aliases: string[] = [], concepts: string[] = []) =>
    ({ id, name, zh: name, aliases, concepts }) as unknown as Card;
  const vocabulary = searchVocabulary(
    {
      cards: [card('containerd', 'containerd'), card('cgroups', 'cgroups', ['cgroup'], ['resource limits'])],
      layers: [] as Layer[],
    },
    [],
  );

  it('lists words of names and concept words', () => {
    expect([...vocabularyWords(vocabulary)].sort()).toEqual(['cgroup', 'cgroups', 'containerd', 'limits', 'resource']);
  });

  it('lists the site words near a name word that are not names themselves', () => {
    const text = ['A container is not containerd; Containers share a kernel.', 'cgroups limit resources. cgroupfs'];
    expect(keepWords(vocabulary, text)).toEqual(['cgroupfs', 'container', 'containers', 'limit', 'resources']);
  });
});
