/**
 * remark plugin: an image next to the note (`![](./arch.png)`) that does not exist is
 * refused at its line. Astro would otherwise turn the path into an import of a missing
 * file, which in `astro dev` breaks every page, not only this note. An image outside the
 * content folder (`../../../usr/share/x.png`, or a symbolic link leading out) is refused
 * too: Astro would publish any file of the build machine.
 */
import { existsSync } from 'node:fs';
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import { fail, pointInText } from './errors.ts';
import { insideFolder, localFileTarget } from '../model/content-files.ts';

export const remarkLocalImages: Plugin<[{ contentDir?: string }?], Root> = function (options = {}) {
  return (tree, file) => {
    if (!file.path) return;
    const text = String(file.value ?? '');
    const check = (url: string, node: { position?: import('unist').Position }) => {
      const target = localFileTarget(url, file.path);
      if (!target) return;
      const outside = options.contentDir !== undefined && !insideFolder(options.contentDir, target);
      if (!outside && existsSync(target)) return;
      const start = node.position?.start;
      const source = start?.offset !== undefined ? text.slice(start.offset, node.position!.end.offset) : '';
      const at = source.indexOf(url);
      fail(
        file,
        at >= 0 ? pointInText(start, source, at) : node.position,
        outside
          ? `image ${url} is outside the content folder (content may only use files inside it)`
          : `image ${url} not found (no such file next to the note)`,
        outside ? 'image-outside-content' : 'missing-image',
      );
    };
    visit(tree, 'image', (node) => check(node.url, node));
    visit(tree, 'definition', (node) => {
      // only definitions that an image reference uses are images
      if (/\.(?:png|jpe?g|gif|webp|avif|svg)$/i.test(node.url.replace(/[?#].*$/, ''))) check(node.url, node);
    });
  };
};
