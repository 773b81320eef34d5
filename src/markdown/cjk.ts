/**
 * CJK-friendly emphasis and strikethrough. CommonMark does not close `**` when
 * the inner side is punctuation and the outer side is a Han character, so
 * `这些**<u>冗余执行</u>**。` or `**共享内核（Namespaces，Cgroups等）**——` would print
 * literal asterisks; remark-cjk-friendly relaxes exactly that rule.
 */
import type { Delete, Parent, PhrasingContent, Root } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyGfmStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import { SKIP, visit } from 'unist-util-visit';
import { mergeText } from './directives.ts';
import type { Plugin } from 'unified';

/**
 * Remark plugin: a strikethrough written with single tildes becomes text again.
 * Chinese prose writes ranges as `1~3 天`; GFM (which Astro enables without
 * options, so `singleTilde: false` cannot be passed) would strike `3 天，5`.
 */
export const remarkSingleTildeAsText: Plugin<[], Root> = function () {
  return (tree, file) => {
    const source = file.value === undefined ? undefined : String(file.value);
    if (source === undefined) return;
    visit(tree, 'delete', (node: Delete, index, parent: Parent | undefined) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (!parent || index === undefined || start === undefined || end === undefined) return;
      if (source[start + 1] === '~') return; // `~~double~~`: a real strikethrough
      const children: PhrasingContent[] = [
        { type: 'text', value: source.slice(start, start + 1) },
        ...node.children,
        { type: 'text', value: source.slice(end - 1, end) },
      ];
      parent.children.splice(index, 1, ...children);
      mergeText(parent);
      return [SKIP, 0];
    });
  };
};

/** CJK plugins in the order they must run (after remark-gfm, which Astro adds first). */
export const cjkPlugins = [remarkCjkFriendly, remarkCjkFriendlyGfmStrikethrough, remarkSingleTildeAsText] as const;

/** The upstream plugins, for callers that build their own list. */
export { remarkCjkFriendly, remarkCjkFriendlyGfmStrikethrough };
