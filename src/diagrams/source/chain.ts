/**
 * A call chain (content/chains/*.yaml) as a Mermaid sequence diagram and its
 * numbered text equivalent. Participants are named by the chain file itself, so
 * a shim is called a shim; each participant that belongs to a card links to it
 * (render/svg.ts turns the actor boxes into links).
 */
import { t } from '../../i18n/index.ts';
import type { Chain } from '../../model/chains.ts';
import { escapeLabel, labelLines, safeId, wrapLabel } from './syntax.ts';
import type { TextRelation } from './text.ts';
import type { Diagram } from './types.ts';

/** Mermaid id of a participant: `p_<id>`, which the SVG post-processing maps back to its card. */
export const participantId = (id: string) => safeId('p', id);

/** Sequence settings that keep six participants inside a 720 px column. */
export const sequenceLayout = {
  actorWidth: 124,
  actorHeight: 58,
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

/** The chain's diagram: Mermaid source (rendered at build time) and numbered steps as text. */
export function chainDiagram(chain: Chain): Diagram {
  const byId = new Map(chain.participants.map((p) => [p.id, p]));
  const relations: TextRelation[] = chain.steps.map((step, index) => {
    const from = byId.get(step.from)!;
    const to = byId.get(step.to)!;
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

/** Participant id → card id, for turning actor boxes into links. */
export function participantCards(chain: Chain): Record<string, string> {
  return Object.fromEntries(chain.participants.filter((p) => p.card).map((p) => [participantId(p.id), p.card!]));
}

export { escapeLabel };
