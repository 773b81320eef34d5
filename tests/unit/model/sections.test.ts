import { describe, expect, it } from 'vitest';
import { emptySectionPages, sectionsOf } from '../../../src/model/sections.ts';

const content = (cards: number, examples: number, alternatives: boolean, steps: number) => ({
  atlas: {
    cards: Array.from({ length: cards }) as never[],
    edges: alternatives ? ([{ type: 'alternative-to' }] as never[]) : [],
  },
  examples: Array.from({ length: examples }),
  playground: { steps: Array.from({ length: steps }) },
});

describe('the parts of the site a content folder fills', () => {
  it('a folder of notes alone fills none: its stack, examples, comparison and playground pages are empty', () => {
    expect(sectionsOf(content(0, 0, false, 0))).toEqual({
      stack: false,
      examples: false,
      compare: false,
      playground: false,
    });
    expect(emptySectionPages(sectionsOf(content(0, 0, false, 0)))).toEqual([
      'layers/',
      'cards/',
      'examples/',
      'compare/',
      'playground/',
      'playground/licences/',
    ]);
  });

  it('cards with an alternative fill the stack and the comparison; no examples leave those pages empty', () => {
    expect(emptySectionPages(sectionsOf(content(2, 0, true, 0)))).toEqual([
      'examples/',
      'playground/',
      'playground/licences/',
    ]);
    expect(emptySectionPages(sectionsOf(content(2, 1, true, 3)))).toEqual([]);
  });
});
