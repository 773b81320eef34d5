/**
 * The stack picture: layers as bands from the orchestration layer (top) down to the
 * kernel, each technology a linked box inside its band, the interface cards (a
 * layer's `entry`: CRI, OCI) drawn between the bands they connect, and the
 * comparison-only layers set apart below. Laid out here (pure, no browser) so it
 * fits a 720 px column (`wide`) and a phone (`narrow`); the Mermaid `block-beta`
 * export carries the same picture for wikis that render Mermaid.
 */
import { t } from '../../i18n/index.ts';
import { entryCards, layersInReadingOrder } from '../../model/atlas.ts';
import type { Atlas, Card, Layer } from '../../model/types.ts';
import { paths, withBase } from '../../model/urls.ts';
import { cardTitle, statusMark } from './labels.ts';
import {
  arrowHead,
  attrs,
  fontSizes,
  linesHeight,
  linkedBox,
  r,
  svgRoot,
  textLines,
  wrapped,
  type Box,
} from './svg-kit.ts';
import { escapeLabel, safeId } from './syntax.ts';
import type { TextGroup, TextItem, TextRelation } from './text.ts';
import type { Diagram, LaidOut, LinkOptions } from './types.ts';
import { must } from '../../model/lookup.ts';

export type StackVariant = 'wide' | 'narrow';

/** Geometry of the two variants. */
export const stackGeometry = {
  wide: { width: 720, chipMin: 150, titleColumn: 104 },
  narrow: { width: 340, chipMin: 140, titleColumn: 0 },
} as const;

const gap = 8;
const pad = 10;

/** A row of the picture: one band, or two side by side (a layer and the one `beside` it). */
interface StackRow {
  layers: Layer[];
  /** Interface cards drawn right above this row (the entry of its layers). */
  entry: Card[];
}

/** The stack's rows, top down, and the aside layers. */
export function stackRows(atlas: Atlas): { rows: StackRow[]; aside: Layer[] } {
  const ordered = layersInReadingOrder(atlas);
  const rows: StackRow[] = [];
  for (const layer of ordered.filter((l) => !l.aside)) {
    const row = layer.beside ? rows.find((rw) => rw.layers[0]!.id === layer.beside) : undefined;
    if (row) row.layers.push(layer);
    else rows.push({ layers: [layer], entry: [] });
  }
  for (const row of rows) {
    row.entry = row.layers.flatMap((l) => l.entry.map((id) => must(atlas.byId, id, 'card')));
  }
  return { rows, aside: ordered.filter((l) => l.aside) };
}

/** Cards drawn as boxes in a layer's band (its interface cards are drawn between bands instead). */
export function bandCards(atlas: Atlas, layer: Layer): Card[] {
  const entries = entryCards(atlas);
  return (atlas.cardsByLayer.get(layer.id) ?? []).filter((card) => !entries.has(card.id));
}

/** Who calls through an interface card and who implements it (Kubernetes → containerd · CRI-O). */
export function interfaceEnds(atlas: Atlas, id: string): { callers: Card[]; implementers: Card[] } {
  const callers = new Set<string>();
  const implementers = new Set<string>();
  for (const edge of atlas.edges) {
    if (edge.via === id) callers.add(edge.from);
    if (edge.type === 'implements' && edge.to === id) implementers.add(edge.from);
  }
  const cards = (ids: Set<string>) =>
    [...ids].map((c) => must(atlas.byId, c, 'card')).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { callers: cards(callers), implementers: cards(implementers) };
}

/** `containerd · CRI-O → runc · crun`: the callers above the interface and its implementers in the layer it enters. */
function interfaceCaption(atlas: Atlas, id: string): string {
  const layer = atlas.layers.find((l) => l.entry.includes(id))?.id;
  const ends = interfaceEnds(atlas, id);
  const callers = ends.callers.filter((c) => c.layer !== layer);
  const implementers = ends.implementers.filter((c) => c.layer === layer);
  if (!callers.length && !implementers.length) return '';
  const names = (cards: Card[]) => cards.map((c) => c.name).join(' · ');
  return `${names(callers) || '…'} → ${names(implementers) || '…'}`;
}

function chipLines(card: Card, width: number) {
  const zh = `${card.zh !== card.name ? card.zh : ''}${statusMark(card)}`;
  return [...wrapped(card.name, width, fontSizes.name, 'name'), ...wrapped(zh, width, fontSizes.zh, 'muted')];
}

