import { describe, expect, it } from 'vitest';
import {
  annotateForSearch,
  cardMeta,
  cardNames,
  layerRecords,
  searchPagePreloads,
  urlForFile,
  withPreloads,
} from '../../../src/integrations/search-index.ts';
import { isOpenShortcut } from '../../../src/client/search-boot.ts';
import type { Card, Layer } from '../../../src/model/types.ts';

const page = (main: string, head = '<meta name="page-type" content="card">') =>
  `<!doctype html><html lang="zh-CN"><head>${head}</head><body><header>nav</header>${main}<footer>f</footer></body></html>`;

describe('annotateForSearch', () => {
  it('adds type and layer filters inside the indexed body', () => {
    const html = page(
      '<main id="main" class="site-main" data-pagefind-body><header class="card-header" data-pagefind-meta="layer:低级运行时"><h1>runc</h1></header></main>',
    );
    const out = annotateForSearch(html);
    expect(out.indexed).toBe(true);
    expect(out.type).toBe('card');
    expect(out.layer).toBe('低级运行时');
    expect(out.html).toContain(
      'data-pagefind-body><span data-pagefind-filter="type:card" hidden></span><span data-pagefind-filter="layer:低级运行时" hidden></span><header',
    );
  });

  it('adds meta fields, with commas that would split a value removed', () => {
    const out = annotateForSearch(page('<main data-pagefind-body><h1>k</h1></main>'), {
      names: 'Kubernetes / k8s, kubelet',
    });
    expect(out.html).toContain('<span data-pagefind-meta="names:Kubernetes / k8s  kubelet" hidden></span>');
  });

  it('leaves pages without data-pagefind-body alone', () => {
    const html = page('<main id="main" class="site-main"><p>archive</p></main>');
    expect(annotateForSearch(html)).toEqual({ html, indexed: false });
  });

  it('does not override filters or meta a page declares itself', () => {
    const html = page(
      '<main data-pagefind-body data-pagefind-filter="type:note"><p data-pagefind-meta="names:x">x</p></main>',
      '<meta name="page-type" content="note">',
    );
    const out = annotateForSearch(html, { names: 'y' });
    expect(out.html).toBe(html);
  });

  it('ignores unknown page types and escapes attribute values', () => {
    const html = page(
      '<main data-pagefind-body><div data-pagefind-meta="layer:A &quot;B&quot; &amp; C"></div></main>',
      '<meta name="page-type" content="weird">',
    );
    const out = annotateForSearch(html);
    expect(out.html).not.toContain('type:weird');
    expect(out.html).toContain('data-pagefind-filter="layer:A &quot;B&quot; &amp; C"');
  });

  it('does not mistake data-pagefind-body-like attributes for the body', () => {
    expect(annotateForSearch(page('<main data-pagefind-bodyguard><p>x</p></main>')).indexed).toBe(false);
  });
});

describe('urlForFile', () => {
  it('maps built files to their URLs', () => {
    expect(urlForFile('index.html')).toBe('/');
    expect(urlForFile('cards/runc/index.html')).toBe('/cards/runc/');
    expect(urlForFile('tags/容器/index.html')).toBe('/tags/容器/');
    expect(urlForFile('404.html')).toBe('/404.html');
  });
});

