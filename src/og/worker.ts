/**
 * Worker thread drawing link-preview PNGs, so that a cold build draws on every
 * core while the main thread indexes the site. Receives `{ id, spec }`, answers
 * `{ id, png }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { renderPreview } from './render.ts';
import type { PreviewSpec } from './types.ts';

parentPort!.on('message', async ({ id, spec }: { id: number; spec: PreviewSpec }) => {
  try {
    const png = await renderPreview(spec);
    // Copied, not transferred: resvg's buffer is external memory that cannot be moved.
    parentPort!.postMessage({ id, png });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
