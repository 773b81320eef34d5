import { describe, expect, it } from 'vitest';
import { searchVocabulary } from '../../../src/model/search-vocabulary.ts';
import { annotateForSearch, pageKeys } from '../../../src/integrations/search-index.ts';
import type { Card, Layer } from '../../../src/model/types.ts';

const card = (id: string, name: string, zh: string, aliases: string[] = []) =>
  ({ id, name, zh, aliases }) as unknown as Card;
const cards = [
  card('overlayfs', 'UnionFS / OverlayFS', '联合文件系统', ['overlay2']),
  card('docker', 'Docker', 'Docker 容器平台'),
];
const layers = [{ id: 'runtime-low', name: '低级运行时', en: 'Low-level runtime' }] as unknown as Layer[];
const pairs = [{ id: 'docker-vs-podman', a: card('docker', 'Docker', ''), b: card('podman', 'Podman', '') }];

describe('searchVocabulary', () => {
  it('lists every name of a card, split at " / ", with its key', () => {
    const vocabulary = searchVocabulary({ cards, layers }, pairs);
    expect(vocabulary.entries[0]).toEqual({
      key: 'overlayfs',
      kind: 'card',
      names: ['UnionFS / OverlayFS', 'UnionFS', 'OverlayFS', '联合文件系统', 'overlay2', 'overlayfs'],
    });
    expect(vocabulary.entries.map((e) => e.key)).toEqual([
      'overlayfs',
      'docker',
      'layer:runtime-low',
      'compare:docker-vs-podman',
    ]);
  });

  it('leads a layer group to its top member, answered by every member', () => {
    const group = [
      { id: 'runtime-low', name: '低级运行时', en: 'Low', group: '容器运行时', description: '创建容器进程。' },
      { id: 'runtime-high', name: '高级运行时', en: 'High', group: '容器运行时', description: '管理镜像。' },
    ] as unknown as Layer[];
    const vocabulary = searchVocabulary({ cards: [], layers: group }, []);
    expect(vocabulary.entries.at(-1)).toEqual({
      key: 'layer:runtime-high',
      kind: 'layer',
      names: ['容器运行时'],
      answer: '高级运行时：管理镜像。 低级运行时：创建容器进程。',
    });
  });

  it('gives card and comparison pages the same keys as the vocabulary', () => {
    expect([...pageKeys({ cards }, pairs)]).toEqual([
      ['/cards/overlayfs/', 'overlayfs'],
      ['/cards/docker/', 'docker'],
      ['/compare/docker-vs-podman/', 'compare:docker-vs-podman'],
    ]);
  });

  it('writes the key as a filter inside the indexed body', () => {
    const page = annotateForSearch('<main data-pagefind-body><h1>x</h1></main>', {}, { key: 'compare:a-vs-b' });
    expect(page.html).toContain('<span data-pagefind-filter="key:compare:a-vs-b" hidden></span>');
  });
});
