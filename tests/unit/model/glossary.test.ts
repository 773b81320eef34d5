import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChains } from '../../../src/model/chains.ts';
import { loadExamples } from '../../../src/model/examples.ts';
import {
  cardProse,
  chainProse,
  glossarySlips,
  loadGlossary,
  parseGlossary,
  proseOf,
} from '../../../src/model/glossary.ts';
import { loadAtlas, parseCard } from '../../../src/model/load.ts';

const contentDir = path.resolve(import.meta.dirname, '../../../content');

const small = parseGlossary(
  'glossary.yaml',
  `terms:
  - { term: 快照器, en: snapshotter, avoid: [snapshotter, snapshotters], note: n }
  - { term: 虚拟机监控器, en: hypervisor, avoid: [Hypervisor, VMM], keep: [Cloud Hypervisor], note: n }
  - { term: 无 root, en: rootless, avoid: [rootless], note: n }
`,
);
const found = (text: string) => glossarySlips(proseOf(text), small).map((slip) => `${slip.found}→${slip.term}`);

describe('glossarySlips', () => {
  it('flags an avoided word standing for the concept', () => {
    expect(found('镜像层交给 snapshotter 解包')).toEqual(['snapshotter→快照器']);
    expect(found('支持多种 Hypervisor，以及可选的 VMM')).toEqual(['Hypervisor→虚拟机监控器', 'VMM→虚拟机监控器']);
  });

  it('accepts the word only as a gloss in full-width parentheses right after the term', () => {
    expect(found('交给快照器（snapshotter）解包')).toEqual([]);
    expect(found('虚拟机监控器（VMM，也称 Hypervisor）')).toEqual([]);
    expect(found('交给快照器 (snapshotter) 解包')).toEqual(['snapshotter→快照器']);
    expect(found('（snapshotter）快照器')).toEqual(['snapshotter→快照器']);
  });

  it('reads prose only: code, commands, URLs, paths and link targets are not prose', () => {
    expect(found('运行 `ctr plugins ls | grep snapshotter` 查看')).toEqual([]);
    expect(found('```sh\nnerdctl info | grep snapshotter\n```\n')).toEqual([]);
    expect(found('见[文档](https://github.com/containerd/containerd/blob/main/docs/snapshotters/README.md)')).toEqual(
      [],
    );
    expect(found('取 /v2/<name>/snapshotters/<ref> 下的内容')).toEqual([]);
    expect(found('由 [[snapshotters]] 准备')).toEqual([]);
    // a link's own text is prose
    expect(found('由 [[snapshotters|snapshotter]] 准备')).toEqual(['snapshotter→快照器']);
  });

  it('matches ASCII words whole, and leaves product names alone', () => {
    expect(found('借助 RootlessKit 运行')).toEqual([]);
    expect(found('runc spec --rootless 生成配置')).toEqual([]);
    expect(found('也可用 QEMU、Cloud Hypervisor 等')).toEqual([]);
    expect(found('ROOTLESS 模式')).toEqual(['ROOTLESS→无 root']);
  });

  it('refuses a glossary that lists a word under two terms, naming the file', () => {
    expect(() =>
      parseGlossary(
        'content/glossary.yaml',
        `terms:
  - { term: 快照器, en: snapshotter, avoid: [snapshotter], note: n }
  - { term: 快照, en: snapshot, avoid: [Snapshotter], note: n }
`,
      ),
    ).toThrow(/content\/glossary\.yaml: terms\.1: "Snapshotter" is already listed under "快照器"/);
  });
});

describe('the content uses the glossary', () => {
  const terms = loadGlossary(contentDir);
  const cardsDir = path.join(contentDir, 'cards');
  const cards = readdirSync(cardsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => parseCard(path.join(cardsDir, name), readFileSync(path.join(cardsDir, name), 'utf8')));
  const chains = loadChains(contentDir, loadAtlas(contentDir));
  const examples = loadExamples(contentDir);
  const examplePages = examples.map((example) => ({
    id: example.id,
    prose: [example.title, example.summary, ...example.verified, ...example.unverified, proseOf(example.readme.text)]
      .map(proseOf)
      .join('\n'),
  }));

  it.each(cards.map((card) => [card.id, card] as const))('card %s', (_id, card) => {
    expect(glossarySlips(cardProse(card), terms)).toEqual([]);
  });

  it.each(chains.map((chain) => [chain.id, chain] as const))('call chain %s', (_id, chain) => {
    expect(glossarySlips(chainProse(chain), terms)).toEqual([]);
  });

  it.each(examplePages.map((page) => [page.id, page] as const))('example %s', (_id, page) => {
    expect(glossarySlips(page.prose, terms)).toEqual([]);
  });

  it('the layer descriptions', () => {
    const layers = loadAtlas(contentDir).layers.map((layer) => `${layer.name}\n${layer.description}`);
    expect(glossarySlips(layers.join('\n'), terms)).toEqual([]);
  });

  it('every term of the glossary is in use', () => {
    const all = [...cards.map(cardProse), ...chains.map(chainProse), ...examplePages.map((page) => page.prose)].join(
      '\n',
    );
    for (const entry of terms) expect(all, entry.term).toContain(entry.term);
  });
});
