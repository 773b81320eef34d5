/**
 * A call chain (content/chains/*.yaml) as a Mermaid sequence diagram (the wide
 * form), as numbered steps laid out here for phones and narrow wiki columns (the
 * narrow form), and as its numbered text equivalent. Participants are named by the
 * chain file itself, so a shim is called a shim; every participant links to the
 * card it belongs to, or to its layer's section when it stands for a whole layer
 * (the kernel); render/svg.ts turns Mermaid's actor boxes into those links.
 */
import { t } from '../../i18n/index.ts';
import type { Chain } from '../../model/chains.ts';
import { paths, withBase } from '../../model/urls.ts';
import {
  attrs,
  fontSizes,
  lineHeight,
  linesHeight,
  linkedBox,
  r,
  svgRoot,
  textLines,
  wrapped,
  type Box,
  type Line,
} from './svg-kit.ts';
import { escapeLabel, labelLines, safeId, wrapLabel } from './syntax.ts';
import type { TextRelation } from './text.ts';
import type { Diagram, LaidOut, LinkOptions } from './types.ts';
import { must } from '../../model/lookup.ts';

/** Mermaid id of a participant: `p_<id>`, which the SVG post-processing maps back to its card. */
export const participantId = (id: string) => safeId('p', id);

/** Sequence settings that keep six participants inside a 720 px column. */
export const sequenceLayout = {
  actorWidth: 124,
  // Room for a name and a role wrapped onto two lines (three lines of 14 px text).
  actorHeight: 68,
  actorMargin: 12,
  messageWrapUnits: 22,
  roleWrapUnits: 16,
} as const;

export function chainMermaid(chain: Chain): string {
  const out = ['sequenceDiagram', '  autonumber'];
  for (const p of chain.participants) {
    const lines = [p.label, ...(p.role && p.role !== p.label ? wrapLabel(p.role, sequenceLayout.roleWrapUnits) : [])];
    out.push(`  participant ${participantId(p.id)} as ${labelLines(lines)}`);
  }
  for (const step of chain.steps) {
    const text = labelLines(wrapLabel(step.text, sequenceLayout.messageWrapUnits));
    out.push(`  ${participantId(step.from)}${step.reply ? '-->>' : '->>'}${participantId(step.to)}: ${text}`);
  }
  if (chain.note) {
    const first = participantId(chain.participants[0]!.id);
    const last = participantId(chain.participants.at(-1)!.id);
    out.push(`  Note over ${first},${last}: ${labelLines(wrapLabel(chain.note, 64))}`);
  }
  return `${out.join('\n')}\n`;
}

type Participant = Chain['participants'][number];

/** Where a participant's box links: its card, or its layer's section of /layers/ (site-relative path). */
export function participantPath(p: Pick<Participant, 'card' | 'layer'>): string | undefined {
  if (p.card) return paths.card(p.card);
  if (p.layer) return `layers/#detail-${p.layer}`;
  return undefined;
}

/** The narrow form's geometry: one 340 px column, like the other phone variants. */
export const chainNarrow = { width: 340, columns: 2, gap: 8, stepIndent: 34, radius: 11 } as const;

const stepSizes = { head: 13.5, text: 13, number: 12, heading: 12.5 } as const;

/**
 * The narrow form: the participants as linked boxes (two per row), then one
 * numbered step per line of the chain, top to bottom, the caller and callee named
 * above what is asked; a reply has a hollow number. Nothing is scaled to fit: every
 * text wraps within the column.
 */
