import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../src/integrations/full-collection.ts';

/** Allocates about 40 MB that nothing refers to once this returns; the heap in use at its fullest. */
function makeGarbage(): number {
  const garbage = Array.from({ length: 200_000 }, (_, i) => `entry ${i} `.repeat(20));
  return garbage.length > 0 ? process.memoryUsage().heapUsed : 0;
}

describe('collectGarbage', () => {
  it('frees memory nothing refers to any more', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const filled = makeGarbage();
    expect(filled - before).toBeGreaterThan(20 * 1024 * 1024);
    collectGarbage();
    // what was allocated above is gone (allow a little for the test's own bookkeeping)
    expect(process.memoryUsage().heapUsed - before).toBeLessThan((filled - before) / 4);
  });
});
