import { describe, expect, it } from 'vitest';
import { markdownLink, sectionUrl } from '../../src/client/copy-link.ts';

describe('copy-link helpers', () => {
  it('builds the canonical URL of a Chinese heading', () => {
    expect(sectionUrl('https://atlas.example/notes/container-background/', '1-容器解决的问题是什么')).toBe(
      'https://atlas.example/notes/container-background/#1-%E5%AE%B9%E5%99%A8%E8%A7%A3%E5%86%B3%E7%9A%84%E9%97%AE%E9%A2%98%E6%98%AF%E4%BB%80%E4%B9%88',
    );
  });

  it('builds a Markdown link with page and section, escaping brackets', () => {
    expect(markdownLink('containerd（高级运行时）', '关系', 'https://a.example/cards/containerd/#relations')).toBe(
      '[containerd（高级运行时） — 关系](https://a.example/cards/containerd/#relations)',
    );
    expect(markdownLink('a [b]', 'a [b]', 'https://x/(y)')).toBe('[a \\[b\\]](https://x/(y%29)');
  });
});
