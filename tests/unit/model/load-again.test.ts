/**
 * `astro dev` loads every card again on each save, and a card whose text did not change
 * is not parsed again: what an author saves must still show at once, mistakes included.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAtlas } from '../../../src/model/load.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'load-again-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(path.resolve(import.meta.dirname, '../../fixtures/minimal'), dir, { recursive: true });
const runc = path.join(dir, 'cards/runc.md');
const original = readFileSync(runc, 'utf8');

describe('loading the cards again after a save', () => {
  it('gives the saved text, reports a mistake at once and forgets it once fixed', () => {
    const position = loadAtlas(dir).byId.get('runc')!.position;
    writeFileSync(runc, original.replace(/^position: .*$/m, 'position: 改过的定位'));
    expect(loadAtlas(dir).byId.get('runc')!.position).toBe('改过的定位');
    writeFileSync(runc, original.replace(/^layer: .*$/m, 'layer: no-such-layer'));
    expect(() => loadAtlas(dir)).toThrow(/runc\.md.*no-such-layer|no-such-layer[\s\S]*runc\.md/);
    writeFileSync(runc, original);
    expect(loadAtlas(dir).byId.get('runc')!.position).toBe(position);
  });
});
