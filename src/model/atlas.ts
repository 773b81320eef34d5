/** Builds the validated, cross-referenced atlas from loaded cards and layers. */
import { ContentError, didYouMean, ErrorCollector } from './errors.ts';
import type { Atlas, Card, Edge, Layer } from './types.ts';
import { must } from './lookup.ts';

/** Normalises a name or alias for lookup: lower case, single spaces. */
export function aliasKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Cross-checks cards against layers and each other and derives the graph.
 * Every problem is collected and thrown together (ContentErrors), each naming the
 * file and the field: duplicate ids, duplicate names/aliases (reported on the file
 * changed last, per `edited`, which is the one being edited), unknown layers, unknown
 * relation targets or interfaces (with the nearest known id).
 */
export function buildAtlas(
  cards: Card[],
  layers: Layer[],
  layersFile = 'content/layers.yaml',
  edited: ReadonlyMap<string, number> = new Map(),
): Atlas {
  const errors = new ErrorCollector();
  const atlas = assembleAtlas(cards, layers, errors, layersFile, edited);
  errors.throwIfAny();
  return atlas;
}

/**
 * buildAtlas without throwing: problems go to `errors`, and the atlas holds what is
 * sound (a relation to an unknown card is left out, a card in an unknown layer is in no
 * layer), so the checks that need it (wiki links in notes) still run.
 */
export function assembleAtlas(
  cards: Card[],
  layers: Layer[],
  errors: ErrorCollector,
  layersFile = 'content/layers.yaml',
  edited: ReadonlyMap<string, number> = new Map(),
): Atlas {
  const report = (file: string, field: string, reason: string) =>
    errors.add(new ContentError(file, field ? `${field}: ${reason}` : reason, { field }));
  const layerIds = new Set<string>();
  layers.forEach((layer, index) => {
    if (layerIds.has(layer.id)) report(layersFile, `layers.${index}.id`, `duplicate layer id "${layer.id}"`);
    layerIds.add(layer.id);
  });

  const byId = new Map<string, Card>();
  const placed: Card[] = [];
  for (const card of cards) {
    const other = byId.get(card.id);
    if (other) {
      report(card.file, '', `duplicate card id "${card.id}" (also ${other.file})`);
      continue;
    }
    byId.set(card.id, card);
    if (!layerIds.has(card.layer)) {
      report(
        card.file,
        'layer',
        `unknown layer "${card.layer}"${didYouMean(card.layer, layerIds)} (known: ${[...layerIds].join(', ')})`,
      );
      continue;
    }
    placed.push(card);
  }
  const cardIds = [...byId.keys()];

  // Names are claimed oldest file first: a clash is then reported on the file changed last, the one being edited.
  const byAge = [...byId.values()].sort((a, b) => (edited.get(a.file) ?? 0) - (edited.get(b.file) ?? 0));
  const aliases = new Map<string, string>();
  for (const card of byAge) aliases.set(aliasKey(card.id), card.id);
  const claim = (card: Card, text: string, field: string) => {
    const key = aliasKey(text);
    const owner = aliases.get(key);
    if (owner && owner !== card.id) {
      const ownerFile = byId.get(owner)?.file;
      report(
        card.file,
        field,
        `"${text}" is already used by card "${owner}"${ownerFile ? ` (${ownerFile.split(/[\\/]/).pop()})` : ''}`,
      );
      return;
    }
    aliases.set(key, card.id);
  };
  for (const card of byAge) {
    claim(card, card.name, 'name');
    card.aliases.forEach((alias, index) => claim(card, alias, `aliases.${index}`));
  }

  // A concept word leads to one card only, and never to a word that already names another card.
  const concepts = new Map<string, string>();
  for (const card of byAge) {
    card.concepts.forEach((word, index) => {
      const key = aliasKey(word);
      const owner = concepts.get(key) ?? aliases.get(key);
      if (owner && owner !== card.id) {
        report(card.file, `concepts.${index}`, `"${word}" already leads to card "${owner}"`);
        return;
      }
      concepts.set(key, card.id);
    });
  }

  const edges: Edge[] = [];
  for (const card of byId.values()) {
    card.relations.forEach((relation, index) => {
      if (!byId.has(relation.target)) {
        report(
          card.file,
          `relations.${index}.target`,
          `unknown card "${relation.target}"${didYouMean(relation.target, cardIds)}`,
        );
        return;
      }
      if (relation.target === card.id) {
        report(card.file, `relations.${index}.target`, 'a card cannot relate to itself');
        return;
      }
      if (relation.via && !byId.has(relation.via)) {
        report(
          card.file,
          `relations.${index}.via`,
          `unknown interface card "${relation.via}"${didYouMean(relation.via, cardIds)}`,
        );
        return;
      }
      edges.push({ ...relation, from: card.id, to: relation.target });
    });
  }
  // A relation is written once: backlinks are derived. The same typed relation between
  // two cards written twice (on both cards for alternative-to, or twice on one) would be
  // drawn twice.
  const written = new Map<string, string>();
  for (const edge of edges) {
    const pair = edge.type === 'alternative-to' ? [edge.from, edge.to].sort().join(' ') : `${edge.from} ${edge.to}`;
    const key = `${edge.type} ${pair}`;
    const first = written.get(key);
    if (first) {
      const card = must(byId, edge.from, 'card');
      const index = card.relations.findLastIndex((r) => r.target === edge.to && r.type === edge.type);
      report(
        card.file,
        index >= 0 ? `relations.${index}` : 'relations',
        `${edge.type} ${edge.to} is already written on card "${first}"; write a relation once (the other card shows it as a backlink)`,
      );
      continue;
    }
    written.set(key, edge.from);
  }

  const incoming = new Map<string, Edge[]>(cards.map((c) => [c.id, []]));
  const outgoing = new Map<string, Edge[]>(cards.map((c) => [c.id, []]));
  for (const edge of edges) {
    must(outgoing, edge.from, 'card').push(edge);
    must(incoming, edge.to, 'card').push(edge);
  }

  const entryOf = new Map<string, string>();
  layers.forEach((layer, index) => {
    (layer.entry ?? []).forEach((id, i) => {
      if (!byId.has(id)) {
        report(layersFile, `layers.${index}.entry.${i}`, `unknown card "${id}"${didYouMean(id, cardIds)}`);
        return;
      }
      const other = entryOf.get(id);
      if (other) report(layersFile, `layers.${index}.entry.${i}`, `"${id}" is already the entry of "${other}"`);
      entryOf.set(id, layer.id);
    });
    if (layer.beside !== undefined) {
      const other = layers.find((l) => l.id === layer.beside);
      if (!other || other.id === layer.id || other.aside || layer.aside || other.beside) {
        report(
          layersFile,
          `layers.${index}.beside`,
          `"${layer.beside}" must be another stack layer that is not itself beside one`,
        );
      }
    }
  });

  const cardsByLayer = new Map<string, Card[]>(layers.map((l) => [l.id, []]));
  for (const card of placed) must(cardsByLayer, card.layer, 'layer').push(card);
  for (const list of cardsByLayer.values()) {
    list.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  }

  return { layers, cards, byId, aliases, edges, incoming, outgoing, cardsByLayer };
}

