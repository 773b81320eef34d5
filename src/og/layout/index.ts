/**
 * Element trees for satori (plain `{ type, props }` objects, no JSX), one file per
 * kind of link-preview image. Pure: the same spec gives the same tree.
 */
import type { Node } from '../primitives.ts';
import type { PreviewSpec } from '../types.ts';
import { cardTree } from './card.ts';
import { noteTree } from './note.ts';
import { pageTree } from './site.ts';

/** The element tree for a spec. */
export function previewTree(spec: PreviewSpec): Node {
  switch (spec.kind) {
    case 'card':
      return cardTree(spec);
    case 'note':
      return noteTree(spec);
    case 'page':
      return pageTree(spec);
  }
}