describe('names and layer records', () => {
  const layers: Layer[] = [
    { id: 'kernel', name: '底层内核', en: 'Kernel', description: '内核机制。', aside: false, entry: [] },
    {
      id: 'runtime-low',
      name: '低级运行时',
      en: 'Low-level runtime',
      group: '容器运行时',
      description: '创建容器进程。',
      aside: false,
      entry: [],
    },
  ];
  const runc = {
    id: 'runc',
    name: 'runc',
    zh: 'OCI 参考运行时',
    aliases: ['libcontainer'],
    layer: 'runtime-low',
  } as unknown as Card;

  it("lists a card's name and aliases under its URL (not the Chinese descriptor)", () => {
    expect(cardNames({ cards: [runc] }).get('/cards/runc/')).toBe('runc / libcontainer');
  });

  it('makes one record per layer, pointing at its section of /layers/', () => {
    const html = '<h2 id="detail-kernel">底层内核</h2><h2 id="detail-runtime-low">低级运行时</h2>';
    const records = layerRecords({ layers, cardsByLayer: new Map([['runtime-low', [runc]]]) }, html);
    expect(records.map((r) => r.url)).toEqual(['/layers/#detail-kernel', '/layers/#detail-runtime-low']);
    expect(records[1]).toMatchObject({
      language: 'zh-cn',
      meta: { title: '低级运行时', names: '低级运行时 / Low-level runtime / 容器运行时', answer: '创建容器进程。' },
      filters: { type: ['layer'], layer: ['低级运行时'] },
    });
    expect(records[1]!.content).toContain('runc（OCI 参考运行时）');
  });

  it('gives a card page its names, concept words and 定位 as meta fields', () => {
    const card = { ...runc, position: 'OCI 运行时规范的参考实现。', concepts: ['容器启动'] } as Card;
    expect(cardMeta({ cards: [card] }).get('/cards/runc/')).toEqual({
      names: 'runc / libcontainer',
      concepts: '容器启动',
      answer: 'OCI 运行时规范的参考实现。',
    });
    expect(cardMeta({ cards: [{ ...card, concepts: [] }] }).get('/cards/runc/')).not.toHaveProperty('concepts');
  });

  it('fails clearly when /layers/ lost a section anchor', () => {
    expect(() => layerRecords({ layers, cardsByLayer: new Map() }, '<h2 id="detail-kernel"></h2>')).toThrow(
      /id="detail-runtime-low"/,
    );
  });
});

describe('isOpenShortcut', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });
  it('opens on / outside text fields and on Ctrl/Cmd+K anywhere', () => {
    expect(isOpenShortcut(key('/'), false)).toBe(true);
    expect(isOpenShortcut(key('/'), true)).toBe(false);
    expect(isOpenShortcut(key('k', { ctrlKey: true }), true)).toBe(true);
    expect(isOpenShortcut(key('K', { metaKey: true }), false)).toBe(true);
  });
  it('leaves other combinations to the browser', () => {
    expect(isOpenShortcut(key('k'), false)).toBe(false);
    expect(isOpenShortcut(key('k', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(isOpenShortcut(key('/', { ctrlKey: true }), false)).toBe(false);
  });
});

describe('the /search/ page preloads', () => {
  const files = [
    '_astro/BaseLayout.CGni6MjM.css',
    '_astro/SearchDialog.astro_astro_type_script_index_0_lang.CFecTdAz.js',
    '_astro/preload-helper.DygEbaNj.js',
    '_astro/search-ui.DXMzLm7q.js',
    'search/index.html',
  ];

  it('names the page map and the hashed search modules under the base path', () => {
    expect(searchPagePreloads('/stack-atlas/', files)).toBe(
      '<link rel="preload" href="/stack-atlas/pagefind/pages.json" as="fetch" crossorigin="anonymous">' +
        '<link rel="modulepreload" href="/stack-atlas/_astro/search-ui.DXMzLm7q.js">' +
        '<link rel="modulepreload" href="/stack-atlas/_astro/preload-helper.DygEbaNj.js">',
    );
  });

  it('leaves out a module it cannot name for sure (missing or built twice)', () => {
    const links = searchPagePreloads(
      '/',
      [...files, '_astro/search-ui.Other123.js'].filter((f) => !/preload-helper/.test(f)),
    );
    expect(links).toBe('<link rel="preload" href="/pagefind/pages.json" as="fetch" crossorigin="anonymous">');
  });

  it('puts the links at the end of <head>, after the stylesheet and before the scripts in <body>', () => {
    const html =
      '<html><head><meta charset="utf-8"><link rel="stylesheet" href="/a.css"></head>' +
      '<body><script type="module" src="/b.js"></script></body></html>';
    expect(withPreloads(html, '<link rel="preload" href="/x">')).toBe(
      html.replace('</head>', '<link rel="preload" href="/x"></head>'),
    );
    expect(withPreloads('<p>no head</p>', '<x>')).toBe('<p>no head</p>');
  });
});
