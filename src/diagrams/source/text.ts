/**
 * The structured text equivalent of a diagram: what pages render as a list or
 * table next to the SVG, and what search indexes (SVG text is not indexed).
 */
import { t } from '../../i18n/index.ts';
import type { RelationType } from '../../model/schema.ts';

export interface TextItem {
  /** Card id when the item is a card (pages link it). */
  card?: string;
  /** Display text, e.g. `runc（低级容器运行时）`. */
  text: string;
  /** The card a card diagram is about. */
  focus?: boolean;
}

export interface TextGroup {
  /** Layer id, or `participants` for call chains. */
  id: string;
  heading: string;
  /** Parent group (容器运行时) of a layer. */
  group?: string;
  /** Drawn beside the stack (for comparison only). */
  aside?: boolean;
  items: TextItem[];
}

export interface TextRelation {
  /** Display names. */
  from: string;
  to: string;
  /** Card ids of both ends, when they are cards. */
  fromCard?: string;
  toCard?: string;
  /** Relation type (atlas relations only). */
  type?: RelationType;
  /** Interface card name (CRI, OCI…). */
  via?: string;
  label?: string;
  since?: string;
  until?: string;
  historical?: boolean;
  /** A relation of the focus card in a card diagram; a return message in a chain. */
  emphasis?: boolean;
  reply?: boolean;
  /** Branch label for alternative paths in a chain. */
  branch?: string;
  /** One-line form: `containerd —使用/OCI→ runc（自 …）`, or a numbered chain step. */
  line: string;
}

export interface DiagramText {
  kind: 'stack' | 'card' | 'chain';
  /** Heading for the relation list (关系 / 调用步骤). */
  relationsHeading: string;
  groups: TextGroup[];
  relations: TextRelation[];
}

/** Flattens a text equivalent into plain lines (for search indexes, .txt, alt text). */
export function textToLines(text: DiagramText): string[] {
  const lines: string[] = [];
  for (const group of text.groups) {
    const head = group.group ? `${group.group} › ${group.heading}` : group.heading;
    lines.push(`${head}：${group.items.map((i) => i.text).join('、') || t('diagram.none')}`);
  }
  if (text.relations.length) {
    lines.push(`${text.relationsHeading}：`);
    for (const relation of text.relations) lines.push(relation.line);
  }
  return lines;
}
