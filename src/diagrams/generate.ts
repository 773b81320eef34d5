/**
 * Pure, deterministic generators: Atlas → Mermaid source + text equivalent.
 * No I/O. The same atlas always gives byte-identical output.
 */
import type { CardKind, RelationType } from '../model/schema.ts';
import type { Atlas, Card, Edge, Layer } from '../model/types.ts';
import { resolveCard } from '../model/atlas.ts';
import { chains as defaultChains, type ChainDefinition, type ChainStep } from './chains.ts';
import { escapeLabel, labelLines, safeId, textUnits, wrapLabel } from './syntax.ts';
import type { DiagramText, TextGroup, TextItem, TextRelation } from './text.ts';

export type { DiagramText } from './text.ts';

export interface Diagram {
  /** Stable ASCII file name: `stack`, `card-<id>`, `chain-<name>`. */
  name: string;
  kind: 'stack' | 'card' | 'chain';
  /** Card id for card diagrams. */
  card?: string;
  /** Chinese title and description (SVG `<title>` / `<desc>`, page captions). */
  title: string;
  description: string;
  /** Mermaid source. */
  source: string;
  /** Structured text equivalent. */
  text: DiagramText;
}

/** Chinese names of relation types, used in labels and text equivalents. */
export const relationTypeZh: Record<RelationType, string> = {
  uses: '使用',
  'calls-via': '调用',
  implements: '实现',
  'part-of': '属于',
  'replaced-by': '被取代',
  'alternative-to': '可替代',
  'builds-on': '基于',
  manages: '管理',
};

export const kindZh: Record<CardKind, string> = {
  'kernel-feature': '内核特性',
  specification: '规范',
  interface: '接口',
  'low-level-runtime': '低级运行时',
  'high-level-runtime': '高级运行时',
  tool: '工具',
  orchestrator: '编排系统',
  virtualization: '虚拟化',
  concept: '概念',
};

const statusZh = { active: '', legacy: '遗留', deprecated: '已弃用' } as const;

/**
 * Node border colours per kind. Only strokes are set, so fills and text colours
 * stay the theme's own and the same source reads well in light and dark themes.
 */
const kindStroke: Record<CardKind, string> = {
  'kernel-feature': '#0d9488',
  specification: '#7c3aed',
  interface: '#db2777',
  'low-level-runtime': '#ea580c',
  'high-level-runtime': '#2563eb',
  tool: '#0891b2',
  orchestrator: '#16a34a',
  virtualization: '#64748b',
  concept: '#a16207',
};

/** Relation types drawn thin, grey and dotted: conceptual, not run-time calls. */
export const minorRelationTypes: ReadonlySet<RelationType> = new Set(['alternative-to', 'builds-on', 'replaced-by']);

/** Edge style parts (linkStyle). Colours are mid-tones that read on white and on dark grey. */
export const edgeStyles = {
  historicalColour: 'stroke:#d97706,stroke-width:1.5px',
  historicalDash: 'stroke-dasharray:6 4',
  minorColour: 'stroke:#94a3b8,stroke-width:1px',
  minorDash: 'stroke-dasharray:2 3',
  focus: 'stroke:#e11d48,stroke-width:2.5px',
  dim: 'stroke-opacity:0.25',
} as const;

/** The linkStyle of one edge ('' for the theme's default line). */
export function edgeStyle(edge: Edge, focus?: string): string {
  const minor = minorRelationTypes.has(edge.type);
  const touchesFocus = focus !== undefined && (edge.from === focus || edge.to === focus);
  const parts: string[] = [];
  if (touchesFocus) parts.push(edgeStyles.focus);
  else if (edge.historical) parts.push(edgeStyles.historicalColour);
  else if (minor) parts.push(edgeStyles.minorColour);
  if (edge.historical) parts.push(edgeStyles.historicalDash);
  else if (minor) parts.push(edgeStyles.minorDash);
  if (focus !== undefined && !touchesFocus) parts.push(edgeStyles.dim);
  return parts.join(',');
}

const focusClassDefs = [
  'classDef focus stroke:#e11d48,stroke-width:4px',
  'classDef related stroke-width:3px',
  'classDef dim opacity:0.5',
];

export const kindClass = (kind: CardKind) => `kind_${kind.replace(/-/g, '_')}`;
export const statusClass = (status: Card['status']) => `status_${status}`;
export const layerNodeId = (layer: Layer) => safeId('layer', layer.id);

