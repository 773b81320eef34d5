/**
 * Heading clean-up for pages whose layout prints the title as the only h1:
 * a body h1 repeating the title is removed, any other h1 becomes h2; then every
 * h2–h4 with an id gets a visible self-link anchor appended.
 */
import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { s } from 'hastscript';
import rehypeAutolinkHeadings, { type Options as AutolinkOptions } from 'rehype-autolink-headings';
import type { VFile } from 'vfile';
import { t } from '../i18n/index.ts';
import type { Plugin } from 'unified';

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The title the layout prints: a note's `title`, or a card's `name` (cards have no title field). */
function pageTitle(file: VFile): string | undefined {
  const frontmatter = (file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
  const title = frontmatter?.title ?? frontmatter?.name;
  return typeof title === 'string' ? normalise(title) : undefined;
}

/** Rehype plugin: drop the first body h1 equal to the page title (or a leading h1 when there is no title), demote other h1 to h2. */
export const rehypeSingleH1: Plugin<[], Root> = function () {
  return (tree, file) => {
    const title = pageTitle(file);
    let removed = false;
    let seenBlock = false;
    const walk = (parent: Root | Element): void => {
      const kept: RootContent[] = [];
      let dropNewline = false;
      for (const child of parent.children as RootContent[]) {
        // remark-rehype puts a "\n" text between blocks; drop the one after a removed h1.
        if (dropNewline && child.type === 'text' && !child.value.trim()) {
          dropNewline = false;
          continue;
        }
        dropNewline = false;
        if (child.type === 'element' && child.tagName === 'h1') {
          // Without a frontmatter title (an example's README.md), a leading h1 is the
          // document's own title, which the page already prints.
          const leadingTitle = title === undefined && parent.type === 'root' && !seenBlock;
          if (!removed && (leadingTitle || (title !== undefined && normalise(toString(child)) === title))) {
            removed = true;
            dropNewline = true;
            continue;
          }
          child.tagName = 'h2';
        }
        if (child.type === 'element') {
          if (parent.type === 'root') seenBlock = true;
          walk(child);
        }
        kept.push(child);
      }
      parent.children = kept as typeof parent.children;
    };
    walk(tree);
  };
};

/**
 * Hash glyph drawn as SVG paths, not a "#" text node: Astro collects heading text
 * (for the table of contents) from text nodes after our plugins run, and a "#"
 * there would show up in every TOC entry.
 */
function anchorIcon(): ElementContent {
  return s(
    'svg.heading-anchor-icon',
    { viewBox: '0 0 16 16', width: '0.8em', height: '0.8em', ariaHidden: 'true', focusable: 'false' },
    [
      s('path', {
        d: 'M6.5 1.5 5 14.5M11 1.5 9.5 14.5M2 5.5h12.5M1.5 10.5H14',
        fill: 'none',
        stroke: 'currentColor',
        strokeWidth: '1.6',
        strokeLinecap: 'round',
      }),
    ],
  ) as ElementContent;
}

/** A heading that already holds a link would nest anchors (invalid HTML), so it gets none. */
function hasLink(node: Element): boolean {
  return node.children.some((child) => child.type === 'element' && (child.tagName === 'a' || hasLink(child)));
}

/** Options for rehype-autolink-headings: `<a class="heading-anchor" href="#id" aria-label="本节链接：…">` appended to h2–h4. */
export function headingAnchorOptions(): AutolinkOptions {
  return {
    behavior: 'append',
    test: (node: Element) => ['h2', 'h3', 'h4'].includes(node.tagName) && !hasLink(node),
    // Explicit properties replace the plugin's default aria-hidden/tabindex=-1, which would
    // make the anchor unreachable by keyboard and invisible to screen readers.
    properties: (node: Readonly<Element>) => ({
      className: ['heading-anchor'],
      ariaLabel: t('heading.anchorLabel', { heading: normalise(toString(node as Element)) }),
    }),
    content: anchorIcon(),
  };
}

/**
 * Rehype plugin for the whole heading step. Astro adds heading ids only after all
 * user rehype plugins, so we run Astro's own rehypeHeadingIds first (same slugger,
 * same ids, Han characters kept); Astro's later pass keeps ids that already exist.
 */
export const rehypeHeadings: Plugin<[], Root> = function () {
  // The three steps are synchronous transformers, run in this order on the same tree.
  const steps = [
    rehypeSingleH1.call(this),
    (rehypeHeadingIds as Plugin<[], Root>).call(this),
    (rehypeAutolinkHeadings as Plugin<[AutolinkOptions], Root>).call(this, headingAnchorOptions()),
  ] as ((tree: Root, file: VFile) => void)[];
  return (tree, file) => {
    for (const step of steps) step(tree, file);
  };
};
