import { describe, expect, it } from 'vitest';
import {
  countWord,
  intersectLists,
  readWordList,
  rowWidth,
  scoreDigit,
  wordLists,
  wordText,
  type WordPage,
} from '../../../src/client/search-words.ts';
import { pageRow, pageSummary, vocabularyNameWords } from '../../../src/integrations/search-index.ts';
import { mapPage } from '../../../src/client/search-core.ts';

// Pagefind's fragment text: segmented words joined by zero-width spaces.
const seg = (text: string) => text.split(' ').join(' \u200b');

const page = (text: string, extra: Partial<WordPage> = {}): WordPage => ({
  text: seg(text),
  words: text.split(' ').length,
  names: [],
  concepts: [],
  ...extra,
});

describe('countWord', () => {
  it('counts a Latin word only as a whole word, case-insensitively', () => {
    const text = wordText(seg('runc and crun and runc-shim and RUNC, not runcx'));
    expect(countWord(text, 'runc')).toBe(3);
    expect(countWord(text, 'crun')).toBe(1);
  });

  it('finds Chinese words inside running text', () => {
    expect(countWord(wordText('容器\u200b镜像\u200b是\u200b容器\u200b的\u200b模板'), '容器')).toBe(2);
    expect(countWord(wordText('容器\u200b镜像'), '容器镜像')).toBe(1);
  });
});

describe('wordLists', () => {
  const pages = [
    page('crun is a runtime like runc'),
    page('runc runc runc is the reference runtime', { names: ['runc'] }),
    page('images and registries'),
  ];

  it('lists the pages containing each word, the page it names first', () => {
    const lists = wordLists(pages, ['runc', 'crun', 'kubernetes']);
    expect(readWordList(lists.runc, 3).map((r) => r.row)).toEqual([1, 0]);
    expect(readWordList(lists.crun, 3).map((r) => r.row)).toEqual([0]);
    // A word no page contains costs nothing in the file.
    expect(lists).not.toHaveProperty('kubernetes');
  });

  it('intersects lists as a search for every word would', () => {
    const lists = wordLists(pages, ['runc', 'crun']);
    expect(intersectLists([readWordList(lists.runc, 3), readWordList(lists.crun, 3)]).map((r) => r.row)).toEqual([0]);
  });
});

describe('the list encoding', () => {
  it('widens row numbers with the page count and keeps scores in order', () => {
    expect([rowWidth(36), rowWidth(37), rowWidth(1296), rowWidth(2000)]).toEqual([1, 2, 2, 3]);
    expect(scoreDigit(10) < scoreDigit(100)).toBe(true);
    const many = Array.from({ length: 2000 }, (_, i) => page(i % 2 ? 'runc' : 'crun'));
    const rows = readWordList(wordLists(many, ['runc']).runc, many.length).map((r) => r.row);
    expect(rows).toHaveLength(1000);
    expect(rows.at(-1)).toBe(1999);
  });
});

describe('the page map rows', () => {
  it('keeps a description only for pages without an answer, shortened', () => {
    const long = '很'.repeat(200);
    const note = pageRow('zh-cn_1', { url: '/notes/x/', meta: { title: 'X' } }, long);
    expect(mapPage(note).summary.length).toBeLessThanOrEqual(80);
    const card = pageRow('zh-cn_2', { url: '/cards/runc/', meta: { title: 'runc', answer: '参考实现' } }, '描述');
    expect(card).toHaveLength(8);
    expect(mapPage(card).summary).toBe('');
  });

  it('reads the description from the page head', () => {
    expect(pageSummary('<meta name="description" content="容器 &amp; 镜像">')).toBe('容器 & 镜像');
    expect(pageSummary('<title>x</title>')).toBe('');
  });

  it('lists the words of cards and layers a reader may type, not comparison titles', () => {
    const words = vocabularyNameWords({
      entries: [
        { key: 'runc', kind: 'card', names: ['runc', 'RunC'], concepts: ['低级运行时'] },
        { key: 'compare:a-vs-b', kind: 'compare', names: ['A vs B'] },
      ],
    });
    expect(words.sort()).toEqual(['runc', '低级运行时']);
  });
});
