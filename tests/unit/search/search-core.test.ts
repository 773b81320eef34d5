import { describe, expect, it } from 'vitest';
import {
  cleanTitle,
  decodeEntities,
  format,
  mapHit,
  mapPage,
  moveIndex,
  needsPhraseCheck,
  normaliseQuery,
  parseExcerpt,
  promoteExactName,
  promotePhrase,
  readSearchState,
  shapeResult,
  tidyJoins,
  titleMatches,
  wantsSearch,
  writeSearchState,
  type PagefindResultData,
} from '../../../src/client/search-core.ts';

describe('query string', () => {
  it('reads q, type and layer', () => {
    expect(readSearchState('?q=containerd&type=card&layer=%E4%BD%8E%E7%BA%A7%E8%BF%90%E8%A1%8C%E6%97%B6')).toEqual({
      q: 'containerd',
      type: 'card',
      layer: '低级运行时',
    });
  });

  it('keeps Chinese and plus-encoded spaces', () => {
    expect(readSearchState('?q=%E5%91%BD%E5%90%8D%E7%A9%BA%E9%97%B4').q).toBe('命名空间');
    expect(readSearchState('?q=cgroup+v2').q).toBe('cgroup v2');
  });

  it('drops unknown page types and defaults to empty', () => {
    expect(readSearchState('?type=video')).toEqual({ q: '', type: '', layer: '' });
    expect(readSearchState('')).toEqual({ q: '', type: '', layer: '' });
  });

  it('writes only what is set, and round-trips', () => {
    expect(writeSearchState({ q: '', type: '', layer: '' })).toBe('');
    expect(writeSearchState({ q: '   ', type: '', layer: '' })).toBe('');
    expect(writeSearchState({ q: 'k8s', type: '', layer: '' })).toBe('?q=k8s');
    const state = { q: '写时复制 overlay', type: 'card', layer: '底层内核' };
    expect(readSearchState(writeSearchState(state))).toEqual(state);
  });

  it('keeps the box text as typed (a trailing space is still being typed)', () => {
    expect(readSearchState(writeSearchState({ q: 'cgroup ', type: '', layer: '' })).q).toBe('cgroup ');
  });

  it('normalises whitespace for searching', () => {
    expect(normaliseQuery('  cgroup \t v2 ')).toBe('cgroup v2');
    expect(normaliseQuery('　')).toBe('');
  });

  it('knows when to search', () => {
    expect(wantsSearch({ q: ' ', type: '', layer: '' })).toBe(false);
    expect(wantsSearch({ q: '', type: 'layer', layer: '' })).toBe(true);
    expect(wantsSearch({ q: 'runc', type: '', layer: '' })).toBe(true);
  });
});

describe('excerpts', () => {
  it('splits on <mark> and decodes entities', () => {
    expect(parseExcerpt('经 <mark>containerd</mark>-shim 调用 &amp; 监控 &lt;pid&gt;')).toEqual([
      { text: '经 ', mark: false },
      { text: 'containerd', mark: true },
      { text: '-shim 调用 & 监控 <pid>', mark: false },
    ]);
  });

  it('treats any other markup as text, so nothing can be injected', () => {
    const parts = parseExcerpt('<img src=x onerror=alert(1)><mark>x</mark>');
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)>', mark: false });
    expect(parts[1]).toEqual({ text: 'x', mark: true });
  });

  it('removes the zero-width marks of Chinese segmentation and merges runs', () => {
    expect(parseExcerpt('<mark>命名\u200b</mark><mark>空间</mark>\u200b机制')).toEqual([
      { text: '命名空间', mark: true },
      { text: '机制', mark: false },
    ]);
  });

  it('decodes numeric references and leaves unknown ones', () => {
    expect(decodeEntities('&#x4e2d;&#25991; &bogus; &#0;')).toBe('中文 &bogus; &#0;');
  });

  it('cleans heading titles', () => {
    expect(cleanTitle(' 在技术栈中的位置 ')).toBe('在技术栈中的位置');
    expect(cleanTitle('C#')).toBe('C#');
    expect(cleanTitle('cgroup\u200b v2 &amp; v1')).toBe('cgroup v2 & v1');
  });
});

