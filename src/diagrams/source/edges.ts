/**
 * "True by construction", checked: every edge a diagram draws must be a relation
 * of the model read in the same direction with the relation's own label. Used by
 * the unit tests over the SVGs (data-from/data-to/data-rel) and over Mermaid
 * flowchart sources (`a -->|"label"| b`), including the .mmd exports.
 */
import { relationLabel } from '../../i18n/index.ts';
import { relationTypes, type RelationType } from '../../model/schema.ts';
import type { Atlas } from '../../model/types.ts';

export interface EdgeClaim {
  /** Card ids as drawn: the arrow goes from `from` to `to`. */
  from: string;
  to: string;
  /** Relation types (SVG data-rel) or the drawn label (Mermaid). */
  types?: RelationType[];
  label?: string;
}

/** Problems with one drawn edge; empty when it says what the model says. */
export function checkEdge(atlas: Pick<Atlas, 'edges'>, claim: EdgeClaim): string[] {
  const forward = atlas.edges.filter((e) => e.from === claim.from && e.to === claim.to);
  const backward = atlas.edges.filter((e) => e.from === claim.to && e.to === claim.from);
  const where = `${claim.from} → ${claim.to}${claim.label ? ` "${claim.label}"` : ''}`;
  if (!forward.length) {
    return [
      backward.length
        ? `${where}: drawn backwards (the model says ${claim.to} ${backward.map((e) => e.type).join('/')} ${claim.from})`
        : `${where}: no such relation in the model`,
    ];
  }
  const problems: string[] = [];
  for (const type of claim.types ?? []) {
    if (!forward.some((e) => e.type === type))
      problems.push(`${where}: type ${type} is not a relation ${claim.from} → ${claim.to}`);
  }
  if (claim.label !== undefined) {
    const words = forward.map((e) => relationLabel(e.type));
    const passive = relationTypes.map((type) => relationLabel(type, 'passive'));
    if (!words.some((word) => claim.label!.startsWith(word))) {
      problems.push(
        passive.some((p) => claim.label!.startsWith(p))
          ? `${where}: passive label on a forward arrow`
          : `${where}: label does not start with ${words.map((w) => `"${w}"`).join(' or ')}`,
      );
    }
  }
  return problems;
}

const decode = (text: string) =>
  text.replace(
    /#(quot|amp|lt|gt|35|59|96|124);/g,
    (_, name: string) =>
      ({ quot: '"', amp: '&', lt: '<', gt: '>', '35': '#', '59': ';', '96': '`', '124': '|' })[name]!,
  );

/**
 * Labelled edges of a Mermaid flowchart source, node ids mapped to card ids by
 * `cardOf` (our generators write `card_<id with - as _>`; older sources used the
 * card id itself). Invisible links (`~~~`) are layout only and skipped.
 */
export function mermaidEdges(source: string, cardOf: (nodeId: string) => string | undefined): EdgeClaim[] {
  const claims: EdgeClaim[] = [];
  const edge =
    /^\s*([A-Za-z0-9_-]+)\s+(?:[A-Za-z0-9_]+@)?(-->|-\.->|==>|-\.-|---)\s*(?:\|"?(.*?)"?\|)?\s*([A-Za-z0-9_-]+)\s*$/;
  for (const line of source.split('\n')) {
    const match = edge.exec(line);
    if (!match) continue;
    const from = cardOf(match[1]!);
    const to = cardOf(match[4]!);
    if (!from || !to) continue;
    claims.push({ from, to, ...(match[3] ? { label: decode(match[3]).split('<br/>').join('') } : {}) });
  }
  return claims;
}

/** Edges drawn in one of our SVGs, from their data attributes. */
export function svgEdges(svg: string): EdgeClaim[] {
  const claims: EdgeClaim[] = [];
  for (const match of svg.matchAll(/data-from="([^"]+)" data-to="([^"]+)" data-rel="([^"]+)"/g)) {
    claims.push({ from: match[1]!, to: match[2]!, types: match[3]!.split(' ') as RelationType[] });
  }
  return claims;
}
