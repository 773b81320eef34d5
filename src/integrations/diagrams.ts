/**
 * Astro integration: at `astro:config:setup` loads the atlas, generates every
 * diagram, renders light + dark SVGs (disk cache first; the browser is only
 * launched for what is missing) and writes the manifest that pages read with
 * `getDiagram(name)` / `listDiagrams()` from src/diagrams/manifest.ts.
 * In `astro dev` it regenerates when cards or layers change. Closes the shared
 * browser at `astro:build:done` / `astro:server:done`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildDiagramManifest } from '../diagrams/build.ts';
import { closeSharedRenderer, getSharedRenderer, type RendererOptions } from '../diagrams/renderer.ts';

export interface DiagramsIntegrationOptions {
  /** Content directory holding layers.yaml and cards/ (relative to the project root). Default `content`. */
  contentDir?: string;
  /** Options for the shared renderer (cache dir, Chromium path…); the rehype plugin uses the same instance. */
  renderer?: Omit<RendererOptions, 'root' | 'log'>;
}

export function diagramsIntegration(options: DiagramsIntegrationOptions = {}): AstroIntegration {
  const contentDir = options.contentDir ?? 'content';
  let root = process.cwd();

  return {
    name: 'stack-atlas:diagrams',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        root = fileURLToPath(config.root);
        // `astro sync` / `astro preview` render no pages: nothing to draw.
        if (command === 'sync' || command === 'preview') return;
        const renderer = getSharedRenderer({ ...options.renderer, root, log: (m) => logger.info(m) });
        let result;
        try {
          result = await buildDiagramManifest({ root, contentDir, renderer });
        } catch (error) {
          // A build must fail (the message names the file / diagram and line);
          // the dev server stays up with the last good manifest and retries on the next edit.
          if (command === 'build') throw error;
          logger.error((error as Error).message);
          return;
        }
        logger.info(
          `${result.diagrams.length} diagrams (×2 themes) in ${(result.ms / 1000).toFixed(1)} s: ` +
            `${result.rendered} rendered, ${result.cached} cached → ${path.relative(root, result.file)}`,
        );
        // Nothing else to render at this point unless notes have mermaid fences; the
        // rehype plugin relaunches the browser on demand. Close it so an idle build holds no Chromium.
        if (command === 'build') await renderer.close();
      },
      'astro:server:setup': ({ server, logger }) => {
        const watched = path.resolve(root, contentDir);
        let timer: NodeJS.Timeout | undefined;
        let running: Promise<void> = Promise.resolve();
        const regenerate = () => {
          running = running.then(async () => {
            try {
              const renderer = getSharedRenderer({ ...options.renderer, root, log: (m) => logger.info(m) });
              const result = await buildDiagramManifest({ root, contentDir, renderer });
              logger.info(`diagrams updated: ${result.rendered} rendered, ${result.cached} cached`);
            } catch (error) {
              // Keep the dev server alive; the last good manifest stays in place.
              logger.error((error as Error).message);
            }
          });
        };
        server.watcher.add(watched);
        server.watcher.on('all', (_event, file) => {
          const rel = path.relative(watched, file);
          if (rel.startsWith('..') || !(rel === 'layers.yaml' || /^cards[\\/].+\.mdx?$/.test(rel))) return;
          clearTimeout(timer);
          timer = setTimeout(regenerate, 200);
        });
      },
      'astro:build:done': async () => {
        await closeSharedRenderer();
      },
      'astro:server:done': async () => {
        await closeSharedRenderer();
      },
    },
  };
}

export default diagramsIntegration;
