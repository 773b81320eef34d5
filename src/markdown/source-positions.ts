/**
 * rehype plugin: stamps every link and image written in the source with where it
 * was written (`data-sa-src="content/notes/x.md:98"`), so that the link check,
 * which reads the finished pages, can name the file line of a broken link instead
 * of the page it ended up on. The stamps live in the HTML Astro caches, so they
 * survive incremental builds; the post-build step removes them from the output.
 */
import type { Root } from 'hast';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import { displayPath, frontmatterLineOffset } from './errors.ts';

/** The attribute carrying the source position (removed from the published pages). */
export const SOURCE_ATTRIBUTE = 'data-sa-src';

/** Elements whose URL the link check follows. */
const LINKING: Record<string, string> = { a: 'href', img: 'src' };

export const rehypeSourcePositions: Plugin<[], Root> = function () {
  return (tree, file) => {
    if (!file.path) return;
    const where = displayPath(file);
    let offset: number | undefined;
    visit(tree, 'element', (node) => {
      const attribute = LINKING[node.tagName];
      if (!attribute || node.properties[attribute] === undefined || !node.position) return;
      // Read the file (for the frontmatter offset) once, and only when there is a link to stamp.
      offset ??= frontmatterLineOffset(file);
      node.properties.dataSaSrc = `${where}:${node.position.start.line + offset}`;
    });
  };
};
