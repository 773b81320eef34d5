// @ts-check
import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import expressiveCode from 'astro-expressive-code';
import path from 'node:path';
import { SITE_URL, BASE_PATH, CONTENT_DIR } from './src/site.config.ts';
import { markdownPlugins } from './src/markdown/index.ts';
import { loadAtlas } from './src/model/load.ts';
import { listNoteFiles, noteSlug } from './src/model/validate-notes.ts';
import { validateContent } from './src/integrations/validate-content.ts';
import { urlContract } from './src/integrations/url-contract.ts';
import { securityHeaders } from './src/integrations/security-headers.ts';
import { diagramsIntegration } from './src/integrations/diagrams.ts';
import rehypeMermaidFences from './src/markdown/mermaid-fences.ts';

// Builds with their own cache (tests, benchmarks) also keep their own diagram manifest.
if (process.env.STACK_ATLAS_CACHE && !process.env.STACK_ATLAS_DIAGRAM_MANIFEST) {
  process.env.STACK_ATLAS_DIAGRAM_MANIFEST = path.resolve(process.env.STACK_ATLAS_CACHE, 'diagram-manifest.json');
}
import { atomicOutput } from './src/integrations/atomic-output.ts';
import { linkCheck } from './src/integrations/link-check.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { offline } from './src/integrations/offline.ts';

/** Cards for wiki links and auto-links; a broken card is reported by validateContent. */
function atlasOrUndefined() {
  try {
    return loadAtlas(CONTENT_DIR);
  } catch {
    return undefined;
  }
}

const markdown = markdownPlugins({
  atlas: atlasOrUndefined(),
  notes: listNoteFiles(path.join(CONTENT_DIR, 'notes')).map(noteSlug),
  base: BASE_PATH,
});

export default defineConfig({
  site: SITE_URL,
  base: BASE_PATH,
  // Tests build fixture sites side by side; each gets its own output and cache.
  outDir: process.env.STACK_ATLAS_OUT ?? './dist',
  cacheDir: process.env.STACK_ATLAS_CACHE ?? './node_modules/.astro',
  trailingSlash: 'always',
  // Never inline assets as base64: fonts stay separate cacheable files (lighter CSS,
  // and the Content-Security-Policy needs no data: sources).
  vite: { build: { assetsInlineLimit: 0 } },
  build: { format: 'directory' },
  markdown: {
    processor: unified({
      ...markdown,
      // Mermaid fences become SVG before anything else looks at code blocks.
      rehypePlugins: [rehypeMermaidFences, ...markdown.rehypePlugins],
      // SmartyPants would turn the note's 程序-->操作系统 into 程序—>操作系统.
      smartypants: false,
      remarkRehype: { footnoteLabel: '脚注', footnoteBackLabel: '返回正文' },
    }),
    // Expressive Code highlights code; mermaid fences are left for the diagram renderer.
    syntaxHighlight: false,
  },
  integrations: [
    validateContent(CONTENT_DIR),
    diagramsIntegration({ contentDir: CONTENT_DIR }),
    expressiveCode(),
    mdx(),
    sitemap(),
    linkCheck(),
    urlContract({
      file: process.env.STACK_ATLAS_URLS ?? (CONTENT_DIR === 'content' ? 'urls.txt' : ''),
      contentDir: CONTENT_DIR,
    }),
    searchIndex(),
    offline(),
    securityHeaders(),
    atomicOutput(),
  ],
});