describe('shapeResult', () => {
  const data: PagefindResultData = {
    url: '/cards/runc/',
    excerpt: '<mark>runc</mark> 是 OCI 参考运行时',
    meta: { title: 'runc OCI 参考运行时', layer: '低级运行时' },
    filters: { type: ['card'], layer: ['低级运行时'] },
    sub_results: [
      { title: 'runc OCI 参考运行时', url: '/cards/runc/', excerpt: 'top' },
      { title: '概述', url: '/cards/runc/#summary', excerpt: '<mark>runc</mark> 位于', locations: [1, 2, 3] },
      { title: '功能', url: '/cards/runc/#features', excerpt: 'a', locations: [9] },
      { title: '关系', url: '/cards/runc/#relations', excerpt: 'b', locations: [20, 21, 22, 23] },
      { title: '历史', url: '/cards/runc/#history', excerpt: 'c', locations: [30, 31] },
      { title: '来源', url: '/cards/other/#x', excerpt: 'd', locations: [1, 2, 3, 4, 5, 6] },
    ],
  };

  it('takes type, layer, title and excerpt', () => {
    const hit = shapeResult(data);
    expect(hit.type).toBe('card');
    expect(hit.layer).toBe('低级运行时');
    expect(hit.title).toBe('runc OCI 参考运行时');
    expect(hit.url).toBe('/cards/runc/');
    expect(hit.excerpt[0]).toEqual({ text: 'runc', mark: true });
  });

  it('keeps the best-matching sections, in page order, and drops the page itself', () => {
    const hit = shapeResult(data, 3);
    expect(hit.subs.map((s) => s.url)).toEqual([
      '/cards/runc/#summary',
      '/cards/runc/#relations',
      '/cards/runc/#history',
    ]);
    expect(hit.subs.map((s) => s.title)).toEqual(['概述', '关系', '历史']);
  });

  it('prefers weighted locations when Pagefind gives them', () => {
    const hit = shapeResult(
      {
        ...data,
        sub_results: [
          { title: 'a', url: '/cards/runc/#a', excerpt: '', weighted_locations: [{ weight: 1, location: 1 }] },
          { title: 'b', url: '/cards/runc/#b', excerpt: '', weighted_locations: [{ weight: 7, location: 5 }] },
        ],
      },
      1,
    );
    expect(hit.subs.map((s) => s.title)).toEqual(['b']);
  });

  it('handles records with an anchor (layer records) and pages without filters', () => {
    const layer = shapeResult({
      url: '/layers/#detail-kernel',
      excerpt: '',
      meta: { title: '底层内核' },
      filters: { type: ['layer'], layer: ['底层内核'] },
    });
    expect(layer.type).toBe('layer');
    expect(layer.subs).toEqual([]);
    const page = shapeResult({ url: '/', excerpt: 'x', meta: {} });
    expect(page.type).toBe('page');
    expect(page.title).toBe('/');
  });
});

describe('moveIndex', () => {
  it('enters the list from the box and returns from the top', () => {
    expect(moveIndex(-1, 'ArrowDown', 5)).toBe(0);
    expect(moveIndex(0, 'ArrowDown', 5)).toBe(1);
    expect(moveIndex(1, 'ArrowUp', 5)).toBe(0);
    expect(moveIndex(0, 'ArrowUp', 5)).toBe(-1);
    expect(moveIndex(-1, 'ArrowUp', 5)).toBe(-1);
  });

  it('stops at the ends instead of wrapping', () => {
    expect(moveIndex(4, 'ArrowDown', 5)).toBe(4);
  });

  it('supports Home/End/PageUp/PageDown inside the list only', () => {
    expect(moveIndex(3, 'Home', 5)).toBe(0);
    expect(moveIndex(1, 'End', 5)).toBe(4);
    expect(moveIndex(-1, 'Home', 5)).toBeUndefined();
    expect(moveIndex(-1, 'End', 5)).toBeUndefined();
    expect(moveIndex(0, 'PageDown', 12)).toBe(5);
    expect(moveIndex(10, 'PageDown', 12)).toBe(11);
    expect(moveIndex(3, 'PageUp', 12)).toBe(0);
  });

  it('ignores other keys and copes with an empty or shrunken list', () => {
    expect(moveIndex(0, 'a', 5)).toBeUndefined();
    expect(moveIndex(-1, 'ArrowDown', 0)).toBe(-1);
    expect(moveIndex(7, 'ArrowUp', 3)).toBe(1);
  });
});

describe('format', () => {
  it('fills placeholders like t()', () => {
    expect(format('找到 {n} 条结果', { n: 3 })).toBe('找到 3 条结果');
    expect(format('没有找到与「{q}」相关的内容', { q: 'x' })).toBe('没有找到与「x」相关的内容');
    expect(format('{missing}', {})).toBe('{missing}');
  });
});

describe('promoteExactName', () => {
  const hit = (title: string, names: string[] = []) => ({ title, names });
  const hits = [
    hit('CRI 容器运行时接口', ['CRI', 'Container Runtime Interface']),
    hit('CRI-O Kubernetes 专用容器运行时', ['CRI-O', 'crio']),
    hit('runc OCI 参考运行时', ['runc']),
  ];

  it('moves the hit named exactly like the query to the top, ignoring case and spacing', () => {
    expect(promoteExactName(hits, 'cri-o').map((h) => h.names[0])).toEqual(['CRI-O', 'CRI', 'runc']);
    expect(promoteExactName(hits, '  container   runtime interface ')[0]!.names[0]).toBe('CRI');
  });

  it('matches a page title too (notes, pages)', () => {
    expect(promoteExactName([hit('a'), hit('容器技术背景')], '容器技术背景')[0]!.title).toBe('容器技术背景');
  });

  it('leaves the order alone without an exact match or when it is already first', () => {
    expect(promoteExactName(hits, 'cr')).toBe(hits);
    expect(promoteExactName(hits, 'CRI')).toBe(hits);
    expect(promoteExactName(hits, '')).toBe(hits);
  });

  it('reads names from the names meta field', () => {
    const shaped = shapeResult({
      url: '/cards/kubernetes/',
      excerpt: '',
      meta: { title: 'Kubernetes 容器编排系统', names: 'Kubernetes / k8s / kubelet' },
    });
    expect(shaped.names).toEqual(['Kubernetes', 'k8s', 'kubelet']);
  });
});

