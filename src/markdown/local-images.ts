/**
 * remark plugin: an image next to the note (`![](./arch.png)`) that does not exist is
 * refused at its line. Astro would otherwise turn the path into an import of a missing
 * file, which in `astro dev` breaks every page, not only this note.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import { fail, pointInText } from './errors.ts';

/** The local file an image URL names, or undefined for URLs, site paths and data. */
export function localImageTarget(url: string, fromFile: string): string | undefined {
  if (!url || /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(url)) return undefined;
  const bare = url.replace(/[?#].*$/, '');
  let decoded = bare;
  try {
    decoded = decodeURI(bare);
  } catch {
    // keep it as written
  }
  return path.resolve(path.dirname(fromFile), decoded);
}

export const remarkLocalImages: Plugin<[], Root> = function () {
  return (tree, file) => {
    if (!file.path) return;
    const text = String(file.value ?? '');
    const check = (url: string, node: { position?: import('unist').Position }) => {
      const target = localImageTarget(url, file.path);
      if (!target || existsSync(target)) return;
      const start = node.position?.start;
      const source = start?.offset !== undefined ? text.slice(start.offset, node.position!.end.offset) : '';
      const at = source.indexOf(url);
      fail(
        file,
        at >= 0 ? pointInText(start, source, at) : node.position,
        `image ${url} not found (no such file next to the note)`,
        'missing-image',
      );
    };
    visit(tree, 'image', (node) => check(node.url, node));
    visit(tree, 'definition', (node) => {
      // only definitions that an image reference uses are images
      if (/\.(?:png|jpe?g|gif|webp|avif|svg)$/i.test(node.url.replace(/[?#].*$/, ''))) check(node.url, node);
    });
  };
};
