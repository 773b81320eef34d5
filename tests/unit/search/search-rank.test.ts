import { describe, expect, it } from 'vitest';
import { isBroad, mergeResults, needsFallback, type MergeInput } from '../../../src/client/search-rank.ts';
import { highlightTerms, parseExcerpt } from '../../../src/client/search-core.ts';

const scored = (...ids: string[]) => ids.map((id, i) => ({ id, score: 10 - i }));
const types: Record<string, string> = { note: 'note', layer: 'layer', card: 'card', ex: 'example', card2: 'card' };
const base: MergeInput = {
  all: [],
  termCount: 1,
  perTerm: [],
  pinned: [],
  boosted: [],
  broad: false,
  question: false,
  typeOf: (id) => types[id],
};

describe('mergeResults', () => {
  it("keeps Pagefind's order for a plain query", () => {
    expect(mergeResults({ ...base, all: scored('card', 'note', 'ex') })).toEqual(['card', 'note', 'ex']);
  });

  it('puts pinned pages first, in the given order, once', () => {
    const order = mergeResults({ ...base, all: scored('ex', 'card', 'note'), pinned: ['note', 'card', 'note'] });
    expect(order).toEqual(['note', 'card', 'ex']);
  });

  it('ranks fallback pages by how many terms they match', () => {
    const order = mergeResults({
      ...base,
      termCount: 3,
      all: scored('card'),
      perTerm: [scored('ex', 'note', 'card'), scored('note', 'card'), scored('card2', 'card')],
    });
    expect(order).toEqual(['card', 'note', 'ex', 'card2']);
  });

  it('lets a named page lead among pages that match as many terms, not above better matches', () => {
    const order = mergeResults({
      ...base,
      termCount: 2,
      perTerm: [scored('ex', 'card'), scored('ex', 'note')],
      boosted: ['note'],
    });
    expect(order).toEqual(['ex', 'note', 'card']);
  });

  it('puts explanations before examples for questions, overview pages first for broad terms', () => {
    expect(mergeResults({ ...base, all: scored('ex', 'card'), question: true })).toEqual(['card', 'ex']);
    expect(mergeResults({ ...base, all: scored('card', 'ex', 'layer', 'note'), broad: true })).toEqual([
      'note',
      'layer',
      'card',
      'ex',
    ]);
  });
});

describe('when to widen and when a term is broad', () => {
  it('falls back only for several terms with few full matches', () => {
    expect(needsFallback(1, 0)).toBe(false);
    expect(needsFallback(3, 2)).toBe(true);
    expect(needsFallback(3, 12)).toBe(false);
  });
  it('calls a one-word query broad when it names nothing and is on a third of the pages', () => {
    expect(isBroad(1, 0, 40, 100)).toBe(true);
    expect(isBroad(1, 1, 40, 100)).toBe(false);
    expect(isBroad(1, 0, 10, 100)).toBe(false);
    expect(isBroad(2, 0, 90, 100)).toBe(false);
  });
});

describe('highlightTerms', () => {
  const text = (parts: { text: string; mark: boolean }[]) =>
    parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

  it('marks whole terms where Pagefind marked half a word', () => {
    const parts = parseExcerpt('一个<mark>可运</mark>行的容器');
    expect(text(highlightTerms(parts, ['可运行']))).toBe('一个[可运行]的容器');
  });

  it('widens a Latin term to the word it starts (as Pagefind matches prefixes), never mid-word', () => {
    const parts = parseExcerpt('Containers run; runc and crun');
    expect(text(highlightTerms(parts, ['container', 'run']))).toBe('[Containers] [run]; [runc] and crun');
  });

  it('keeps a boundary between Latin words that Pagefind joined with a segment mark', () => {
    const parts = parseExcerpt('<mark>runc</mark>\u200bOCI 参考运行时');
    expect(text(parts)).toBe('[runc] OCI 参考运行时');
    expect(text(highlightTerms(parts, ['runc']))).toBe('[runc] OCI 参考运行时');
  });

  it("keeps Pagefind's marks when no term is in the text", () => {
    const parts = parseExcerpt('the <mark>namespaces</mark> of Linux');
    expect(highlightTerms(parts, ['命名空间'])).toEqual(parts);
  });
});

describe('highlightTerms across run-together words', () => {
  it('stops widening where a capitalised word begins', () => {
    const parts = parseExcerpt('runcOCI 参考运行时');
    expect(highlightTerms(parts, ['runc']).map((p) => p.mark && p.text)).toEqual(['runc', false]);
  });
});
