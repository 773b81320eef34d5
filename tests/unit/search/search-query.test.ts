import { describe, expect, it, vi } from 'vitest';
import { contentWords, findEntries, fold, understandQuery } from '../../../src/client/search-query.ts';
import type { SearchVocabulary } from '../../../src/model/search-vocabulary.ts';

const vocabulary: SearchVocabulary = {
  keep: ['container', 'containers'],
  entries: [
    { key: 'runc', kind: 'card', names: ['runc', 'OCI 参考运行时', 'libcontainer'] },
    { key: 'cri', kind: 'card', names: ['CRI', '容器运行时接口', 'cri'] },
    { key: 'cri-o', kind: 'card', names: ['CRI-O', 'cri-o'] },
    { key: 'docker', kind: 'card', names: ['Docker', 'Docker 容器平台', 'docker'] },
    { key: 'podman', kind: 'card', names: ['Podman', '无守护进程容器引擎', 'podman'] },
    { key: 'kubernetes', kind: 'card', names: ['Kubernetes', 'k8s', 'dockershim', 'kubernetes'] },
    { key: 'virtual-machine', kind: 'card', names: ['Virtual Machine', '虚拟机', 'VM'] },
    { key: 'container-image', kind: 'card', names: ['Container Image', '容器镜像'], concepts: ['镜像', 'image'] },
    { key: 'namespaces', kind: 'card', names: ['Linux Namespaces', '命名空间', 'namespace', 'namespaces'] },
    { key: 'kata-containers', kind: 'card', names: ['Kata Containers', 'Kata', 'kata-containers'] },
    { key: 'containerd', kind: 'card', names: ['containerd'] },
    { key: 'cni', kind: 'card', names: ['CNI', 'cni'], concepts: ['网络插件'] },
    { key: 'veth-bridge', kind: 'card', names: ['veth / Linux bridge', 'veth'], concepts: ['容器网络'] },
    { key: 'layer:runtime-high', kind: 'layer', names: ['容器运行时'], answer: '高级运行时：…' },
    { key: 'layer:runtime-low', kind: 'layer', names: ['低级运行时', 'Low-level runtime'] },
    { key: 'compare:docker-vs-podman', kind: 'compare', names: ['Docker vs Podman'] },
  ],
};

const keys = (q: string) => understandQuery(q, vocabulary).entries.map((e) => e.key);

