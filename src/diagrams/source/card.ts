/**
 * A card's neighbourhood: the card in the middle, the cards whose relations point
 * at it on the left, the cards it points at on the right. Every edge runs from a
 * relation's subject to its object and carries the relation's own (active) label,
 * so "Kubernetes —调用 · 经由 CRI→ containerd" reads the way /api/graph.json says it.
 * Phones get the same content stacked: callers, the card, what it calls.
 */
import { t } from '../../i18n/index.ts';
import type { Atlas, Card, Edge } from '../../model/types.ts';
import { paths, withBase } from '../../model/urls.ts';
import { cardName, cardTitle, edgeDetail, edgeHeadline, relationLine, statusMark } from './labels.ts';
import { textWidth } from './measure.ts';
import {
  arrowHead,
  attrs,
  edgeData,
  fontSizes,
  linesHeight as height,
  linkedBox,
  r,
  svgRoot,
  textLines,
  wrapped,
  type Box,
} from './svg-kit.ts';
import { labelTokens } from './syntax.ts';
import { escapeLabel, safeId } from './syntax.ts';
import type { TextGroup } from './text.ts';
import type { Diagram, DrawnEdge, LaidOut, LinkOptions } from './types.ts';
import { must } from '../../model/lookup.ts';

/** Relations between the card and one neighbour in one direction, drawn as one row. */
interface Neighbour {
  card: Card;
  edges: Edge[];
}

/** In and out neighbours of a card, in stable order (sorted by the neighbour's layer order, then id). */
export function neighbourhood(atlas: Atlas, id: string): { incoming: Neighbour[]; outgoing: Neighbour[] } {
  const group = (edges: Edge[], other: (e: Edge) => string): Neighbour[] => {
    const byCard = new Map<string, Edge[]>();
    for (const edge of edges) byCard.set(other(edge), [...(byCard.get(other(edge)) ?? []), edge]);
    const layerIndex = new Map(atlas.layers.map((l, i) => [l.id, i]));
    return [...byCard]
      .map(([cardId, list]) => ({ card: must(atlas.byId, cardId, 'card'), edges: list }))
      .sort(
        (a, b) =>
          (layerIndex.get(b.card.layer) ?? 0) - (layerIndex.get(a.card.layer) ?? 0) ||
          a.card.order - b.card.order ||
          a.card.id.localeCompare(b.card.id),
      );
  };
  return {
    incoming: group(atlas.incoming.get(id) ?? [], (e) => e.from),
    outgoing: group(atlas.outgoing.get(id) ?? [], (e) => e.to),
  };
}

const wide = { width: 720, chip: 150, focusMin: 104, focusSize: 17 };
const narrow = { width: 340, chip: 140 };

const zhLine = (card: Card) => `${card.zh !== card.name ? card.zh : ''}${statusMark(card)}`;

function neighbourLines(card: Card, width: number) {
  return [...wrapped(card.name, width, fontSizes.name, 'name'), ...wrapped(zhLine(card), width, fontSizes.zh, 'muted')];
}

/** The relation (above the edge) and the author's note or history (below it). */
function labelLines(atlas: Atlas, edges: Edge[], width: number) {
  const headline = edges.map((e) => edgeHeadline(atlas, e)).join('；');
  const detail = edges.map(edgeDetail).filter(Boolean).join('；');
  return {
    head: wrapped(headline, width, fontSizes.label, 'label'),
    detail: wrapped(detail, width, fontSizes.labelSub, 'label muted'),
  };
}

const isHistorical = (edges: Edge[]) => edges.every((e) => e.historical);

function focusLines(card: Card, width: number) {
  return [...wrapped(card.name, width, wide.focusSize, 'name'), ...wrapped(zhLine(card), width, fontSizes.zh, 'muted')];
}

function focusBox(card: Card, box: Box, lines = focusLines(card, box.w - 16)): string {
  return linkedBox({ box, href: undefined, card: card.id, label: cardTitle(card), className: 'chip focus', lines });
}

/**
 * Width of the card in the middle: as narrow as its longest word allows (the card's
 * name wraps between words), so the edge labels on both sides get the rest.
 */
function focusWidth(card: Card): number {
  const words = [...labelTokens(card.name).map((w) => textWidth(w, wide.focusSize, true))];
  const zhWords = labelTokens(zhLine(card)).map((w) => textWidth(w, fontSizes.zh));
  return Math.ceil(Math.max(wide.focusMin, ...words.map((w) => w + 20), ...zhWords.map((w) => w + 20)));
}

