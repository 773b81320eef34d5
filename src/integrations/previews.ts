/**
 * Writes the link-preview PNGs (og/…png) into the output: from the cache when
 * nothing they show changed, else drawn — in worker threads when there are many
 * (a cold build), in this thread when there are few (an edit). Fonts are loaded
 * only when something must be drawn.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PreviewCache, previewKey } from '../og/cache.ts';
import { findFontFiles } from '../og/fonts.ts';
import { renderPreview } from '../og/render.ts';
import type { PreviewJob } from '../og/jobs.ts';
import type { PreviewSpec } from '../og/types.ts';
import { must } from '../model/lookup.ts';

export interface PreviewOptions {
  /** Output folder. */
  dir: string;
  /** Project root (where src/og/worker.ts lives). */
  root: string;
  cacheDir: string;
}

/** Below this many images to draw, starting workers (each loads the fonts) costs more than it saves. */
const workerThreshold = 6;

type Draw = (spec: PreviewSpec) => Promise<Buffer>;

/** A small pool of worker threads drawing previews. */
function workerPool(root: string, size: number): { draw: Draw; close: () => Promise<void> } {
  const file = path.join(root, 'src/og/worker.ts');
  const workers = Array.from({ length: size }, () => new Worker(file));
  const pending = new Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }>();
  let next = 0;
  for (const worker of workers) {
    worker.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
      const job = must(pending, message.id, 'pending');
      pending.delete(message.id);
      if (message.png) job.resolve(Buffer.from(message.png));
      else job.reject(new Error(`link preview: ${message.error}`));
    });
    worker.on('error', (error) => {
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    });
  }
  return {
    draw: (spec) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        workers[id % size]!.postMessage({ id, spec });
      }),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
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
    const pool = misses.length >= workerThreshold && size > 1 ? workerPool(options.root, size) : undefined;
    const draw: Draw = pool?.draw ?? renderPreview;
    try {
      await Promise.all(
        misses.map(async ({ job, key }) => {
          const png = await draw(job.spec);
          cache.set(key, png);
          await write(job, png);
        }),
      );
    } finally {
      await pool?.close();
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return `link previews: ${jobs.length} images, ${misses.length} drawn, ${jobs.length - misses.length} from cache (${seconds} s)`;
}
