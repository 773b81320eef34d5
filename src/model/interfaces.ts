/** The interfaces between layers (OCI, CRI): derived from relations that pass `via` a card. */
import type { Atlas, Card, Edge } from './types.ts';
import { must } from './lookup.ts';

export interface LayerInterface {
  card: Card;
  /** Relations that pass through this interface. */
  edges: Edge[];
  /** Layer ids on either side, bottom first. */
  between: string[];
}

/** Every card used as `via` by some relation, with the layers it connects (bottom first). */
export function layerInterfaces(atlas: Atlas): LayerInterface[] {
  const order = new Map(atlas.layers.map((l, i) => [l.id, i]));
  const byVia = new Map<string, Edge[]>();
  for (const edge of atlas.edges) if (edge.via) byVia.set(edge.via, [...(byVia.get(edge.via) ?? []), edge]);
  return [...byVia.entries()]
    .map(([via, edges]) => {
      const layers = new Set<string>();
      for (const e of edges) {
        layers.add(must(atlas.byId, e.from, 'card').layer);
        layers.add(must(atlas.byId, e.to, 'card').layer);
      }
      const between = [...layers].sort((a, b) => must(order, a, 'order') - must(order, b, 'order'));
      return { card: must(atlas.byId, via, 'card'), edges, between };
    })
    .sort((a, b) => must(order, a.between[0]!, 'order') - must(order, b.between[0]!, 'order'));
}
