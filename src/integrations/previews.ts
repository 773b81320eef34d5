/**
 * Writes the link-preview PNGs (og/…png) into the output: from the cache when
 * nothing they show changed, else drawn — in worker threads when there are many
 * (a cold build), in this thread when there are few (an edit). Fonts are loaded
 * only when something must be drawn. Drawing is bounded (src/og/pool.ts): each
 * worker draws one image at a time and at most `inFlight` images are alive, so
 * memory stays flat whatever the number of notes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PreviewCache, previewKey } from '../og/cache.ts';
import { findFontFiles } from '../og/fonts.ts';
import { createWorkerPool, forEachBounded, type PoolWorker } from '../og/pool.ts';
import { renderPreview } from '../og/render.ts';
import type { PreviewJob } from '../og/jobs.ts';
import type { PreviewSpec } from '../og/types.ts';

export interface PreviewOptions {
  /** Output folder. */
  dir: string;
  /** Project root (where src/og/worker.ts lives). */
  root: string;
  cacheDir: string;
  /** How images are drawn (tests); default: worker threads for a cold build, this thread for a few. */
  draw?: Draw;
  /** Most images being drawn or written at once; default twice the number of workers. */
  inFlight?: number;
}

/** Below this many images to draw, starting workers (each loads the fonts) costs more than it saves. */
const workerThreshold = 6;

export type Draw = (spec: PreviewSpec) => Promise<Buffer>;

/** Worker threads drawing previews, one image per worker at a time. */
function workerPool(root: string, size: number): { draw: Draw; close: () => Promise<void> } {
  const file = path.join(root, 'src/og/worker.ts');
  const pool = createWorkerPool<PreviewSpec, Uint8Array>(
    size,
    () => new Worker(file) as unknown as PoolWorker<PreviewSpec, Uint8Array>,
  );
  return { draw: async (spec) => Buffer.from(await pool.run(spec)), close: pool.close };
}

/** The first line of an error (a worker's answer carries its whole stack). */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.replace(/^Error: /, '');
}

export async function writePreviews(jobs: PreviewJob[], options: PreviewOptions): Promise<string> {
  const started = performance.now();
  const cache = new PreviewCache(options.cacheDir);
  const fonts = findFontFiles();
  const misses: { job: PreviewJob; key: string }[] = [];
  const write = async (job: PreviewJob, png: Buffer) => {
    const file = path.join(options.dir, job.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, png);
  };
  for (const job of jobs) {
    const key = previewKey(job.spec, fonts);
    const hit = cache.get(key);
    if (hit) await write(job, hit);
    else misses.push({ job, key });
  }
  if (misses.length) {
    const size = Math.min(availableParallelism(), misses.length);
    const pool =
      !options.draw && misses.length >= workerThreshold && size > 1 ? workerPool(options.root, size) : undefined;
    const draw: Draw = options.draw ?? pool?.draw ?? renderPreview;
    // Two per worker keep every worker busy while the main thread writes the last PNG.
    const inFlight = options.inFlight ?? 2 * (pool ? size : 1);
    try {
      await forEachBounded(misses, inFlight, async ({ job, key }) => {
        let png: Buffer;
        try {
          png = await draw(job.spec);
        } catch (error) {
          const source = job.source ? ` (${job.source})` : '';
          throw new Error(`link preview ${job.path}${source} could not be drawn: ${firstLine(error)}`, {
            cause: error,
          });
        }
        cache.set(key, png);
        await write(job, png);
      });
    } finally {
      await pool?.close();
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return `link previews: ${jobs.length} images, ${misses.length} drawn, ${jobs.length - misses.length} from cache (${seconds} s)`;
}