export function chainNarrowLayout(chain: Chain, links: LinkOptions): LaidOut {
  const { width, columns, gap, stepIndent, radius } = chainNarrow;
  const margin = 2;
  const inner = width - 2 * margin;
  const byId = new Map(chain.participants.map((p) => [p.id, p]));
  const parts: string[] = [];
  let y = margin;
  const heading = (text: string) => {
    parts.push(textLines(wrapped(text, inner, stepSizes.heading, 'title muted'), margin, y, 'start'));
    y += lineHeight(stepSizes.heading) + 6;
  };

  heading(t('chain.participants'));
  const colW = (inner - (columns - 1) * gap) / columns;
  for (let i = 0; i < chain.participants.length; i += columns) {
    const row = chain.participants.slice(i, i + columns);
    const rowLines = row.map((p) => [
      ...wrapped(p.label, colW - 22, fontSizes.name, 'name'),
      ...(p.role && p.role !== p.label ? wrapped(p.role, colW - 22, fontSizes.zh, 'muted') : []),
    ]);
    const h = Math.max(...rowLines.map(linesHeight)) + 16;
    row.forEach((p, j) => {
      const box: Box = { x: margin + j * (colW + gap), y, w: colW, h };
      const href = participantPath(p);
      parts.push(
        linkedBox({
          box,
          href: href ? withBase(links.base, href) : undefined,
          ...(p.card ? { card: p.card } : {}),
          ...(p.layer ? { layer: p.layer } : {}),
          label: p.role && p.role !== p.label ? `${p.label}（${p.role}）` : p.label,
          className: 'chip',
          lines: rowLines[j]!,
          bar: true,
          align: 'start',
        }),
      );
    });
    y += h + gap;
  }

  y += 10;
  heading(t('chain.steps'));
  const textW = inner - stepIndent;
  const steps = chain.steps.map((step, index) => {
    const from = must(byId, step.from, 'participant').label;
    const to = must(byId, step.to, 'participant').label;
    const who =
      step.from === step.to
        ? t('chain.self', { from })
        : t(step.reply ? 'chain.replyTo' : 'chain.callTo', { from, to });
    const lines: Line[] = [
      ...wrapped(who, textW, stepSizes.head, 'name'),
      ...wrapped(step.text, textW, stepSizes.text),
    ];
    return { index, reply: step.reply, lines, h: Math.max(linesHeight(lines), 2 * radius) };
  });
  const cx = margin + radius + 1;
  const firstY = y;
  const centres: number[] = [];
  const drawn: string[] = [];
  for (const step of steps) {
    const cy = y + radius;
    centres.push(cy);
    drawn.push(
      `<g${attrs({ class: step.reply ? 'step reply' : 'step' })}>` +
        `<circle${attrs({ cx: r(cx), cy: r(cy), r: radius })}/>` +
        `<text${attrs({ class: 'num', x: r(cx), y: r(cy + stepSizes.number * 0.36), 'font-size': stepSizes.number, 'text-anchor': 'middle' })}>${step.index + 1}</text>` +
        textLines(step.lines, margin + stepIndent, y - 2, 'start') +
        '</g>',
    );
    y += step.h + 12;
  }
  // One spine through the numbers, drawn under them: the order of the steps.
  if (centres.length > 1) {
    parts.push(`<path${attrs({ class: 'spine', d: `M${r(cx)} ${r(firstY + radius)}V${r(centres.at(-1)!)}` })}/>`);
  }
  parts.push(...drawn);
  y -= 12;

  if (chain.note) {
    y += 14;
    const lines = wrapped(chain.note, inner - 24, fontSizes.labelSub);
    const h = linesHeight(lines) + 16;
    parts.push(
      `<g class="note"><rect${attrs({ x: margin, y: r(y), width: inner, height: h, rx: 8 })}/>` +
        textLines(lines, margin + 12, y + 8, 'start') +
        '</g>',
    );
    y += h;
  }
  const height = y + margin;
  return { svg: svgRoot(width, height, parts.join('')), width, height };
}

/** The chain's diagram: Mermaid source (the wide form, rendered at build time), the narrow form, numbered steps as text. */
export function chainDiagram(chain: Chain, links: LinkOptions): Diagram {
  const byId = new Map(chain.participants.map((p) => [p.id, p]));
  const relations: TextRelation[] = chain.steps.map((step, index) => {
    const from = must(byId, step.from, 'participant');
    const to = must(byId, step.to, 'participant');
    const relation: TextRelation = {
      from: from.label,
      to: to.label,
      line: `${index + 1}. ${from.label} ${step.reply ? '⇠' : '→'} ${to.label}：${step.text}`,
    };
    if (from.card) relation.fromCard = from.card;
    if (to.card) relation.toCard = to.card;
    if (step.reply) relation.reply = true;
    return relation;
  });
  return {
    name: `chain-${chain.id}`,
    kind: 'chain',
    title: chain.title,
    description: chain.description,
    mermaid: chainMermaid(chain),
    layout: { narrow: chainNarrowLayout(chain, links) },
    text: {
      kind: 'chain',
      relationsHeading: t('chain.steps'),
      groups: [
        {
          id: 'participants',
          heading: t('chain.participants'),
          items: chain.participants.map((p) => ({
            text: p.role && p.role !== p.label ? `${p.label}（${p.role}）` : p.label,
            ...(p.card ? { card: p.card } : {}),
          })),
        },
      ],
      relations,
    },
    edges: [],
  };
}

/** Where each participant of the Mermaid form links, by Mermaid id: the site-relative path and its card or layer. */
export interface ParticipantLink {
  path: string;
  card?: string;
  layer?: string;
}

export function participantLinks(chain: Chain): Record<string, ParticipantLink> {
  const out: Record<string, ParticipantLink> = {};
  for (const p of chain.participants) {
    const path = participantPath(p);
    if (!path) continue;
    out[participantId(p.id)] = { path, ...(p.card ? { card: p.card } : {}), ...(p.layer ? { layer: p.layer } : {}) };
  }
  return out;
}

export { escapeLabel };
