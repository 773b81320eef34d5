import { describe, expect, it } from 'vitest';
import { reviewedMonth, staleCards } from '../../src/model/freshness.ts';

const cards = [
  { file: 'content/cards/a.md', reviewed: '2026-11-30' },
  { file: 'content/cards/b.md', reviewed: '2025-12-02' },
  { file: 'content/cards/c.md', reviewed: '2025-12-01' },
  { file: 'content/cards/d.md', reviewed: '2024-03-15' },
];

describe('staleCards', () => {
  it('reports cards reviewed more than 12 months before the given day, oldest first', () => {
    const stale = staleCards(cards, new Date('2026-12-02T00:00:00Z'));
    expect(stale.map((c) => c.file)).toEqual(['content/cards/d.md', 'content/cards/c.md']);
  });

  it('reports nothing when every card is fresh, and honours a custom window', () => {
    expect(staleCards(cards.slice(0, 1), new Date('2026-12-02T00:00:00Z'))).toEqual([]);
    expect(staleCards(cards, new Date('2026-12-02T00:00:00Z'), 6).map((c) => c.file)).toEqual([
      'content/cards/d.md',
      'content/cards/c.md',
      'content/cards/b.md',
    ]);
  });
});

describe('reviewedMonth', () => {
  it('shows the month a card was checked', () => {
    expect(reviewedMonth('2026-11-30')).toBe('2026-11');
  });
});
