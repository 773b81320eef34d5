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
  /** What this variant shows, where it differs from the diagram's description (left/right vs above/below). */
  description?: string;
}

export interface Diagram {
  /** Stable ASCII name: `stack`, `card-<id>`, `chain-<id>`; files are /diagrams/<name>.svg and .mmd. */
  name: string;
  kind: DiagramKind;
  /** Card id of a card diagram. */
  card?: string;
  title: string;
  description: string;
  /** Mermaid source: rendered at build time for the wide form of chains, an export for wikis for the others. */
  mermaid: string;
  /**
   * SVG drawn from our own layout: `narrow` (340 px) for phones and narrow wiki columns,
   * always; `wide` fits a 720 px column (stack, card). A chain's wide form is its Mermaid rendering.
   */
  layout: { wide?: LaidOut; narrow: LaidOut };
  /** Structured text equivalent (rendered as a list next to the SVG; search indexes it). */
  text: DiagramText;
  /** The relations the picture draws, subject → object. */
  edges: DrawnEdge[];
}

/** Where links in generated diagrams point: the deployed base path, e.g. `/` or `/stack-atlas/`. */
export interface LinkOptions {
  base: string;
}
