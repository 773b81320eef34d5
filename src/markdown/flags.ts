/** Markers that one plugin leaves on mdast nodes for a later plugin to respect. */
import type { Node } from 'unist';

interface Flagged {
  data?: { noAutoLink?: boolean } & Record<string, unknown>;
}

/** Marks a node whose text must never be auto-linked (admonition titles, spoilers). */
export function markNoAutoLink<T extends Node>(node: T): T {
  const flagged = node as T & Flagged;
  flagged.data = { ...flagged.data, noAutoLink: true };
  return node;
}

/** True when `markNoAutoLink` was applied to the node. */
export function isNoAutoLink(node: Node): boolean {
  return (node as Node & Flagged).data?.noAutoLink === true;
}
