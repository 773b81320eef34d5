/**
 * Worker thread drawing link-preview PNGs, so that a cold build draws on every
 * core while the main thread indexes the site. Receives `{ id, input: spec }`,
 * answers `{ id, output: png }` or `{ id, error }`. Messages are drawn one after
 * another, never side by side: the pool sends one at a time, and should more
 * arrive, only their small specs wait here, not their SVGs and PNGs.
 */
import { parentPort } from 'node:worker_threads';
import { renderPreview } from './render.ts';
import type { PreviewSpec } from './types.ts';

let drawing: Promise<void> = Promise.resolve();

parentPort!.on('message', ({ id, input }: { id: number; input: PreviewSpec }) => {
  drawing = drawing.then(async () => {
    try {
      const png = await renderPreview(input);
      // Copied, not transferred: resvg's buffer is external memory that cannot be moved.
      parentPort!.postMessage({ id, output: png });
    } catch (error) {
      parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
    }
  });
});