/** Words Mermaid's flowchart grammar reserves: such card ids get a `card_` node id. */
const reservedIds = new Set([
  'end',
  'graph',
  'flowchart',
  'subgraph',
  'style',
  'linkstyle',
  'classdef',
  'class',
  'click',
  'call',
  'href',
  'direction',
  'default',
  'interpolate',
  'acctitle',
  'accdescr',
]);

/**
 * Mermaid node id of a card: the card id itself (so the SVG node is
 * `…-flowchart-<card id>-N` and gets `data-card="<card id>"`), except for
 * reserved words and ids Mermaid would misread (`--`, trailing `-`): those
 * become `card_<id with - as _>`, which the renderer maps back.
 */
export function nodeId(cardId: string): string {
  return reservedIds.has(cardId) || /--|-$|^-/.test(cardId) ? `card_${cardId.replace(/-/g, '_')}` : cardId;
}

/** Layers from the top of the stack (编排层) to the bottom (底层内核), aside layers excluded. */
export function stackLayersTopDown(atlas: Atlas): Layer[] {
  return atlas.layers.filter((l) => !l.aside).reverse();
}

export function asideLayers(atlas: Atlas): Layer[] {
  return atlas.layers.filter((l) => l.aside);
}

/** Edges in a stable order: by source card id, then the order written in the card. */
export function sortedEdges(atlas: Atlas): Edge[] {
  return atlas.edges
    .map((edge, index) => ({ edge, index }))
    .sort((a, b) => (a.edge.from < b.edge.from ? -1 : a.edge.from > b.edge.from ? 1 : a.index - b.index))
    .map(({ edge }) => edge);
}

function cardName(atlas: Atlas, id: string): string {
  return atlas.byId.get(id)?.name ?? id;
}

/** `name（zh）`, or just the name when they are the same. */
export function cardTitle(card: Pick<Card, 'name' | 'zh'>): string {
  return card.zh && card.zh !== card.name ? `${card.name}（${card.zh}）` : card.name;
}

/** Longest author label drawn in the overview (half-width units); longer ones live in the text equivalent. */
export const shortLabelUnits = 12;

/**
 * The label drawn on an edge: the interface it passes through (CRI, OCI), else
 * the author's label, else the relation type (nothing for plain uses/calls).
 * `short` (overview): author labels longer than `shortLabelUnits` give way to the
 * type (none for the grey conceptual types), and the historical mark keeps only
 * the first clause of `until`. Full labels are always in the text equivalent.
 * `full` (the focus card's edges in a card diagram): everything.
 */