describe('tidyJoins', () => {
  it('turns Pagefind block joins after Chinese into spaces and drops a leading one', () => {
    expect(tidyJoins('概述. 命名空间给', false)).toBe('概述 命名空间给');
    expect(tidyJoins('（对照）. 虚拟机', false)).toBe('（对照） 虚拟机');
    expect(tidyJoins('. 命名空间', true)).toBe('命名空间');
    expect(tidyJoins('. 命名空间', false)).toBe('. 命名空间');
  });

  it('leaves Latin sentences and file names alone', () => {
    expect(tidyJoins('containerd.io. Docker uses it. ', false)).toBe('containerd.io. Docker uses it. ');
  });

  it('applies inside parsed excerpts', () => {
    expect(parseExcerpt('. <mark>命名空间</mark>：同一个内核. 用 unshare')).toEqual([
      { text: '命名空间', mark: true },
      { text: '：同一个内核 用 unshare', mark: false },
    ]);
  });
});

describe('promotePhrase', () => {
  it('marks hits whose text holds the query as one phrase (segmentation marks ignored)', () => {
    const note = shapeResult(
      {
        url: '/notes/a/',
        excerpt: '',
        meta: { title: 'a' },
        content: '解决\u200b依赖\u200b冲突（\u200b依赖\u200b隔离\u200b）',
      },
      3,
      '依赖隔离',
    );
    const card = shapeResult(
      { url: '/cards/b/', excerpt: '', meta: { title: 'b' }, content: '隔离\u200b隔离 依赖' },
      3,
      '依赖隔离',
    );
    expect(note.phrase).toBe(true);
    expect(card.phrase).toBe(false);
    expect(
      shapeResult({ url: '/x/', excerpt: '', meta: {}, content: 'Uses cgroup  V2 here' }, 3, 'cgroup v2').phrase,
    ).toBe(true);
  });

  it('moves phrase matches ahead, keeping order within each group', () => {
    const hits = [
      { id: 1, phrase: false },
      { id: 2, phrase: true },
      { id: 3, phrase: false },
      { id: 4, phrase: true },
    ];
    expect(promotePhrase(hits).map((h) => h.id)).toEqual([2, 4, 1, 3]);
    const none = [{ id: 1, phrase: false }];
    expect(promotePhrase(none)).toBe(none);
  });
});

describe('needsPhraseCheck', () => {
  it('checks the text of hits only for queries Pagefind splits into words', () => {
    expect(needsPhraseCheck(['runc'])).toBe(false);
    expect(needsPhraseCheck(['容器'])).toBe(false);
    expect(needsPhraseCheck(['依赖隔离'])).toBe(true);
    expect(needsPhraseCheck(['cri-o'])).toBe(true);
    expect(needsPhraseCheck(['docker', '镜像'])).toBe(true);
    expect(needsPhraseCheck([])).toBe(false);
  });
});

describe('page map', () => {
  const runc = mapPage([
    'zh-cn_1',
    '/cards/runc/',
    'runc OCI 参考运行时',
    'card',
    '低级运行时',
    'runc / libcontainer',
    'OCI 运行时规范的参考实现。',
    'runc',
  ]);
  const note = mapPage(['zh-cn_2', '/notes/x/', '容器技术背景', 'note', '', '', '', '']);

  it('a map row is a result with title, type, layer and definition, under the base path', () => {
    const hit = mapHit(runc, '/stack-atlas/');
    expect(hit).toMatchObject({
      url: '/stack-atlas/cards/runc/',
      title: 'runc OCI 参考运行时',
      type: 'card',
      layer: '低级运行时',
      names: ['runc', 'libcontainer'],
      answer: 'OCI 运行时规范的参考实现。',
      excerpt: [],
    });
    expect(mapHit(note, '/')).not.toHaveProperty('layer');
    expect(mapPage(['i', '/x/', 'X', 'weird', '', '', '', '']).type).toBe('page');
  });

  it('titles and names answer when the word index cannot', () => {
    expect(titleMatches([runc, note], ['LIBCONTAINER']).map((p) => p.id)).toEqual(['zh-cn_1']);
    expect(titleMatches([runc, note], ['容器', '背景']).map((p) => p.id)).toEqual(['zh-cn_2']);
    expect(titleMatches([runc, note], [])).toEqual([]);
  });
});
