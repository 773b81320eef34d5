// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import expressiveCode from 'astro-expressive-code';
import { siteConfigFromEnv } from './src/config.ts';
import stackAtlas from './src/integrations/index.ts';

// Deployment settings (SITE_URL, BASE_PATH, …) are read from the environment in one place.
const config = siteConfigFromEnv();

export default defineConfig({
  outDir: config.outDir,
  cacheDir: config.cacheDir,
  // stackAtlas() must come first: it configures Markdown, which Expressive Code and MDX extend.
  integrations: [stackAtlas(config), expressiveCode(), mdx(), sitemap()],
});
