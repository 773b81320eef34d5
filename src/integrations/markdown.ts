/**
 * The Markdown processor settings of the site: our remark/rehype plugins with the
 * build's atlas and diagram renderer. Shared by stackAtlas() and the tests that
 * render notes the way a build does.
 */
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
import type { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { t } from '../i18n/index.ts';
import { markdownPlugins } from '../markdown/index.ts';
import { rehypeContentSecurity } from '../markdown/content-security.ts';
import { remarkMdxBoundary } from '../markdown/mdx-boundary.ts';
import { rehypeMermaidFences } from '../markdown/mermaid-fences.ts';
import { rehypeSourcePositions } from '../markdown/source-positions.ts';
import type { Atlas } from '../model/types.ts';
import { noteSlips } from '../model/note-slips.ts';
import { noteSlug } from '../model/validate-notes.ts';
import { rehypeNoteSlips } from '../markdown/note-slips.ts';
import { rehypeNoteLinks } from '../markdown/note-links.ts';
import { rehypeVideoEmbeds } from '../markdown/video-embeds.ts';
import path from 'node:path';
import type { VFile } from 'vfile';

export interface MarkdownSettings {
  remarkPlugins: RemarkPlugins;
  rehypePlugins: RehypePlugins;
  smartypants: false;
  remarkRehype: { footnoteLabel: string; footnoteBackLabel: string };
}

export function markdownSettings(options: {
  atlas: Atlas;
  /** Every note with its file (relative to notesDir), slug and Markdown body (wiki links, the note slips). */
  notes: { file?: string; slug: string; body: string }[];
  /** Absolute path of the notes folder, to tell which file is which note. */
  notesDir: string;
  base: string;
  renderer: DiagramRenderer;
  /** See StackAtlasOptions.trustedMdx. */
  trustedMdx?: boolean;
}): MarkdownSettings {
  const plugins = markdownPlugins({
    atlas: options.atlas,
    notes: options.notes.map((n) => n.slug),
    base: options.base,
  });
  const slips = noteSlips(options.atlas, options.notes, options.base);
  // the slug the note is published under: a frontmatter `slug:` wins over the file name
  const slugByFile = new Map(options.notes.filter((n) => n.file).map((n) => [n.file!, n.slug]));
  const slugOf = (file: VFile) => {
    const rel = file.path ? path.relative(options.notesDir, file.path) : '..';
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const posix = rel.split(path.sep).join('/');
    return slugByFile.get(posix) ?? noteSlug(posix);
  };
  return {
    // MDX's code is checked before any other plugin sees (or changes) the tree
    remarkPlugins: [[remarkMdxBoundary, { trusted: options.trustedMdx ?? false }], ...plugins.remarkPlugins],
    // Scripts and unsafe URLs are refused first, on what the author wrote (the diagrams added
    // next are the renderer's, already sanitised); the video embeds it let through become
    // click-to-load players; Mermaid fences become SVG before anything else looks at code
    // blocks; source positions are stamped last, on the final links.
    rehypePlugins: [
      rehypeContentSecurity,
      rehypeVideoEmbeds,
      [rehypeMermaidFences, { renderer: options.renderer }],
      ...plugins.rehypePlugins,
      [rehypeNoteSlips, { slips, slugOf }],
      [rehypeNoteLinks, { notesDir: options.notesDir, slugByFile, base: options.base }],
      rehypeSourcePositions,
    ],
    // SmartyPants would turn the note's 程序-->操作系统 into 程序—>操作系统.
    smartypants: false,
    remarkRehype: { footnoteLabel: t('markdown.footnotes'), footnoteBackLabel: t('markdown.footnoteBack') },
  };
}
