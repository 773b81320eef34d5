// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import expressiveCode from 'astro-expressive-code';
import { siteConfigFromEnv } from './src/config.ts';
import stackAtlas from './src/integrations/index.ts';
import packageJson from './package.json' with { type: 'json' };

// Deployment settings (SITE_URL, BASE_PATH, …) are read from the environment in one place;
// package.json's `repository` is the default for the edit and report links.
const config = siteConfigFromEnv(
  process.env,
  /** @type {{ repository?: string | { url?: string } }} */ (packageJson).repository,
);

const atlas = stackAtlas(config);

export default defineConfig({
  outDir: config.outDir,
  cacheDir: config.cacheDir,
  // stackAtlas() must come first: it configures Markdown, which Expressive Code and MDX extend.
  integrations: [atlas, expressiveCode(), mdx(), sitemap({ filter: atlas.sitemapFilter })],
});
