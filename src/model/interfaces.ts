/** The interfaces between layers (OCI, CRI): derived from relations that pass `via` a card. */
import type { Atlas, Card, Edge } from './types.ts';

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
        layers.add(atlas.byId.get(e.from)!.layer);
        layers.add(atlas.byId.get(e.to)!.layer);
      }
      const between = [...layers].sort((a, b) => order.get(a)! - order.get(b)!);
      return { card: atlas.byId.get(via)!, edges, between };
    })
    .sort((a, b) => order.get(a.between[0]!)! - order.get(b.between[0]!)!);
}
