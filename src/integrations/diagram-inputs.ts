/**
 * What the generated diagrams are made from, as one string (pure): in `astro dev` a card
 * edit that changes only its prose (position, features, history…) keeps the diagrams
 * already made instead of laying out all of them again.
 */
import type { SiteContent } from './content.ts';

/** Card fields no diagram reads (src/diagrams/source draws ids, names, layers, status, order and relations). */
const proseFields = new Set([
  'position',
  'features',
  'history',
  'remarks',
  'traits',
  'sources',
  'reviewed',
  'concepts',
  'file',
]);

export function diagramInputsKey(content: Pick<SiteContent, 'atlas' | 'chains' | 'site'>): string {
  const cards = content.atlas.cards.map((card) =>
    Object.fromEntries(Object.entries(card).filter(([field]) => !proseFields.has(field))),
  );
  return JSON.stringify([cards, content.atlas.layers, content.chains, content.site]);
}
