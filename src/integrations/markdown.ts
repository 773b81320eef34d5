/**
 * The Markdown processor settings of the site: our remark/rehype plugins with the
 * build's atlas and diagram renderer. Shared by stackAtlas() and the tests that
 * render notes the way a build does.
 */
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
import type { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { t } from '../i18n/index.ts';
import { markdownPlugins } from '../markdown/index.ts';
import { rehypeMermaidFences } from '../markdown/mermaid-fences.ts';
import type { Atlas } from '../model/types.ts';

export interface MarkdownSettings {
  remarkPlugins: RemarkPlugins;
  rehypePlugins: RehypePlugins;
  smartypants: false;
  remarkRehype: { footnoteLabel: string; footnoteBackLabel: string };
}

export function markdownSettings(options: {
  atlas: Atlas;
  notes: string[];
  base: string;
  renderer: DiagramRenderer;
}): MarkdownSettings {
  const plugins = markdownPlugins({ atlas: options.atlas, notes: options.notes, base: options.base });
  return {
    remarkPlugins: plugins.remarkPlugins,
    // Mermaid fences become SVG before anything else looks at code blocks.
    rehypePlugins: [[rehypeMermaidFences, { renderer: options.renderer }], ...plugins.rehypePlugins],
    // SmartyPants would turn the note's 程序-->操作系统 into 程序—>操作系统.
    smartypants: false,
    remarkRehype: { footnoteLabel: t('markdown.footnotes'), footnoteBackLabel: t('markdown.footnoteBack') },
  };
}
