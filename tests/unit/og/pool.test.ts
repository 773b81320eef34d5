import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createWorkerPool, forEachBounded, type PoolWorker } from '../../../src/og/pool.ts';

/** Lets every pending promise callback run (no timers: the tests do not depend on timing). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

describe('forEachBounded', () => {
  it('never has more than `limit` items running, and runs every item once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded(
      Array.from({ length: 25 }, (_, i) => i),
      3,
      async (i) => {
        running += 1;
        most = Math.max(most, running);
        await settle(i % 4);
        running -= 1;
        done.push(i);
      },
    );
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('throws the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = forEachBounded([0, 1, 2, 3, 4, 5, 6, 7], 2, async (i) => {
      started.push(i);
      await settle(1);
      if (i === 2) throw new Error('item 2 broke');
    });
    await expect(run).rejects.toThrow('item 2 broke');
    expect(started).not.toContain(5);
    expect(started.length).toBeLessThanOrEqual(4);
  });
});

/** A worker thread stand-in: records what it was sent; the test answers by hand. */
class FakeWorker extends EventEmitter implements PoolWorker<string, string> {
  inbox: { id: number; input: string }[] = [];
  mostAtOnce = 0;
  terminated = false;
  postMessage(message: { id: number; input: string }): void {
    this.inbox.push(message);
    this.mostAtOnce = Math.max(this.mostAtOnce, this.inbox.length);
  }
  answer(transform = (input: string) => input.toUpperCase()): void {
    const message = this.inbox.shift()!;
    this.emit('message', { id: message.id, output: transform(message.input) });
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    return 0;
  }
}

describe('createWorkerPool', () => {
  it('gives each worker one job at a time, queues the rest, and answers every job', async () => {
    const workers: FakeWorker[] = [];
    const pool = createWorkerPool<string, string>(3, () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
    const inputs = Array.from({ length: 10 }, (_, i) => `image-${i}`);
    const results = inputs.map((input) => pool.run(input));
    expect(workers.map((w) => w.inbox.length)).toEqual([1, 1, 1]);
    while (workers.some((w) => w.inbox.length)) {
      for (const worker of workers) if (worker.inbox.length) worker.answer();
      await settle();
    }
    expect(await Promise.all(results)).toEqual(inputs.map((input) => input.toUpperCase()));
    expect(workers.map((w) => w.mostAtOnce)).toEqual([1, 1, 1]);
    await pool.close();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('fails a job with the error its worker reported, and keeps drawing the others', async () => {
    const worker = new FakeWorker();
    const pool = createWorkerPool<string, string>(1, () => worker);
    const bad = pool.run('bad');
    const good = pool.run('good');
    worker.emit('message', { id: worker.inbox.shift()!.id, error: 'Error: no font for 𝔘' });
    await expect(bad).rejects.toThrow('no font for 𝔘');
    await settle();
    worker.answer();
    expect(await good).toBe('GOOD');
  });

  it('after a worker crashes, fails the running and waiting jobs and every later one', async () => {
    const worker = new FakeWorker();
    const pool = createWorkerPool<string, string>(1, () => worker);
    const running = pool.run('a');
    const waiting = pool.run('b');
    worker.emit('error', new Error('worker ran out of memory'));
    await expect(running).rejects.toThrow('worker ran out of memory');
    await expect(waiting).rejects.toThrow('worker ran out of memory');
    await expect(pool.run('c')).rejects.toThrow('worker ran out of memory');
  });
});
