/**
 * Fuwari admonitions (`:::note[自定义标题]` … `:::`) and GitHub alerts (`> [!NOTE]`)
 * rendered as `<aside class="admonition admonition-note" role="note">` with a
 * `<p class="admonition-title">` first child. No icons: the look is pure CSS
 * (see markdown.css), so the HTML stays readable in feeds and search snippets.
 */
import type { Nodes, Paragraph, PhrasingContent, Root } from 'mdast';
import type {} from 'remark-directive';
import { visit } from 'unist-util-visit';
import { markNoAutoLink } from './flags.ts';
import type { Plugin } from 'unified';
import { t } from '../i18n/index.ts';

/** Admonition types, in the order Fuwari documents them. */
export const admonitionTypes = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type AdmonitionType = (typeof admonitionTypes)[number];

type ContainerDirective = Extract<Nodes, { type: 'containerDirective' }>;

/** GitHub alert type → our directive name. The package's default maps IMPORTANT/CAUTION to Docusaurus names (info/danger). */
export const githubAlertMapping = {
  NOTE: 'note',
  TIP: 'tip',
  IMPORTANT: 'important',
  WARNING: 'warning',
  CAUTION: 'caution',
} as const satisfies Record<string, AdmonitionType>;

/** Options of remarkAdmonitions. */
export interface AdmonitionOptions {
  /** Override default titles (e.g. for another language). */
  titles?: Partial<Record<AdmonitionType, string>> | undefined;
}

/** Default titles from the dictionary (备注, 提示, 重要, 警告, 注意). */
function defaultTitles(): Record<AdmonitionType, string> {
  return Object.fromEntries(admonitionTypes.map((type) => [type, t(`admonition.${type}`)])) as Record<
    AdmonitionType,
    string
  >;
}

function isAdmonitionType(name: string): name is AdmonitionType {
  return (admonitionTypes as readonly string[]).includes(name);
}

/** Remark plugin rendering note/tip/important/warning/caution container directives as asides. */
export const remarkAdmonitions: Plugin<[AdmonitionOptions?], Root> = function (options = {}) {
  const titles = { ...defaultTitles(), ...options.titles };
  return (tree) => {
    visit(tree, 'containerDirective', (node: ContainerDirective) => {
      // Fuwari writes the type in lower case; accept `:::NOTE` too rather than fail on case.
      const type = node.name.toLowerCase();
      if (!isAdmonitionType(type)) return;

      // remark-directive puts the `[label]` in a first paragraph flagged directiveLabel.
      const first = node.children[0];
      const label = first?.type === 'paragraph' && first.data?.directiveLabel ? first : undefined;
      const titleChildren: PhrasingContent[] = label?.children.length
        ? label.children
        : [{ type: 'text', value: titles[type] }];
      const title: Paragraph = markNoAutoLink({
        type: 'paragraph',
        children: titleChildren,
        data: { hName: 'p', hProperties: { className: ['admonition-title'] } },
        position: label?.position,
      });

      node.children = [title, ...node.children.slice(label ? 1 : 0)];
      node.data = {
        ...node.data,
        hName: 'aside',
        hProperties: { className: ['admonition', `admonition-${type}`], role: 'note' },
      };
    });
  };
};
