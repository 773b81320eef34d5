/**
 * rehype plugin: links between notes written as file paths, the way blog templates such
 * as Fuwari's are written (`./cilium-rollout.md`, `../guide/index.md#setup`, `/guide.md`,
 * `/guide`, `./cilium-rollout`), point at the note's published URL. Only a path that names another
 * note file is rewritten; anything else is left for the link check, which reports a
 * broken one with its line.
 */
import type { Root } from 'hast';
import path from 'node:path';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import { must } from '../model/lookup.ts';
import { paths, withBase } from '../model/urls.ts';

export interface NoteLinkOptions {
  /** Absolute path of the notes folder. */
  notesDir: string;
  /** Note file (relative to notesDir, `/` separators) → slug. */
  slugByFile: ReadonlyMap<string, string>;
  base: string;
}

/** The note file a link names, relative to the notes folder, or undefined. */
export function linkedNoteFile(
  href: string,
  fromFile: string,
  files: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): { file: string; fragment: string } | undefined {
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href)) return undefined;
  const [rawPath = '', ...rest] = href.split('#');
  const fragment = rest.join('#');
  let target: string;
  try {
    target = decodeURIComponent(rawPath.split('?')[0]!);
  } catch {
    return undefined;
  }
  // A root-relative path (from the notes folder) is a site URL unless it names a note file:
  // `/guide.md`, `/guide/index.md`, or `/guide` when guide.md or guide/index.md exists. A
  // trailing slash (`/guide/`) is always a site URL: that is how page URLs are written.
  if (!target || (target.startsWith('/') && target.endsWith('/'))) return undefined;
  const resolved = target.startsWith('/')
    ? path.posix.normalize(target.slice(1))
    : path.posix.join(path.posix.dirname(fromFile), target);
  if (resolved.startsWith('..')) return undefined;
  const stem = resolved.replace(/\/$/, '');
  const candidates = /\.mdx?$/.test(stem)
    ? [stem]
    : [`${stem}.md`, `${stem}.mdx`, `${stem}/index.md`, `${stem}/index.mdx`];
  const file = candidates.find((c) => files.has(c));
  return file ? { file, fragment } : undefined;
}

export const rehypeNoteLinks: Plugin<[NoteLinkOptions], Root> = function (options) {
  return (tree, file) => {
    if (!file.path) return;
    const from = path.relative(options.notesDir, file.path).split(path.sep).join('/');
    if (from.startsWith('..')) return;
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const found = linkedNoteFile(node.properties.href, from, options.slugByFile);
      if (!found) return;
      const slug = must(options.slugByFile, found.file, 'note file');
      node.properties.href = withBase(options.base, paths.note(slug, found.fragment || undefined));
    });
  };
};
