/** Plain data types of the atlas model (no Astro imports). */
import type { CardData, CardKind, Layer, Relation, RelationType } from './schema.ts';

export interface Card extends CardData {
  /** ASCII id, from the file name. */
  id: string;
  /** Path of the source file, for error messages. */
  file: string;
}

/** A relation as an edge of the graph, with both ends resolved. */
export interface Edge extends Relation {
  from: string;
  to: string;
}

export interface Atlas {
  /** Layers bottom (kernel) to top (orchestration). */
  layers: Layer[];
  cards: Card[];
  byId: Map<string, Card>;
  /** Lower-cased alias, name and zh → card id. */
  aliases: Map<string, string>;
  edges: Edge[];
  /** Edges that point at a card, derived from the other cards' relations. */
  incoming: Map<string, Edge[]>;
  outgoing: Map<string, Edge[]>;
  /** Cards grouped by layer id, in display order. */
  cardsByLayer: Map<string, Card[]>;
}

export type { CardData, CardKind, Layer, Relation, RelationType };
