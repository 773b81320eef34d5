/**
 * Bounded work for the link previews: a cold build of 10,000 notes has 10,000
 * images to draw, and starting them all at once keeps every spec, SVG and PNG
 * alive together (the build once grew past 20 GB that way). Here at most `limit`
 * jobs are alive, and each worker thread draws one image at a time.
 */

/**
 * Runs `work` on every item with at most `limit` calls unfinished at any moment.
 * After the first failure no new item starts; once the running ones settle, that
 * first error is thrown (later ones are dropped: the build stops on the first).
 */
export async function forEachBounded<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  if (!(limit >= 1)) throw new Error(`forEachBounded: limit must be at least 1, got ${limit}`);
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const runner = async () => {
    while (!failure) {
      const next = iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.floor(limit) }, runner));
  if (failure) throw failure.error;
}

/** What the pool needs of a worker thread (node:worker_threads' Worker, or a fake in tests). */
export interface PoolWorker<In, Out> {
  postMessage(message: { id: number; input: In }): void;
  on(event: 'message', listener: (message: { id: number; output?: Out; error?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  terminate(): Promise<unknown>;
}

export interface WorkerPool<In, Out> {
  run(input: In): Promise<Out>;
  close(): Promise<void>;
}

/**
 * A pool of `size` workers, each given one job at a time; jobs wait in a queue
 * here until a worker is free (callers bound that queue with forEachBounded).
 * A worker that crashes fails its job and every job after it: the pool is broken.
 */
export function createWorkerPool<In, Out>(size: number, spawn: () => PoolWorker<In, Out>): WorkerPool<In, Out> {
  interface Job {
    id: number;
    input: In;
    resolve: (output: Out) => void;
    reject: (error: Error) => void;
  }
  const queue: Job[] = [];
  const idle: PoolWorker<In, Out>[] = [];
  const busy = new Map<PoolWorker<In, Out>, Job>();
  let broken: Error | undefined;
  let next = 0;

  const pump = () => {
    while (queue.length && idle.length) {
      const job = queue.shift()!;
      const worker = idle.pop()!;
      busy.set(worker, job);
      worker.postMessage({ id: job.id, input: job.input });
    }
  };
  const fail = (error: Error) => {
    broken ??= error;
    for (const job of [...busy.values(), ...queue.splice(0)]) job.reject(error);
    busy.clear();
  };

  const workers = Array.from({ length: size }, () => {
    const worker = spawn();
    worker.on('message', (message) => {
      const job = busy.get(worker);
      if (!job || job.id !== message.id) return;
      busy.delete(worker);
      idle.push(worker);
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.output as Out);
      pump();
    });
    worker.on('error', fail);
    return worker;
  });
  idle.push(...workers);

  return {
    run: (input) =>
      new Promise<Out>((resolve, reject) => {
        if (broken) return reject(broken);
        queue.push({ id: next++, input, resolve, reject });
        pump();
      }),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
