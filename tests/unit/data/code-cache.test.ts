/**
 * <Code> blocks kept between builds (src/data/code-cache.ts): a block is reused only for the
 * same props under the same settings, and blocks render one at a time in page order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  codeBlockKey,
  inTurn,
  keepCodeBlock,
  keptCodeBlock,
  nextBlockOnPage,
  setCodeCache,
} from '../../../src/data/code-cache.ts';

const dirs: string[] = [];
function cache(salt = 'settings'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  setCodeCache({ dir, salt });
  return dir;
}
afterEach(() => {
  setCodeCache(undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const block = { code: 'echo hi\n', lang: 'bash', title: 'run.sh' };

describe('codeBlockKey', () => {
  it('is the same for the same props in any order, and differs when the code, a prop or the settings change', () => {
    cache('a');
    const key = codeBlockKey(block);
    expect(codeBlockKey({ title: 'run.sh', lang: 'bash', code: 'echo hi\n' })).toBe(key);
    expect(codeBlockKey({ ...block, code: 'echo hello\n' })).not.toBe(key);
    expect(codeBlockKey({ ...block, frame: 'terminal' })).not.toBe(key);
    cache('b');
    expect(codeBlockKey(block)).not.toBe(key);
  });

  it('gives no key (nothing kept) when the integration set no cache', () => {
    expect(codeBlockKey(block)).toBeUndefined();
  });
});

describe('kept blocks', () => {
  it('returns the markup kept under a key, and nothing for a changed block', () => {
    cache();
    const key = codeBlockKey(block)!;
    expect(keptCodeBlock(key)).toBeUndefined();
    keepCodeBlock(key, '<div class="expressive-code">echo hi</div>');
    expect(keptCodeBlock(key)).toBe('<div class="expressive-code">echo hi</div>');
    expect(keptCodeBlock(codeBlockKey({ ...block, code: 'echo hello\n' })!)).toBeUndefined();
  });
});

describe('page order', () => {
  it("numbers each page's blocks from 0", () => {
    const page = {};
    const other = {};
    expect([nextBlockOnPage(page), nextBlockOnPage(page), nextBlockOnPage(other), nextBlockOnPage(page)]).toEqual([
      0, 1, 0, 2,
    ]);
  });

  it("renders a page's blocks one at a time, in the order they were started, even after a failure", async () => {
    const page = {};
    const events: string[] = [];
    const render =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      inTurn(page, render('a')),
      inTurn(page, render('b', true)),
      inTurn(page, render('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
