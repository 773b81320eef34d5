/**
 * The Markdown processor settings of the site: our remark/rehype plugins with the
 * build's atlas and diagram renderer. Shared by stackAtlas() and the tests that
 * render notes the way a build does.
 *
 * In `astro dev` the processor is made once, but cards, aliases and notes change while
 * it runs: with `current`, the plugins that know the atlas or the notes (wiki links,
 * auto-links, correction markers, links between notes) read the content of the moment
 * for every file they render (see livePlugin), so nothing waits for a restart.
 */
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
import type { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { t } from '../i18n/index.ts';
import { markdownPlugins } from '../markdown/index.ts';
import { rehypeContentSecurity } from '../markdown/content-security.ts';
import { remarkLocalImages } from '../markdown/local-images.ts';
import { remarkMdxBoundary } from '../markdown/mdx-boundary.ts';
import { rehypeMermaidFences } from '../markdown/mermaid-fences.ts';
import { rehypeSourcePositions } from '../markdown/source-positions.ts';
import { remarkAutoLink } from '../markdown/auto-link.ts';
import { remarkWikiLinks } from '../markdown/wiki-links.ts';
import type { Atlas } from '../model/types.ts';
import { noteSlips } from '../model/note-slips.ts';
import { noteSlug } from '../model/validate-notes.ts';
import { rehypeNoteSlips } from '../markdown/note-slips.ts';
import { rehypeNoteLinks } from '../markdown/note-links.ts';
import { rehypeVideoEmbeds } from '../markdown/video-embeds.ts';
import path from 'node:path';
import type { Plugin, Processor } from 'unified';
import type { VFile } from 'vfile';

export interface MarkdownSettings {
  remarkPlugins: RemarkPlugins;
  rehypePlugins: RehypePlugins;
  smartypants: false;
  remarkRehype: { footnoteLabel: string; footnoteBackLabel: string };
}

/** What the content-aware plugins read: the atlas and every note with its file, slug and body. */
export interface MarkdownContent {
  atlas: Atlas;
  /** Every note with its file (relative to notesDir), slug and Markdown body (wiki links, the note slips). */
  notes: { file?: string; slug: string; body: string }[];
}

export function markdownSettings(options: {
  atlas: Atlas;
  notes: MarkdownContent['notes'];
  /**
   * The content of the moment (dev: after every edit). When given, it replaces `atlas`
   * and `notes` for each file rendered; return the same object while nothing changed.
   */
  current?: () => MarkdownContent;
  /** Absolute path of the notes folder, to tell which file is which note. */
  notesDir: string;
  base: string;
  renderer: DiagramRenderer;
  /** See StackAtlasOptions.trustedMdx. */
  trustedMdx?: boolean;
}): MarkdownSettings {
  const initial: MarkdownContent = { atlas: options.atlas, notes: options.notes };
  const current = options.current ?? (() => initial);
  const lists = memoLast((content: MarkdownContent) => contentPlugins(content, options.notesDir, options.base));
  // (typed `never` so it fits both the remark and the rehype list: it stands for either kind)
  const live = (key: keyof ContentPlugins): never => livePlugin(() => lists(current())[key]) as never;
  return {
    // MDX's code is checked before any other plugin sees (or changes) the tree; a missing
    // local image is refused before Astro turns it into an import (which would break every page)
    remarkPlugins: [
      [remarkMdxBoundary, { trusted: options.trustedMdx ?? false }],
      [remarkLocalImages, { contentDir: path.dirname(options.notesDir) }],
      ...markdownPlugins({ atlas: options.atlas, notes: [], base: options.base }).remarkPlugins.map((entry) =>
        pluginOf(entry) === remarkWikiLinks
          ? live('wikiLinks')
          : pluginOf(entry) === remarkAutoLink
            ? live('autoLink')
            : entry,
      ),
    ],
    // Scripts and unsafe URLs are refused first, on what the author wrote (the diagrams added
    // next are the renderer's, already sanitised); the video embeds it let through become
    // click-to-load players; Mermaid fences become SVG before anything else looks at code
    // blocks; source positions are stamped last, on the final links.
    rehypePlugins: [
      rehypeContentSecurity,
      rehypeVideoEmbeds,
      [rehypeMermaidFences, { renderer: options.renderer }],
      ...markdownPlugins({ notes: [], base: options.base }).rehypePlugins,
      live('noteSlips'),
      live('noteLinks'),
      rehypeSourcePositions,
    ],
    // SmartyPants would turn the note's 程序-->操作系统 into 程序—>操作系统.
    smartypants: false,
    remarkRehype: { footnoteLabel: t('markdown.footnotes'), footnoteBackLabel: t('markdown.footnoteBack') },
  };
}

const keys = new WeakMap<object, string>();
/**
 * What the Markdown plugins use of some content (card ids, names, aliases and remarks;
 * note files, slugs and titles) as a string: equal strings render every entry alike.
 */
export function markdownKey(content: {
  atlas: Pick<Atlas, 'cards'>;
  noteFiles: { file: string; slug: string; data: { title: string } }[];
}): string {
  let key = keys.get(content);
  if (key === undefined) {
    key = JSON.stringify([
      content.atlas.cards.map((card) => [card.id, card.name, card.aliases, card.remarks]),
      content.noteFiles.map((note) => [note.file, note.slug, note.data.title]),
    ]);
    keys.set(content, key);
  }
  return key;
}

type PluginEntry = readonly [Plugin<never[]>, ...unknown[]];

interface ContentPlugins {
  wikiLinks: PluginEntry;
  autoLink: PluginEntry;
  noteSlips: PluginEntry;
  noteLinks: PluginEntry;
}

/** The plugins that know the content, with their options for one version of it. */
function contentPlugins(content: MarkdownContent, notesDir: string, base: string): ContentPlugins {
  const { remarkPlugins } = markdownPlugins({ atlas: content.atlas, notes: content.notes.map((n) => n.slug), base });
  const find = (plugin: unknown) => remarkPlugins.find((entry) => pluginOf(entry) === plugin) as PluginEntry;
  const slips = noteSlips(content.atlas, content.notes, base);
  // the slug the note is published under: a frontmatter `slug:` wins over the file name
  const slugByFile = new Map(content.notes.filter((n) => n.file).map((n) => [n.file!, n.slug]));
  const slugOf = (file: VFile) => {
    const rel = file.path ? path.relative(notesDir, file.path) : '..';
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const posix = rel.split(path.sep).join('/');
    return slugByFile.get(posix) ?? noteSlug(posix);
  };
  return {
    wikiLinks: find(remarkWikiLinks),
    autoLink: find(remarkAutoLink),
    noteSlips: [rehypeNoteSlips as Plugin<never[]>, { slips, slugOf }],
    noteLinks: [rehypeNoteLinks as Plugin<never[]>, { notesDir, slugByFile, base }],
  };
}

function pluginOf(entry: unknown): unknown {
  return Array.isArray(entry) ? entry[0] : entry;
}

/** The last result of `make`, made again only when its argument is another object. */
function memoLast<A extends object, R>(make: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; result: R } | undefined;
  return (arg) => {
    if (last?.arg !== arg) last = { arg, result: make(arg) };
    return last.result;
  };
}

type Transformer = (tree: unknown, file: VFile) => unknown;

/**
 * A plugin standing for another whose options follow the content: for each file it
 * asks for the current entry and attaches that plugin again when the entry changed.
 * Only for plugins that register nothing on the processor (no parser or compiler extensions).
 * A new function each time: unified merges the options of a plugin used twice.
 */
export function livePlugin(entryOf: () => PluginEntry): Plugin {
  return function (this: Processor) {
    let attached: { entry: PluginEntry; transform: Transformer | undefined } | undefined;
    return (tree: unknown, file: VFile) => {
      const entry = entryOf();
      if (attached?.entry !== entry) {
        const [plugin, ...args] = entry;
        attached = {
          entry,
          transform: (plugin as (...a: unknown[]) => Transformer | undefined).apply(this, args),
        };
      }
      return attached.transform?.(tree, file);
    };
  } as Plugin;
}