/** Resolves an id, name or alias (any case) to a card id, or undefined. */
export function resolveCard(atlas: Pick<Atlas, 'aliases'>, text: string): string | undefined {
  return atlas.aliases.get(aliasKey(text));
}

/** Card ids reachable from `start` by following relations forward (breadth first). */
export function reachableFrom(atlas: Atlas, start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const edge of atlas.outgoing.get(id) ?? []) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  seen.delete(start);
  return [...seen];
}

/**
 * Layers in reading order, the one order every page uses: the stack from the top
 * (orchestration) down to the kernel, a layer drawn `beside` another right after
 * it, and the comparison-only (aside) layers last.
 */
export function layersInReadingOrder(atlas: Pick<Atlas, 'layers'>): Layer[] {
  const stack = atlas.layers.filter((l) => !l.aside && !l.beside).reverse();
  const beside = atlas.layers.filter((l) => !l.aside && l.beside);
  const ordered = stack.flatMap((layer) => [layer, ...beside.filter((b) => b.beside === layer.id)]);
  return [...ordered, ...atlas.layers.filter((l) => l.aside)];
}

/** Ids of the interface cards drawn between layers (every layer's `entry`). */
export function entryCards(atlas: Pick<Atlas, 'layers'>): Set<string> {
  return new Set(atlas.layers.flatMap((l) => l.entry ?? []));
}

/** Every card in reading order: layer by layer from the top of the stack, the comparison layer last. */
export function cardsInReadingOrder(atlas: Pick<Atlas, 'layers' | 'cardsByLayer'>): Card[] {
  return layersInReadingOrder(atlas).flatMap((layer) => atlas.cardsByLayer.get(layer.id) ?? []);
}

/**
 * A layer's own cards as every list shows them (sidebar, /cards/, /layers/): without the
 * interface cards that are its `entry`, which are drawn between layers as the stack diagram does.
 */
export function layerMembers(atlas: Pick<Atlas, 'layers' | 'cardsByLayer'>, layerId: string): Card[] {
  const entries = entryCards(atlas);
  return (atlas.cardsByLayer.get(layerId) ?? []).filter((card) => !entries.has(card.id));
}

/** Interface cards between two layers of the stack: `above` calls through them into `below`. */
export interface InterfaceSlot {
  above: Layer | undefined;
  below: Layer;
  cards: Card[];
}

/**
 * Where each layer's `entry` cards sit in reading order (top down): right above that layer, below
 * the stack layer over it (a layer drawn `beside` another shares its row and is skipped).
 */
export function interfaceAbove(atlas: Pick<Atlas, 'layers' | 'byId'>, layerId: string): InterfaceSlot | undefined {
  const layer = atlas.layers.find((l) => l.id === layerId);
  if (!layer || layer.aside || !layer.entry.length) return undefined;
  const rows = layersInReadingOrder(atlas).filter((l) => !l.aside && !l.beside);
  const at = rows.findIndex((l) => l.id === layerId);
  return {
    above: at > 0 ? rows[at - 1] : undefined,
    below: layer,
    cards: layer.entry.map((id) => must(atlas.byId, id, 'card')),
  };
}
