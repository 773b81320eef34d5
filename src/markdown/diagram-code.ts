/**
 * remark plugin: a code block drawn with box-drawing characters or arrows (an ASCII call
 * chain such as `kubelet ──CRI──▶ containerd ──▶ runc`) keeps its lines whole and scrolls
 * inside itself instead of wrapping. Every other block still wraps (the site default in
 * ec.config.mjs), and an author's own `wrap` setting in the fence wins.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';

/** Box drawing (U+2500–257F), arrows (U+2190–21FF) and the triangles used as arrowheads. */
const drawing = /[\u2500-\u257f\u2190-\u21ff\u25b2-\u25c4]/u;

/** True when some line of the block is a drawing: it has box-drawing characters or arrows. */
export function isTextDrawing(code: string): boolean {
  return code.split('\n').some((line) => drawing.test(line));
}

export const remarkDiagramCode: Plugin<[], Root> = () => (tree) => {
  visit(tree, 'code', (node) => {
    if (node.lang && !['text', 'txt', 'plain', 'plaintext'].includes(node.lang)) return;
    if (/\bwrap\b/.test(node.meta ?? '') || !isTextDrawing(node.value)) return;
    node.meta = `${node.meta ?? ''} wrap=false`.trim();
  });
};