/** One band: title (left column, or on top when narrow or sharing its row) and a grid of card boxes. */
function drawBand(
  atlas: Atlas,
  layer: Layer,
  box: { x: number; y: number; w: number },
  titleLeft: number,
  links: LinkOptions,
  chipMin: number,
): { h: number; draw: (height: number) => string } {
  const cards = bandCards(atlas, layer);
  const titleWidth = titleLeft ? titleLeft - pad : box.w - 2 * pad;
  const titleLines = [
    ...wrapped(layer.name, titleWidth, fontSizes.title, 'title'),
    ...(layer.group ? wrapped(layer.group, titleWidth, fontSizes.sub, 'muted') : []),
  ];
  const titleH = linesHeight(titleLines);
  const gridX = box.x + pad + titleLeft;
  const gridW = box.w - 2 * pad - titleLeft;
  const gridY = box.y + pad + (titleLeft ? 0 : titleH + 6);
  const cols = Math.max(1, Math.min(cards.length || 1, Math.floor((gridW + gap) / (chipMin + gap))));
  const chipW = (gridW - (cols - 1) * gap) / cols;
  let y = gridY;
  const chips: string[] = [];
  for (let i = 0; i < cards.length; i += cols) {
    const rowCards = cards.slice(i, i + cols);
    const rowLines = rowCards.map((card) => chipLines(card, chipW - 18));
    const h = Math.max(...rowLines.map(linesHeight)) + 16;
    rowCards.forEach((card, j) => {
      const chip: Box = { x: gridX + j * (chipW + gap), y, w: chipW, h };
      chips.push(
        linkedBox({
          box: chip,
          href: withBase(links.base, paths.card(card.id)),
          card: card.id,
          label: cardTitle(card) + statusMark(card),
          className: `chip ${card.status}`,
          lines: rowLines[j]!,
          bar: true,
        }),
      );
    });
    y += h + gap;
  }
  const gridH = cards.length ? y - gap - gridY : 0;
  const h = Math.max(titleLeft ? titleH : 0, gridH + (titleLeft ? 0 : titleH + 6)) + 2 * pad;
  const titleHref = withBase(links.base, `layers/#detail-${layer.id}`);
  const title =
    `<a${attrs({ href: titleHref, 'aria-label': layer.name })}>` +
    textLines(titleLines, box.x + pad, box.y + pad - 2, 'start') +
    '</a>';
  const draw = (height: number) =>
    `<g${attrs({ class: layer.aside ? 'layer aside' : 'layer', 'data-layer': layer.id })}>` +
    `<rect${attrs({ class: 'band', x: r(box.x), y: r(box.y), width: r(box.w), height: r(height), rx: 12 })}/>` +
    title +
    chips.join('') +
    '</g>';
  return { h, draw };
}

/** The interface row: a linked box per interface card, with arrows from the band above and into the band below. */
function drawInterfaces(
  atlas: Atlas,
  cards: Card[],
  span: { x: number; w: number },
  y: number,
  links: LinkOptions,
): { svg: string; h: number } {
  const boxW = Math.min(span.w, 440);
  const parts: string[] = [];
  let top = y;
  for (const card of cards) {
    const caption = interfaceCaption(atlas, card.id);
    const lines = [
      ...wrapped(cardTitle(card), boxW - 20, fontSizes.name, 'name'),
      ...wrapped(caption, boxW - 20, fontSizes.zh, 'muted'),
    ];
    const h = linesHeight(lines) + 14;
    const cx = span.x + span.w / 2;
    const box: Box = { x: cx - boxW / 2, y: top + 16, w: boxW, h };
    parts.push(
      `<g class="rel">` +
        `<path class="edge" d="M${r(cx)} ${r(top)}V${r(box.y - 1)}"/>` +
        arrowHead(cx, box.y - 1, 0, 1) +
        `<path class="edge" d="M${r(cx)} ${r(box.y + h)}V${r(box.y + h + 15)}"/>` +
        arrowHead(cx, box.y + h + 15, 0, 1) +
        linkedBox({
          box,
          href: withBase(links.base, paths.card(card.id)),
          card: card.id,
          label: `${cardTitle(card)}${caption ? `：${caption}` : ''}`,
          className: 'chip iface',
          lines,
        }) +
        '</g>',
    );
    top = box.y + h + 16;
  }
  return { svg: parts.join(''), h: top - y };
}

