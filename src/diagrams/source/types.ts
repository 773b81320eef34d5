/** Shapes shared by the diagram generators and the pages that show them. */
import type { Edge } from '../../model/types.ts';
import type { DiagramText } from './text.ts';

export type DiagramKind = 'stack' | 'card' | 'chain';

/** A relation as drawn: its subject and object in drawing order, checked against the model by tests. */
export type DrawnEdge = Pick<Edge, 'from' | 'to' | 'type'> & { label: string };

/** One laid-out variant of a diagram (already SVG; no browser needed). */
export interface LaidOut {
  svg: string;
  width: number;
  height: number;
}

export interface Diagram {
  /** Stable ASCII name: `stack`, `card-<id>`, `chain-<id>`; files are /diagrams/<name>.svg and .mmd. */
  name: string;
  kind: DiagramKind;
  /** Card id of a card diagram. */
  card?: string;
  title: string;
  description: string;
  /** Mermaid source: rendered by the browser for chains, an export for wikis for the others. */
  mermaid: string;
  /** SVG drawn from our own layout (stack, card): `wide` fits a 720 px column, `narrow` a phone. */
  layout?: { wide: LaidOut; narrow: LaidOut };
  /** Structured text equivalent (rendered as a list next to the SVG; search indexes it). */
  text: DiagramText;
  /** The relations the picture draws, subject → object. */
  edges: DrawnEdge[];
}

/** Where links in generated diagrams point: the deployed base path, e.g. `/` or `/stack-atlas/`. */
export interface LinkOptions {
  base: string;
}
