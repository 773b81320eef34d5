/**
 * `:spoiler[答案]` → `<span class="spoiler" tabindex="0">`: hidden by CSS until
 * hover or keyboard focus (tabindex makes it reachable without a mouse). The
 * text stays in the DOM, so screen readers and search still get it.
 */
import type { Nodes, Root } from 'mdast';
import type {} from 'remark-directive';
import { visit } from 'unist-util-visit';
import { markNoAutoLink } from './flags.ts';
import type { Plugin } from 'unified';
import { t } from '../i18n/index.ts';

type TextDirective = Extract<Nodes, { type: 'textDirective' }>;

/** Remark plugin for `:spoiler[...]`; a label-less `:spoiler` is left for the literal-text fallback. */
export const remarkSpoiler: Plugin<[], Root> = function () {
  return (tree) => {
    visit(tree, 'textDirective', (node: TextDirective) => {
      if (node.name !== 'spoiler' || node.children.length === 0) return;
      // Links inside hidden text would show their underline through the blur; keep auto-links out.
      markNoAutoLink(node);
      node.data = {
        ...node.data,
        hName: 'span',
        hProperties: { className: ['spoiler'], tabIndex: 0, title: t('spoiler.hint') },
      };
    });
  };
};