/** Side-by-side layout: callers | card | what it calls, one row per neighbour, straight edges. */
function wideLayout(atlas: Atlas, card: Card, links: LinkOptions): LaidOut {
  const { incoming, outgoing } = neighbourhood(atlas, card.id);
  const focusW = focusWidth(card);
  const labelGap = Math.floor((wide.width - 4 - focusW - 2 * wide.chip) / 2);
  const rowsFor = (list: Neighbour[]) =>
    list.map((n) => {
      const chipLines = neighbourLines(n.card, wide.chip - 18);
      const labels = labelLines(atlas, n.edges, labelGap - 16);
      // The edge runs through the middle of the row: the relation above it, the note below.
      const h = Math.max(height(chipLines) + 16, 2 * Math.max(height(labels.head), height(labels.detail)) + 10, 46);
      return { n, chipLines, labels, h };
    });
  const left = rowsFor(incoming);
  const right = rowsFor(outgoing);
  const columnH = (rows: { h: number }[]) =>
    rows.reduce((sum, row) => sum + row.h, 0) + Math.max(0, rows.length - 1) * 10;
  const inFocus = focusLines(card, focusW - 16);
  const contentH = Math.max(columnH(left), columnH(right), height(inFocus) + 20, 60);
  const margin = 2;
  const focus: Box = { x: margin + wide.chip + labelGap, y: margin, w: focusW, h: contentH };
  const parts: string[] = [focusBox(card, focus, inFocus)];
  const side = (rows: typeof left, incomingSide: boolean) => {
    let y = margin + (contentH - columnH(rows)) / 2;
    for (const row of rows) {
      const chipH = Math.max(height(row.chipLines) + 16, 46);
      const chip: Box = {
        x: incomingSide ? margin : wide.width - margin - wide.chip,
        y: y + (row.h - chipH) / 2,
        w: wide.chip,
        h: chipH,
      };
      const midY = chip.y + chip.h / 2;
      const x1 = incomingSide ? chip.x + chip.w : focus.x + focus.w;
      const x2 = incomingSide ? focus.x : chip.x;
      const edges = row.n.edges;
      parts.push(
        `<g${attrs({ class: isHistorical(edges) ? 'rel historical' : 'rel' })}${edgeData(edges)}>` +
          `<path class="edge" d="M${r(x1)} ${r(midY)}H${r(x2 - 1)}"/>` +
          arrowHead(x2 - 1, midY, 1, 0) +
          textLines(row.labels.head, (x1 + x2) / 2, midY - height(row.labels.head) - 1) +
          textLines(row.labels.detail, (x1 + x2) / 2, midY + 2) +
          linkedBox({
            box: chip,
            href: withBase(links.base, paths.card(row.n.card.id)),
            card: row.n.card.id,
            label: cardTitle(row.n.card) + statusMark(row.n.card),
            className: `chip ${row.n.card.status}`,
            lines: row.chipLines,
            bar: true,
          }) +
          '</g>',
      );
      y += row.h + 10;
    }
  };
  side(left, true);
  side(right, false);
  const total = contentH + 2 * margin;
  return { svg: svgRoot(wide.width, total, parts.join('')), width: wide.width, height: total };
}

/** Stacked layout for phones: callers (each with its arrow and label), the card, then what it calls. */
function narrowLayout(atlas: Atlas, card: Card, links: LinkOptions): LaidOut {
  const { incoming, outgoing } = neighbourhood(atlas, card.id);
  const margin = 2;
  const inner = narrow.width - 2 * margin;
  const labelW = inner - narrow.chip - 34;
  const trunkX = margin + inner - 12;
  const parts: string[] = [];
  let y = margin;
  const row = (n: Neighbour, incomingSide: boolean) => {
    const chipLines = neighbourLines(n.card, narrow.chip - 18);
    const labels = labelLines(atlas, n.edges, labelW);
    const lines = [...labels.head, ...labels.detail];
    // The edge runs along the bottom of the row, under the relation's words.
    const h = Math.max(height(chipLines) + 16, height(lines) + 14, 46);
    const chip: Box = { x: margin, y, w: narrow.chip, h };
    const midY = y + h - 7;
    // Incoming: chip → trunk on the right, down into the card. Outgoing: the card → trunk → chip.
    const path = incomingSide
      ? `<path class="edge" d="M${r(chip.x + chip.w)} ${r(midY)}H${r(trunkX)}V${r(y + h + 10)}"/>` +
        arrowHead(trunkX, y + h + 10, 0, 1)
      : `<path class="edge" d="M${r(trunkX)} ${r(y - 10)}V${r(midY)}H${r(chip.x + chip.w + 1)}"/>` +
        arrowHead(chip.x + chip.w + 1, midY, -1, 0);
    parts.push(
      `<g${attrs({ class: isHistorical(n.edges) ? 'rel historical' : 'rel' })}${edgeData(n.edges)}>` +
        path +
        textLines(lines, chip.x + chip.w + 10, midY - height(lines) - 3, 'start') +
        linkedBox({
          box: chip,
          href: withBase(links.base, paths.card(n.card.id)),
          card: n.card.id,
          label: cardTitle(n.card) + statusMark(n.card),
          className: `chip ${n.card.status}`,
          lines: chipLines,
          bar: true,
        }) +
        '</g>',
    );
    y += h + 12;
  };
  for (const n of incoming) row(n, true);
  const inFocus = focusLines(card, inner - 16);
  const focus: Box = { x: margin, y, w: inner, h: height(inFocus) + 20 };
  parts.push(focusBox(card, focus, inFocus));
  y += focus.h + 12;
  for (const n of outgoing) row(n, false);
  const total = y - 12 + margin;
  return {
    svg: svgRoot(narrow.width, total, parts.join('')),
    width: narrow.width,
    height: total,
    ...(incoming.length + outgoing.length
      ? {
          description: t('cardDiagram.descriptionNarrow', {
            card: card.name,
            incoming: incoming.length,
            outgoing: outgoing.length,
          }),
        }
      : {}),
  };
}

