import { describe, expect, it } from 'vitest';
import { DEFAULT_LIST_SIZE, listSize, pagePath, pageWindow } from '../../../src/model/pagination.ts';

describe('list pages', () => {
  it('page 1 is the list itself, later pages a numbered folder under it', () => {
    expect(pagePath('archive/', 1)).toBe('archive/');
    expect(pagePath('archive/', 2)).toBe('archive/2/');
    expect(pagePath('tags/CI-CD/', 12)).toBe('tags/CI-CD/12/');
  });

  it('a pager shows every page when there are few', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageWindow(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a long list shows the ends and the neighbours, a gap for what is left out, never a gap of one page', () => {
    expect(pageWindow(1, 200)).toEqual([1, 2, 3, null, 200]);
    expect(pageWindow(100, 200)).toEqual([1, null, 98, 99, 100, 101, 102, null, 200]);
    expect(pageWindow(200, 200)).toEqual([1, null, 198, 199, 200]);
    expect(pageWindow(5, 200)).toEqual([1, 2, 3, 4, 5, 6, 7, null, 200]);
    // every page from 1 to last is reachable through the window of its neighbour
    for (let current = 1; current <= 40; current++) {
      const shown = pageWindow(current, 40).filter((n): n is number => n !== null);
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
      expect(new Set(shown).size).toBe(shown.length);
      if (current < 40) expect(shown).toContain(current + 1);
    }
  });

  it('STACK_ATLAS_LIST_SIZE is a whole number of notes, named when wrong', () => {
    expect(listSize(undefined)).toBe(DEFAULT_LIST_SIZE);
    expect(listSize('20')).toBe(20);
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => listSize(bad)).toThrow(/^STACK_ATLAS_LIST_SIZE: ".*" is not a whole number/);
    }
  });
});
