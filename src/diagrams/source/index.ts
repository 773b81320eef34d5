/**
 * Every generated diagram, from the model: the stack overview, the call chains,
 * then one neighbourhood per card in reading order. Pure: the same content always
 * gives byte-identical output.
 */
import { layersInReadingOrder } from '../../model/atlas.ts';
import type { Chain } from '../../model/chains.ts';
import type { Atlas } from '../../model/types.ts';
import { cardDiagram } from './card.ts';
import { chainDiagram } from './chain.ts';
import { stackDiagram } from './stack.ts';
import type { Diagram, LinkOptions } from './types.ts';

export function diagramsFor(atlas: Atlas, chains: Chain[], links: LinkOptions): Diagram[] {
  // A folder of notes alone has no stack to draw (and no page shows one).
  const stack = atlas.cards.length ? [stackDiagram(atlas, links)] : [];
  const diagrams: Diagram[] = [...stack, ...chains.map((chain) => chainDiagram(chain, links))];
  for (const layer of layersInReadingOrder(atlas)) {
    for (const card of atlas.cardsByLayer.get(layer.id) ?? []) diagrams.push(cardDiagram(atlas, card.id, links));
  }
  return diagrams;
}

export type { Diagram, DiagramKind, DrawnEdge, LaidOut, LinkOptions } from './types.ts';
export type { DiagramText, TextGroup, TextItem, TextRelation } from './text.ts';