/** Mermaid export of the neighbourhood (flowchart, left to right, subject → object). */
export function cardMermaid(atlas: Atlas, card: Card): string {
  const { incoming, outgoing } = neighbourhood(atlas, card.id);
  const node = (c: Card) =>
    `${safeId('card', c.id)}["${[c.name, ...(c.zh !== c.name ? [c.zh] : [])].map(escapeLabel).join('<br/>')}"]`;
  const out = ['flowchart LR', `  ${node(card)}`];
  for (const n of [...incoming, ...outgoing]) out.push(`  ${node(n.card)}`);
  for (const n of incoming) {
    for (const e of n.edges) {
      out.push(
        `  ${safeId('card', e.from)} ${e.historical ? '-.->' : '-->'}|"${escapeLabel(edgeHeadline(atlas, e))}"| ${safeId('card', e.to)}`,
      );
    }
  }
  for (const n of outgoing) {
    for (const e of n.edges) {
      out.push(
        `  ${safeId('card', e.from)} ${e.historical ? '-.->' : '-->'}|"${escapeLabel(edgeHeadline(atlas, e))}"| ${safeId('card', e.to)}`,
      );
    }
  }
  out.push('  classDef focus stroke-width:3px');
  out.push(`  class ${safeId('card', card.id)} focus`);
  return `${out.join('\n')}\n`;
}

/** The diagram of one card: both layouts, the export, the text equivalent and the drawn edges. */
export function cardDiagram(atlas: Atlas, id: string, links: LinkOptions): Diagram {
  const card = atlas.byId.get(id);
  if (!card) throw new Error(`cardDiagram: unknown card "${id}"`);
  const { incoming, outgoing } = neighbourhood(atlas, id);
  const own = [...incoming, ...outgoing].flatMap((n) => n.edges);
  const edges: DrawnEdge[] = own.map((e) => ({ from: e.from, to: e.to, type: e.type, label: edgeHeadline(atlas, e) }));
  const group = (heading: string, list: Neighbour[], groupId: string): TextGroup => ({
    id: groupId,
    heading,
    items: list.map((n) => ({ card: n.card.id, text: cardTitle(n.card) + statusMark(n.card) })),
  });
  return {
    name: `card-${id}`,
    kind: 'card',
    card: id,
    title: t('cardDiagram.title', { card: cardTitle(card) }),
    description: own.length
      ? t('cardDiagram.description', {
          card: card.name,
          incoming: incoming.length,
          outgoing: outgoing.length,
        })
      : t('cardDiagram.empty', { card: card.name }),
    mermaid: cardMermaid(atlas, card),
    layout: { wide: wideLayout(atlas, card, links), narrow: narrowLayout(atlas, card, links) },
    text: {
      kind: 'card',
      relationsHeading: t('cardDiagram.relations', { card: card.name }),
      groups: [group(t('card.incoming'), incoming, 'card'), group(t('card.outgoing'), outgoing, 'card')],
      relations: own.map((e) => ({
        from: cardName(atlas, e.from),
        to: cardName(atlas, e.to),
        fromCard: e.from,
        toCard: e.to,
        type: e.type,
        historical: e.historical,
        emphasis: true,
        line: relationLine(atlas, e),
      })),
    },
    edges,
  };
}
