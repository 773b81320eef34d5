/**
 * Which parts of the site the content fills. A folder of notes alone has no stack, cards,
 * examples, comparisons or playground: navigation and the home page never link to an
 * empty part, and its index pages (still built, so their URLs answer) stay out of the
 * search index and the sitemap.
 */
import type { Atlas } from './types.ts';
import { paths } from './urls.ts';

export interface Sections {
  stack: boolean;
  examples: boolean;
  compare: boolean;
  playground: boolean;
}

export function sectionsOf(content: {
  atlas: Pick<Atlas, 'cards' | 'edges'>;
  examples: readonly unknown[];
  playground: { steps: readonly unknown[] };
}): Sections {
  return {
    stack: content.atlas.cards.length > 0,
    examples: content.examples.length > 0,
    compare: content.atlas.edges.some((edge) => edge.type === 'alternative-to'),
    playground: content.playground.steps.length > 0,
  };
}

/** Site paths of the index pages of the parts `sections` leaves empty. */
export function emptySectionPages(sections: Sections): string[] {
  return [
    ...(sections.stack ? [] : [paths.layers(), paths.cards()]),
    ...(sections.examples ? [] : [paths.examples()]),
    ...(sections.compare ? [] : [paths.compareAll()]),
    ...(sections.playground ? [] : [paths.playground(), paths.machineLicences()]),
  ];
}