/** Lays the stack out for one variant. */
export function stackLayout(atlas: Atlas, variant: StackVariant, links: LinkOptions): LaidOut {
  const geometry = stackGeometry[variant];
  const width = geometry.width;
  const margin = 2;
  const inner = width - 2 * margin;
  const { rows, aside } = stackRows(atlas);
  const parts: string[] = [];
  // Where each row's bands ended up, so an interface can sit under the band of its callers.
  const placements: { layer: string; x: number; w: number }[][] = [];
  let y = margin;
  const fullBand = (layer: Layer, titleLeft: number) => {
    const band = drawBand(atlas, layer, { x: margin, y, w: inner }, titleLeft, links, geometry.chipMin);
    parts.push(band.draw(band.h));
    y += band.h;
  };
  rows.forEach((row, index) => {
    if (row.entry.length) {
      const callerLayers = new Set(
        row.entry.flatMap((card) => interfaceEnds(atlas, card.id).callers.map((c) => c.layer)),
      );
      const under = placements[index - 1]?.find((p) => callerLayers.size === 1 && callerLayers.has(p.layer));
      const drawn = drawInterfaces(atlas, row.entry, under ?? { x: margin, w: inner }, y, links);
      parts.push(drawn.svg);
      y += drawn.h;
    } else if (index > 0) {
      y += 10;
    }
    // Wide: layers sharing a row stand side by side with equal heights; narrow: one under the other.
    const side = variant === 'wide' ? row.layers : row.layers.slice(0, 1);
    const bandW = (inner - (side.length - 1) * 10) / side.length;
    const titleLeft = side.length === 1 ? geometry.titleColumn : 0;
    const bands = side.map((layer, i) => {
      const x = margin + i * (bandW + 10);
      return { layer, x, band: drawBand(atlas, layer, { x, y, w: bandW }, titleLeft, links, geometry.chipMin) };
    });
    const rowH = Math.max(...bands.map((b) => b.band.h));
    for (const { band } of bands) parts.push(band.draw(rowH));
    y += rowH;
    const rowPlacements = bands.map(({ layer, x }) => ({ layer: layer.id, x, w: bandW }));
    for (const layer of row.layers.slice(side.length)) {
      y += 10;
      fullBand(layer, 0);
      rowPlacements.push({ layer: layer.id, x: margin, w: inner });
    }
    placements.push(rowPlacements);
  });
  for (const layer of aside) {
    y += 24;
    fullBand(layer, geometry.titleColumn);
  }
  const height = y + margin;
  return { svg: svgRoot(width, height, parts.join('')), width, height };
}

/** Mermaid `block-beta` source of the same picture (for wikis that render Mermaid). */
export function stackMermaid(atlas: Atlas): string {
  const { rows, aside } = stackRows(atlas);
  const out = ['block-beta', '  columns 1'];
  const label = (lines: string[]) => `"${lines.map(escapeLabel).join('<br/>')}"`;
  const band = (layer: Layer, indent: string) => {
    const cards = bandCards(atlas, layer);
    out.push(`${indent}block:${safeId('layer', layer.id)}`);
    out.push(`${indent}  columns ${Math.min(4, cards.length) + 1}`);
    const title = `${indent}  ${safeId('title', layer.id)}[${label([layer.name])}]`;
    out.push(title);
    for (const card of cards) {
      const zh = card.zh !== card.name ? [card.zh] : [];
      out.push(`${indent}  ${safeId('card', card.id)}[${label([card.name, ...zh])}]`);
    }
    out.push(`${indent}end`);
  };
  rows.forEach((row) => {
    for (const card of row.entry) out.push(`  ${safeId('card', card.id)}<[${label([cardTitle(card)])}]>(down)`);
    if (row.layers.length > 1) {
      out.push(`  block:${safeId('row', row.layers[0]!.id)}`);
      out.push(`    columns ${row.layers.length}`);
      for (const layer of row.layers) band(layer, '    ');
      out.push('  end');
    } else {
      band(row.layers[0]!, '  ');
    }
  });
  for (const layer of aside) band(layer, '  ');
  const titles = atlas.layers.map((l) => safeId('title', l.id)).join(',');
  out.push('  classDef layerTitle fill:none,stroke:none,font-weight:bold');
  out.push(`  class ${titles} layerTitle`);
  return `${out.join('\n')}\n`;
}

function textGroups(atlas: Atlas): TextGroup[] {
  return layersInReadingOrder(atlas).map((layer) => {
    const items: TextItem[] = bandCards(atlas, layer).map((card) => ({
      card: card.id,
      text: cardTitle(card) + statusMark(card),
    }));
    const group: TextGroup = { id: layer.id, heading: layer.name, items };
    if (layer.group) group.group = layer.group;
    if (layer.aside) group.aside = true;
    return group;
  });
}

/** The overview diagram: both layouts, the Mermaid export and the text equivalent. */
export function stackDiagram(atlas: Atlas, links: LinkOptions): Diagram {
  const { rows, aside } = stackRows(atlas);
  const interfaces = rows.flatMap((row) => row.entry);
  const relations: TextRelation[] = interfaces.map((card) => ({
    from: card.name,
    to: card.name,
    fromCard: card.id,
    toCard: card.id,
    line: t('text.labelled', { label: cardTitle(card), text: interfaceCaption(atlas, card.id) }),
  }));
  const bandNames = rows.map((row) => row.layers.map((l) => l.name).join(t('stack.and')));
  return {
    name: 'stack',
    kind: 'stack',
    title: t('stack.title'),
    description: t('stack.description', {
      layers: bandNames.join(t('text.list')),
      // each clause only when the stack has such boxes
      interfaces: interfaces.length
        ? t('stack.descriptionInterfaces', { names: interfaces.map((c) => c.name).join(t('text.list')) })
        : '',
      aside: aside.length ? t('stack.descriptionAside', { names: aside.map((l) => l.name).join(t('text.list')) }) : '',
      cards: atlas.cards.length,
    }),
    mermaid: stackMermaid(atlas),
    layout: { wide: stackLayout(atlas, 'wide', links), narrow: stackLayout(atlas, 'narrow', links) },
    text: { kind: 'stack', relationsHeading: t('layers.interfaces'), groups: textGroups(atlas), relations },
    edges: [],
  };
}
