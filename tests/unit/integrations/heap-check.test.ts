/** A build too big for Node's heap stops at once with the cause and the setting that fixes it. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapNeeded, heapShortfall } from '../../../src/integrations/heap-check.ts';

const GiB = 1024 ** 3;
const notesDir = path.join(process.cwd(), 'content/notes');
/** Node 22's default limit on this 24 GB machine (`v8.getHeapStatistics().heap_size_limit`). */
const defaultLimit = 4_345_298_944;
const machineMemory = 25_324_953_600;

describe('heapShortfall', () => {
  it('lets our own content and a 2,000-note site through with the default limit', () => {
    expect(heapShortfall({ notes: 2, notesDir, heapLimit: defaultLimit, machineMemory })).toBeUndefined();
    expect(heapShortfall({ notes: 2000, notesDir, heapLimit: defaultLimit, machineMemory })).toBeUndefined();
  });

  it('stops 10,000 notes under the default limit, naming the folder, the need, the limit and the setting', () => {
    const message = heapShortfall({ notes: 10_000, notesDir, heapLimit: defaultLimit, machineMemory });
    expect(message).toMatch(
      /^memory: content\/notes holds 10,000 notes; building them needs about \d+\.\d GiB of JavaScript heap, but Node's limit here is 4\.0 GiB\. Run the build with NODE_OPTIONS=--max-old-space-size=(\d+) \(this machine has 23\.6 GiB\)\.$/,
    );
    // The setting it names is enough: with it the same build passes.
    const setting = Number(/max-old-space-size=(\d+)/.exec(message!)![1]);
    expect(setting * 1024 * 1024).toBeGreaterThanOrEqual(heapNeeded(10_000));
    expect(heapShortfall({ notes: 10_000, notesDir, heapLimit: setting * 1024 * 1024, machineMemory })).toBeUndefined();
  });

  it('says so when the machine cannot spare the heap the notes need', () => {
    const message = heapShortfall({ notes: 10_000, notesDir, heapLimit: 2 * GiB, machineMemory: 4 * GiB });
    expect(message).toMatch(
      /more than this machine can spare \(it has 4\.0 GiB\): build on a machine with more memory/,
    );
  });

  it('needs more heap for more notes', () => {
    expect(heapNeeded(10_000)).toBeGreaterThan(heapNeeded(2000));
    expect(heapNeeded(2000)).toBeGreaterThan(heapNeeded(0));
  });
});
