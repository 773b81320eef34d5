/** Fails the build on any broken internal link or fragment in the built site. */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { collectSite, findBrokenLinks } from './link-graph.ts';

export function linkCheck(): AstroIntegration {
  let base = '/';
  return {
    name: 'stack-atlas:link-check',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = await collectSite(fileURLToPath(dir), base);
        const broken = findBrokenLinks(site);
        if (broken.length) {
          const lines = broken.slice(0, 50).map((b) => `  ${b.page}: ${b.href} (${b.reason})`);
          throw new Error(`link check: ${broken.length} broken internal link(s):\n${lines.join('\n')}`);
        }
        logger.info(`link check: ${site.pages.size} pages, ${site.linkCount} internal links, 0 broken`);
      },
    },
  };
}