export function edgeLabel(atlas: Atlas, edge: Edge, mode: 'short' | 'full' = 'short'): string {
  // Plain uses/calls need no word; conceptual (grey dotted) ones are named only in full mode.
  const typeLabel =
    edge.type === 'uses' || edge.type === 'calls-via' || (mode === 'short' && minorRelationTypes.has(edge.type))
      ? ''
      : relationTypeZh[edge.type];
  const label = edge.label && (mode === 'full' || textUnits(edge.label) <= shortLabelUnits) ? edge.label : undefined;
  const base = edge.via ? cardName(atlas, edge.via) : (label ?? typeLabel);
  if (!edge.historical) return base;
  const until = edge.until && mode === 'short' ? edge.until.split(/[（(；;，,]/)[0]!.trim() : edge.until;
  const mark = until ? `历史，${until}` : '历史';
  return base ? `${base}（${mark}）` : mark;
}

/** `containerd —使用/OCI→ runc（标签；自 …；至 …；历史）`. */
export function relationLine(atlas: Atlas, edge: Edge): string {
  const via = edge.via ? `/${cardName(atlas, edge.via)}` : '';
  const extras = [
    edge.label && edge.label !== (edge.via ? cardName(atlas, edge.via) : undefined) ? edge.label : undefined,
    edge.since ? `自 ${edge.since}` : undefined,
    edge.until ? `至 ${edge.until}` : undefined,
    edge.historical ? '历史关系' : undefined,
  ].filter(Boolean);
  const tail = extras.length ? `（${extras.join('；')}）` : '';
  return `${cardName(atlas, edge.from)} —${relationTypeZh[edge.type]}${via}→ ${cardName(atlas, edge.to)}${tail}`;
}

function textRelation(atlas: Atlas, edge: Edge, emphasis = false): TextRelation {
  const relation: TextRelation = {
    from: cardName(atlas, edge.from),
    to: cardName(atlas, edge.to),
    fromCard: edge.from,
    toCard: edge.to,
    type: edge.type,
    historical: edge.historical,
    line: relationLine(atlas, edge),
  };
  if (edge.via) relation.via = cardName(atlas, edge.via);
  if (edge.label) relation.label = edge.label;
  if (edge.since) relation.since = edge.since;
  if (edge.until) relation.until = edge.until;
  if (emphasis) relation.emphasis = true;
  return relation;
}

function nodeLabel(card: Card): string {
  const lines = [card.name];
  if (card.zh && card.zh !== card.name) lines.push(...wrapLabel(card.zh, 18));
  if (card.status !== 'active') lines.push(`〔${statusZh[card.status]}〕`);
  return labelLines(lines);
}

function nodeShape(card: Card): string {
  const label = `"${nodeLabel(card)}"`;
  switch (card.kind) {
    case 'interface':
    case 'specification':
      return `{{${label}}}`;
    case 'concept':
      return `(${label})`;
    default:
      return `[${label}]`;
  }
}

/** Node and rank spacing of the stack diagrams (Mermaid defaults: 50 / 50). */
export const layoutSpacing = { node: 24, rank: 36 };

export interface CardDiagramOptions {
  /**
   * What to do with relations between other cards: `omit` (default) draws only
   * the focus card's relations (all of them are in the overview), which keeps
   * card diagrams readable and several times faster to lay out; `dim` draws
   * every relation, the others faded and unlabelled.
   */
  otherRelations?: 'omit' | 'dim';
}

interface StackOptions extends CardDiagramOptions {
  /** Card diagram: the card drawn as the focus. */
  focus?: string;
}

/** Shared body of the overview and the card diagrams. */
function stackSource(atlas: Atlas, options: StackOptions = {}): string {
  // Tighter spacing than Mermaid's default: the stack has many long edges.
  const out: string[] = [
    '---',
    'config:',
    '  flowchart:',
    `    nodeSpacing: ${layoutSpacing.node}`,
    `    rankSpacing: ${layoutSpacing.rank}`,
    '---',
    'flowchart TB',
  ];
  const focus = options.focus;
  const neighbours = new Set<string>();
  if (focus) {
    for (const e of atlas.outgoing.get(focus) ?? []) neighbours.add(e.to);
    for (const e of atlas.incoming.get(focus) ?? []) neighbours.add(e.from);
  }

  const emitLayer = (layer: Layer, indent: string) => {
    const cards = atlas.cardsByLayer.get(layer.id) ?? [];
    // Grouped layers carry the group name in their own title: Mermaid draws a
    // parent's title on top of its first child's, so the group box has none.
    const title = layer.group ? `${layer.group} · ${layer.name}` : layer.name;
    out.push(`${indent}subgraph ${layerNodeId(layer)}["${escapeLabel(title)}"]`);
    for (const card of cards) out.push(`${indent}  ${nodeId(card.id)}${nodeShape(card)}`);
    out.push(`${indent}end`);
  };

  // The stack, top down; consecutive layers with the same `group` share a parent subgraph.
  const stack = stackLayersTopDown(atlas).filter((l) => (atlas.cardsByLayer.get(l.id) ?? []).length > 0);
  let groupCount = 0;
  for (let i = 0; i < stack.length;) {
    const layer = stack[i]!;
    if (!layer.group) {
      emitLayer(layer, '  ');
      i += 1;
      continue;
    }
    groupCount += 1;
    out.push(`  subgraph group_${groupCount}[" "]`);
    while (i < stack.length && stack[i]!.group === layer.group) {
      emitLayer(stack[i]!, '    ');
      i += 1;
    }
    out.push('  end');
  }
  // Aside layers: drawn apart, not chained to the stack.
  const aside = asideLayers(atlas).filter((l) => (atlas.cardsByLayer.get(l.id) ?? []).length > 0);
  for (const layer of aside) emitLayer(layer, '  ');

  // Links. linkStyle indexes count every link in order, invisible ones included.
  let linkIndex = 0;
  const styles = new Map<string, number[]>();
  const style = (css: string, index: number) => {
    const list = styles.get(css) ?? [];
    list.push(index);
    styles.set(css, list);
  };

  // Invisible links keep the stack in order, top down: every card of a layer
  // that has nothing below it inside its own layer is linked to every card of
  // the next layer that has nothing above it inside that layer.
  for (let i = 0; i + 1 < stack.length; i += 1) {
    const upper = layerEnds(atlas, stack[i]!).bottom;
    const lower = layerEnds(atlas, stack[i + 1]!).top;
    for (const a of upper) {
      for (const b of lower) {
        out.push(`  ${nodeId(a)} ~~~ ${nodeId(b)}`);
        linkIndex += 1;
      }
    }
  }

  // Relation edges. One that points up the stack (a lower layer's card relating
  // to a higher one) is written top-down with id r<n>, so that it agrees with the
  // stacking links (no cycles for the layout), and the renderer moves its
  // arrowhead to the start. All others have id e<n>.
  const rank = new Map(stack.map((layer, index) => [layer.id, index]));
  const rankOf = (id: string) => rank.get(atlas.byId.get(id)!.layer);
  let edgeNumber = 0;
  for (const edge of sortedEdges(atlas)) {
    const minor = minorRelationTypes.has(edge.type);
    const touchesFocus = focus !== undefined && (edge.from === focus || edge.to === focus);
    if (focus !== undefined && !touchesFocus && options.otherRelations !== 'dim') continue;
    const dimmed = focus !== undefined && !touchesFocus;
    // Dimmed edges lose their label in card diagrams, to keep the focus readable.
    const label = dimmed ? '' : edgeLabel(atlas, edge, touchesFocus ? 'full' : 'short');
    const arrow = edge.historical || minor ? (edge.type === 'alternative-to' ? '-.-' : '-.->') : '-->';
    const text = label ? `|"${labelLines(wrapLabel(label, touchesFocus ? 28 : 24))}"|` : '';
    const fromRank = rankOf(edge.from);
    const toRank = rankOf(edge.to);
    const upward = fromRank !== undefined && toRank !== undefined && fromRank > toRank;
    const [a, b] = upward ? [edge.to, edge.from] : [edge.from, edge.to];
    out.push(`  ${nodeId(a)} ${upward ? 'r' : 'e'}${edgeNumber}@${arrow}${text} ${nodeId(b)}`);
    edgeNumber += 1;
    const css = edgeStyle(edge, focus);
    if (css) style(css, linkIndex);
    linkIndex += 1;
  }

  // Classes: kind and status for every card.
  const usedKinds = new Map<CardKind, string[]>();
  const byStatus = new Map<string, string[]>();
  for (const card of atlas.cards.slice().sort((a, b) => (a.id < b.id ? -1 : 1))) {
    usedKinds.set(card.kind, [...(usedKinds.get(card.kind) ?? []), card.id]);
    if (card.status !== 'active') byStatus.set(card.status, [...(byStatus.get(card.status) ?? []), card.id]);
  }
  for (const kind of Object.keys(kindStroke) as CardKind[]) {
    if (usedKinds.has(kind)) out.push(`  classDef ${kindClass(kind)} stroke:${kindStroke[kind]},stroke-width:2px`);
  }
  out.push(`  classDef ${statusClass('legacy')} stroke-dasharray:6 3`);
  out.push(`  classDef ${statusClass('deprecated')} stroke-dasharray:2 2`);
  if (focus) out.push(...focusClassDefs.map((l) => `  ${l}`));
  const ids = (list: string[]) => list.map(nodeId).join(',');
  for (const [kind, list] of usedKinds) out.push(`  class ${ids(list)} ${kindClass(kind)}`);
  for (const [status, list] of byStatus) out.push(`  class ${ids(list)} ${statusClass(status as Card['status'])}`);
  if (focus) {
    const others = atlas.cards
      .map((c) => c.id)
      .filter((id) => id !== focus && !neighbours.has(id))
      .sort();
    const related = [...neighbours].sort();
    if (related.length) out.push(`  class ${ids(related)} related`);
    if (others.length) out.push(`  class ${ids(others)} dim`);
    out.push(`  class ${nodeId(focus)} focus`);
  }
  for (const [css, indexes] of styles) out.push(`  linkStyle ${indexes.join(',')} ${css}`);
  return `${out.join('\n')}\n`;
}

/** Cards of a layer with no intra-layer edge above (top) or below (bottom) them. */
function layerEnds(atlas: Atlas, layer: Layer): { top: string[]; bottom: string[] } {
  const cards = (atlas.cardsByLayer.get(layer.id) ?? []).map((c) => c.id);
  const inLayer = new Set(cards);
  const hasIn = new Set<string>();
  const hasOut = new Set<string>();
  for (const edge of atlas.edges) {
    if (inLayer.has(edge.from) && inLayer.has(edge.to)) {
      hasOut.add(edge.from);
      hasIn.add(edge.to);
    }
  }
  const top = cards.filter((id) => !hasIn.has(id));
  const bottom = cards.filter((id) => !hasOut.has(id));
  // A cycle inside the layer leaves no end: fall back to all cards.
  return { top: top.length ? top : cards, bottom: bottom.length ? bottom : cards };
}

function layerGroups(atlas: Atlas, focus?: string): TextGroup[] {
  const layers = [...stackLayersTopDown(atlas), ...asideLayers(atlas)];
  return layers.map((layer) => {
    const items: TextItem[] = (atlas.cardsByLayer.get(layer.id) ?? []).map((card) => {
      const item: TextItem = { card: card.id, text: cardTitle(card) };
      if (card.status !== 'active') item.text += `〔${statusZh[card.status]}〕`;
      if (card.id === focus) item.focus = true;
      return item;
    });
    const group: TextGroup = { id: layer.id, heading: layer.name, items };
    if (layer.group) group.group = layer.group;
    if (layer.aside) group.aside = true;
    return group;
  });
}

/** The whole stack: every card in its layer, every relation an edge. */
export function overviewDiagram(atlas: Atlas): Diagram {
  const layers = stackLayersTopDown(atlas).map((l) => l.name);
  const aside = asideLayers(atlas).map((l) => l.name);
  const historical = atlas.edges.filter((e) => e.historical).length;
  return {
    name: 'stack',
    kind: 'stack',
    title: '容器技术栈全景图',
    description:
      `自上而下依次为${layers.join('、')}` +
      (aside.length ? `；${aside.join('、')}画在一旁作对照` : '') +
      `。共 ${atlas.cards.length} 张卡片、${atlas.edges.length} 条关系，箭头上标注经过的接口` +
      (historical ? `；${historical} 条历史关系画成橙色虚线` : '') +
      '；灰色点线为概念关系（可替代、基于、被取代）。',
    source: stackSource(atlas),
    text: {
      kind: 'stack',
      relationsHeading: '关系',
      groups: layerGroups(atlas),
      relations: sortedEdges(atlas).map((e) => textRelation(atlas, e)),
    },
  };
}

/** The stack with one card highlighted and its direct relations emphasised. */
export function cardDiagram(atlas: Atlas, cardId: string, options: CardDiagramOptions = {}): Diagram {
  const card = atlas.byId.get(cardId);
  if (!card) throw new Error(`cardDiagram: unknown card "${cardId}"`);
  const layer = atlas.layers.find((l) => l.id === card.layer)!;
  const own = sortedEdges(atlas).filter((e) => e.from === cardId || e.to === cardId);
  const outCount = own.filter((e) => e.from === cardId).length;
  const inCount = own.length - outCount;
  return {
    name: `card-${cardId}`,
    kind: 'card',
    card: cardId,
    title: `${cardTitle(card)} 在容器技术栈中的位置`,
    description:
      `${card.name} 位于${layer.group ? `${layer.group}的` : ''}${layer.name}` +
      (kindZh[card.kind] !== layer.name ? `（${kindZh[card.kind]}）` : '') +
      '。' +
      (own.length
        ? `图中以红色突出它的 ${outCount} 条出向关系和 ${inCount} 条入向关系：${own.map((e) => relationLine(atlas, e)).join('；')}。`
        : '目前没有与其他卡片的直接关系。') +
      (options.otherRelations === 'dim' ? '其余卡片与关系淡化显示。' : '其余卡片淡化显示，它们之间的关系见全景图。'),
    source: stackSource(atlas, { focus: cardId, ...options }),
    text: {
      kind: 'card',
      relationsHeading: `${card.name} 的直接关系`,
      groups: layerGroups(atlas, cardId),
      relations: own.map((e) => textRelation(atlas, e, true)),
    },
  };
}

interface ResolvedParticipant {
  key: string;
  mermaidId: string;
  name: string;
  zh: string;
  card?: string;
}

function resolveParticipants(atlas: Atlas, chain: ChainDefinition): Map<string, ResolvedParticipant> {
  const map = new Map<string, ResolvedParticipant>();
  for (const p of chain.participants) {
    let card: Card | undefined;
    for (const candidate of p.cards) {
      const id = resolveCard(atlas, candidate);
      if (id) {
        card = atlas.byId.get(id);
        break;
      }
    }
    const resolved: ResolvedParticipant = {
      key: p.key,
      mermaidId: safeId('p', p.key),
      name: p.label ?? card?.name ?? p.fallback.name,
      zh: p.zh ?? card?.zh ?? p.fallback.zh,
    };
    if (card) resolved.card = card.id;
    map.set(p.key, resolved);
  }
  return map;
}

/** A call chain as a sequence diagram; participants named from the atlas where cards exist. */
export function chainDiagram(atlas: Atlas, chain: ChainDefinition): Diagram {
  const participants = resolveParticipants(atlas, chain);
  const get = (key: string) => {
    const p = participants.get(key);
    if (!p) throw new Error(`chain "${chain.name}": step names unknown participant "${key}"`);
    return p;
  };
  const out: string[] = ['sequenceDiagram', '  autonumber'];
  for (const p of participants.values()) {
    // Actor boxes have a fixed height: name + one line of Chinese.
    const lines = [p.name, ...(p.zh && p.zh !== p.name ? [p.zh] : [])];
    out.push(`  participant ${p.mermaidId} as ${labelLines(lines)}`);
  }
  const relations: TextRelation[] = [];
  let number = 0;
  const emitStep = (step: ChainStep, indent: string, branch?: string) => {
    const from = get(step.from);
    const to = get(step.to);
    number += 1;
    out.push(`${indent}${from.mermaidId}${step.reply ? '-->>' : '->>'}${to.mermaidId}: ${escapeLabel(step.text)}`);
    const relation: TextRelation = {
      from: from.name,
      to: to.name,
      line: `${number}. ${branch ? `〔${branch}〕` : ''}${from.name} ${step.reply ? '⇠' : '→'} ${to.name}：${step.text}`,
    };
    if (from.card) relation.fromCard = from.card;
    if (to.card) relation.toCard = to.card;
    if (step.reply) relation.reply = true;
    if (branch) relation.branch = branch;
    relations.push(relation);
  };
  for (const step of chain.steps) {
    if ('alt' in step) {
      step.alt.forEach((branch, index) => {
        out.push(`  ${index === 0 ? 'alt' : 'else'} ${escapeLabel(branch.label)}`);
        for (const s of branch.steps) emitStep(s, '    ', branch.label);
      });
      out.push('  end');
    } else {
      emitStep(step, '  ');
    }
  }
  if (chain.note) {
    const all = [...participants.values()];
    out.push(`  Note over ${all[0]!.mermaidId},${all.at(-1)!.mermaidId}: ${labelLines(wrapLabel(chain.note, 80))}`);
  }
  return {
    name: `chain-${chain.name}`,
    kind: 'chain',
    title: chain.title,
    description: chain.description,
    source: `${out.join('\n')}\n`,
    text: {
      kind: 'chain',
      relationsHeading: '调用步骤',
      groups: [
        {
          id: 'participants',
          heading: '参与者',
          items: [...participants.values()].map((p) => {
            const item: TextItem = { text: p.zh && p.zh !== p.name ? `${p.name}（${p.zh}）` : p.name };
            if (p.card) item.card = p.card;
            return item;
          }),
        },
      ],
      relations,
    },
  };
}

/**
 * Every generated diagram: the overview, the call chains, then one per card
 * (in stack order: top layer first, cards in their layer's order).
 */
export function diagramsFor(
  atlas: Atlas,
  options: CardDiagramOptions & { chains?: ChainDefinition[] } = {},
): Diagram[] {
  const chainDefinitions = options.chains ?? defaultChains;
  const diagrams: Diagram[] = [overviewDiagram(atlas)];
  for (const chain of chainDefinitions) diagrams.push(chainDiagram(atlas, chain));
  for (const layer of [...stackLayersTopDown(atlas), ...asideLayers(atlas)]) {
    for (const card of atlas.cardsByLayer.get(layer.id) ?? []) diagrams.push(cardDiagram(atlas, card.id, options));
  }
  return diagrams;
}