describe('understandQuery', () => {
  it('drops question words around a name', () => {
    const plan = understandQuery('runc 是什么', vocabulary);
    expect(plan.terms).toEqual(['runc']);
    expect(keys('runc 是什么')).toEqual(['runc']);
    expect(understandQuery('什么是 CRI？', vocabulary).terms).toEqual(['cri']);
    expect(understandQuery('what is runc?', vocabulary).terms).toEqual(['runc']);
  });

  it('drops the words an English question is made of', () => {
    expect(understandQuery('how does containerd work?', vocabulary).terms).toEqual(['containerd']);
    expect(understandQuery('should I use runc', vocabulary).terms).toEqual(['runc']);
    const plan = understandQuery('which should I choose: Docker or Podman?', vocabulary);
    expect(plan.comparison).toBe(true);
    expect(plan.compare?.key).toBe('compare:docker-vs-podman');
  });

  it('reads a comparison and finds its comparison page, in either order', () => {
    for (const q of ['Podman 和 Docker 区别', 'docker vs podman', 'Docker与Podman有什么不同']) {
      const plan = understandQuery(q, vocabulary);
      expect(plan.comparison, q).toBe(true);
      expect(plan.compare?.key, q).toBe('compare:docker-vs-podman');
      expect(new Set(plan.entries.map((e) => e.key)), q).toEqual(new Set(['docker', 'podman']));
    }
  });

  it('keeps words that are not names as terms, without fillers', () => {
    const plan = understandQuery('容器和虚拟机有什么区别', vocabulary);
    expect(plan.comparison).toBe(true);
    expect(plan.terms).toEqual(['容器', '虚拟机']);
    expect(plan.entries.map((e) => e.key)).toEqual(['virtual-machine']);
    expect(plan.compare).toBeUndefined();
  });

  it('finds several names and the content words between them', () => {
    const plan = understandQuery('k8s 为什么弃用 dockershim', vocabulary);
    expect(plan.terms).toEqual(['k8s', '弃用', 'dockershim']);
    expect(plan.entries.map((e) => e.key)).toEqual(['kubernetes']);
    expect(plan.comparison).toBe(false);
  });

  it('splits a Chinese question into content words with the dictionary segmenter', () => {
    expect(understandQuery('如何限制容器的内存', vocabulary).terms).toEqual(['限制容器', '内存']);
    expect(contentWords('容器镜像是怎么分层的')).not.toContain('的');
  });

  it('prefers the longest name and only matches Latin names as whole words', () => {
    expect(keys('CRI-O')).toEqual(['cri-o']);
    expect(keys('cri-tools')).toEqual([]);
    // Not CRI inside a longer word; read as a typo of CRI-O instead (one letter missing).
    expect(keys('crio')).toEqual(['cri-o']);
    expect(keys('容器镜像')).toEqual(['container-image']);
    expect(findEntries(fold('ＣＲＩ'), vocabulary).map((s) => s.entry.key)).toEqual(['cri']);
  });

  it('keeps the query when nothing but fillers was typed', () => {
    expect(understandQuery('是什么', vocabulary).terms).toEqual(['是什么']);
    expect(understandQuery('   ', vocabulary).terms).toEqual([]);
  });

  it('highlights the terms and the names of what was named', () => {
    const plan = understandQuery('runc 是什么', vocabulary);
    expect(plan.highlight).toEqual(expect.arrayContaining(['runc', 'libcontainer']));
    expect(plan.highlight).not.toContain('是什么');
  });

  it('reads words that are no name as typos of the closest name word', () => {
    const plan = understandQuery('kubernets pod 启动流程', vocabulary);
    expect(plan.entries.map((e) => e.key)).toEqual(['kubernetes']);
    expect(plan.terms[0]).toBe('kubernetes');
    expect(plan.corrections).toEqual([{ from: 'kubernets', to: 'kubernetes' }]);
    expect(keys('namspace')).toEqual(['namespaces']);
    expect(keys('contianerd')).toEqual(['containerd']);
    expect(keys('podmn')).toEqual(['podman']);
    // A typo inside a two-word name is read as that name, not as the nearest single name (containerd).
    expect(keys('kata contaners')).toEqual(['kata-containers']);
  });

  it('leaves short words, real words of the site and Chinese as typed', () => {
    for (const q of ['rnc', 'container', 'containers 是什么', '命名空问', 'k9s']) {
      const plan = understandQuery(q, vocabulary);
      expect(plan.corrections, q).toEqual([]);
    }
    expect(keys('container')).toEqual([]);
  });

  it('reads a concept word as naming its card, but a longer name wins', () => {
    expect(keys('镜像')).toEqual(['container-image']);
    expect(keys('容器镜像')).toEqual(['container-image']);
    expect(keys('容器网络是怎么通的')).toEqual(['veth-bridge']);
    expect(keys('网络插件')).toEqual(['cni']);
    expect(understandQuery('镜像签名', vocabulary).byConcept.map((e) => e.key)).toEqual(['container-image']);
    expect(understandQuery('容器镜像', vocabulary).byConcept).toEqual([]);
    expect(understandQuery('镜像', vocabulary).highlight).toEqual(expect.arrayContaining(['镜像', 'container image']));
  });

  it('knows a definition question ("X 是什么") from other questions', () => {
    for (const q of [
      'runc 是什么',
      '什么是 CRI',
      'what is runc',
      'whats runc',
      '镜像是什么',
      '容器运行时是什么',
      'kubernets 是什么',
    ])
      expect(understandQuery(q, vocabulary).definition, q).toBe(true);
    for (const q of ['runc', 'runc 和 crun 是什么关系', 'Podman 和 Docker 区别', '什么是 runc 的 bundle', '容器是什么'])
      expect(understandQuery(q, vocabulary).definition, q).toBe(false);
  });
});

describe('the word segmenter', () => {
  it('is made only for Chinese text holding a filler word (its dictionary costs the browser 75–170 ms)', async () => {
    const Real = Intl.Segmenter;
    const intl = Intl as { Segmenter: typeof Real };
    let made = 0;
    intl.Segmenter = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made += 1;
      }
    };
    try {
      vi.resetModules();
      const fresh = await import('../../../src/client/search-query.ts');
      expect(fresh.contentWords('容器')).toEqual(['容器']);
      expect(fresh.contentWords('runc 和 crun 镜像分层')).toEqual(['runc', 'crun', '镜像分层']);
      expect(made).toBe(0);
      expect(fresh.contentWords('限制容器的内存')).toEqual(['限制容器', '内存']);
      expect(made).toBe(1);
    } finally {
      intl.Segmenter = Real;
    }
  });
});
