import { describe, expect, it } from 'vitest';
import { cardCitations } from '../../src/model/citations.ts';

const card = {
  sources: [
    { id: 'docs', title: 'Docs', url: 'https://example.org/docs' },
    { title: 'Other', url: 'https://example.org/other/' },
  ],
  features: [{ text: 'a', source: 'docs' }, { text: 'b' }],
  remarks: [{ text: 'c', source: 'https://example.org/other' }],
  history: [{ date: '2024', text: 'd', source: 'https://example.org/release/v1' }],
  relations: [{ type: 'uses' as const, target: 'x', historical: false, source: 'https://example.org/release/v1' }],
};

describe('cardCitations', () => {
  it('numbers declared sources, anchors them by id or number, and appends URLs cited only inline', () => {
    const { list } = cardCitations(card);
    expect(list.map((c) => [c.n, c.anchor, c.title])).toEqual([
      [1, 'source-docs', 'Docs'],
      [2, 'source-2', 'Other'],
      [3, 'source-3', 'example.org/release/v1'],
    ]);
  });

  it('resolves a claim source by id or by URL (ignoring a trailing slash)', () => {
    const { resolve } = cardCitations(card);
    expect(resolve('docs')!.n).toBe(1);
    expect(resolve('https://example.org/other')!.n).toBe(2);
    expect(resolve('https://example.org/release/v1')!.anchor).toBe('source-3');
    expect(resolve(undefined)).toBeUndefined();
  });
});
