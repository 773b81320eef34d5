/** Builds the Pagefind index over the finished pages (Chinese segmentation, zh-CN). */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export function searchIndex(): AstroIntegration {
  return {
    name: 'stack-atlas:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pagefind = await import('pagefind');
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh-cn' });
        if (!index) throw new Error(`search index: pagefind failed to start: ${errors.join('; ')}`);
        const root = fileURLToPath(dir);
        const added = await index.addDirectory({ path: root });
        if (added.errors.length) throw new Error(`search index: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: path.join(root, 'pagefind') });
        if (written.errors.length) throw new Error(`search index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`search index: ${added.page_count} pages indexed`);
      },
    },
  };
}
