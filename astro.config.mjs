// @ts-check
import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import expressiveCode from 'astro-expressive-code';
import { pluginLineNumbers } from '@expressive-code/plugin-line-numbers';
import { pluginCollapsibleSections } from '@expressive-code/plugin-collapsible-sections';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { SITE_URL, BASE_PATH } from './src/site.config.ts';
import { atomicOutput } from './src/integrations/atomic-output.ts';
import { linkCheck } from './src/integrations/link-check.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { offline } from './src/integrations/offline.ts';

export default defineConfig({
  site: SITE_URL,
  base: BASE_PATH,
  // Tests build fixture sites side by side; each gets its own output and cache.
  outDir: process.env.STACK_ATLAS_OUT ?? './dist',
  cacheDir: process.env.STACK_ATLAS_CACHE ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: { format: 'directory' },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', throwOnError: false }]],
    }),
    // Expressive Code highlights code; mermaid fences are left for the diagram renderer.
    syntaxHighlight: false,
  },
  integrations: [
    expressiveCode({
      themes: ['github-light', 'github-dark'],
      themeCssSelector: (theme) => `[data-theme='${theme.type}']`,
      useDarkModeMediaQuery: false,
      plugins: [pluginLineNumbers(), pluginCollapsibleSections()],
      defaultProps: { showLineNumbers: false, wrap: false },
      styleOverrides: {
        codeFontFamily: "'JetBrains Mono Variable', ui-monospace, monospace",
        uiFontFamily: 'inherit',
        borderRadius: '10px',
      },
    }),
    mdx(),
    sitemap(),
    linkCheck(),
    searchIndex(),
    offline(),
    atomicOutput(),
  ],
});
