/**
 * Two renders of one note in flight in `astro dev`: one begun when its save was heard, before
 * the card it names existed (it fails), and one begun after the integration learnt of the card
 * and changed the salt (it succeeds). Whichever finishes last, the page keeps the newer render
 * and shows no error (seen under load: a note and its card saved together stayed an error).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { glob } from 'astro/loaders';
import { devContent, strictLoader } from '../../../src/data/strict-loader.ts';
import { fakeLoader, type FakeLoader } from '../../support/loader-context.ts';

let dir: string;
let file: string;
let loader: FakeLoader;
/** Renders waiting to finish, in the order they began. */
const held: Array<{ finish: (ok: boolean) => void }> = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'atlas-outdated-'));
  mkdirSync(path.join(dir, 'notes'));
  file = path.join(dir, 'notes', 'later.md');
  writeFileSync(file, '---\ntitle: 后来\n---\n以后会有 [[crun]]。\n');
  const dev = devContent();
  dev.salt = '';
  dev.renderErrors.clear();
  held.length = 0;
  let holding = false;
  loader = fakeLoader(dir, (filePath, body) => {
    if (!holding) return Promise.resolve(`<p>${body}</p>`);
    return new Promise((resolve, reject) =>
      held.push({
        finish: (ok) =>
          ok
            ? resolve(`<p>${body}</p>`)
            : reject(
                new Error(`Failed to parse Markdown file "${filePath}":\n${filePath}:4:6: unknown wiki link "crun"`),
              ),
      }),
    );
  });
  await strictLoader(glob({ pattern: '*.md', base: path.join(dir, 'notes') })).load(loader.context);
  holding = true;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const reloaded = () => loader.infos.filter((line) => line.startsWith('Reloaded data from')).length;

/** The save's render (old salt) and the integration's render (new salt), both in flight. */
async function twoRenders() {
  writeFileSync(file, '---\ntitle: 后来\n---\n以后会有 [[crun]] 的卡片。\n');
  loader.watcher.emit('change', file);
  await vi.waitFor(() => expect(held).toHaveLength(1));
  devContent().salt = ':2';
  loader.watcher.emit('change', file);
  await vi.waitFor(() => expect(held).toHaveLength(2));
}

describe('strictLoader in dev: outdated renders', () => {
  it('keeps the newer render when the outdated one fails last', async () => {
    await twoRenders();
    held[1]!.finish(true);
    await vi.waitFor(() => expect(loader.entries.get('later')?.rendered?.html).toContain('的卡片'));
    held[0]!.finish(false);
    await vi.waitFor(() => expect(reloaded()).toBe(2));
    expect(loader.errors).toHaveLength(1);
    expect(loader.entries.get('later')?.rendered?.html).toContain('的卡片');
    expect(devContent().renderErrors.has(file)).toBe(false);
  });

  it('keeps the newer render’s own error when both fail', async () => {
    await twoRenders();
    held[1]!.finish(false);
    await vi.waitFor(() => expect(devContent().renderErrors.has(file)).toBe(true));
    held[0]!.finish(true);
    await vi.waitFor(() => expect(reloaded()).toBe(2));
    expect(loader.entries.get('later')?.digest).toMatch(/:2$/);
    // the outdated good render did not replace the newer failed one, nor clear its error
    expect(loader.entries.get('later')?.rendered).toBeUndefined();
    expect(devContent().renderErrors.has(file)).toBe(true);
  });
});
