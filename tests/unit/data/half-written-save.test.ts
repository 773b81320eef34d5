/**
 * A save read half written in `astro dev`: the editor truncates the file, the loader reads it
 * empty and fails, and the write that completes it brings no event of its own (seen in CI:
 * the note stayed missing). Astro's real glob loader runs under strictLoader with a watcher
 * that only emits what the test emits, so a lost event is lost here too.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { glob } from 'astro/loaders';
import { strictLoader } from '../../../src/data/strict-loader.ts';
import { fakeLoader, type FakeLoader } from '../../support/loader-context.ts';

let dir: string;
let file: string;
let loader: FakeLoader;

const note = (title: string) => `---\ntitle: ${title}\n---\nText.\n`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'atlas-half-'));
  mkdirSync(path.join(dir, 'notes'));
  file = path.join(dir, 'notes', 'a.md');
  writeFileSync(file, note('one'));
  loader = fakeLoader(dir);
  await strictLoader(glob({ pattern: '*.md', base: path.join(dir, 'notes') })).load(loader.context);
  expect(loader.entries.get('a')?.data).toEqual({ title: 'one' });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('strictLoader in dev', () => {
  it('reads a file again when its failed read was of a half-written save', async () => {
    // a real mistake first (no title), so that the file has failed before
    writeFileSync(file, '---\nname: x\n---\n');
    loader.watcher.emit('change', file);
    await vi.waitFor(() => expect(loader.errors).toHaveLength(1));
    // the author takes a while to fix it: whatever the loader does about the mistake is over
    await pause(1_500);
    // the fix: the truncated file is seen, and the write lands after that read, with no event
    writeFileSync(file, '');
    loader.onError = () => writeFileSync(file, note('two'));
    loader.watcher.emit('change', file);
    await vi.waitFor(() => expect(loader.entries.get('a')?.data).toEqual({ title: 'two' }), { timeout: 10_000 });
  });

  it('does not read a real mistake again and again', async () => {
    writeFileSync(file, '---\nname: x\n---\n');
    const before = loader.reads.length;
    loader.watcher.emit('change', file);
    await vi.waitFor(() => expect(loader.errors).toHaveLength(1));
    // both later checks (150 ms, 1 s) have run: the file holds what was read, so no new read
    await pause(1_500);
    expect(loader.reads.length - before).toBe(1);
    expect(loader.entries.get('a')?.data).toEqual({ title: 'one' });
  });
});
