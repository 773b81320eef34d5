import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePreviews, type Draw } from '../../../src/integrations/previews.ts';
import type { PreviewJob } from '../../../src/og/jobs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'og-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function noteJobs(count: number, run: string): PreviewJob[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `og/notes/n-${i}.png`,
    source: `content/notes/n-${i}.md`,
    spec: { kind: 'note', title: `${run} ${i}`, description: '', published: new Date(0), tags: [] },
  }));
}

/** A drawing stand-in that counts how many images are being drawn at once. */
function countingDraw(failOn?: string): { draw: Draw; most: () => number; drawn: () => number } {
  let running = 0;
  let most = 0;
  let drawn = 0;
  return {
    draw: async (spec) => {
      running += 1;
      most = Math.max(most, running);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      running -= 1;
      if (spec.kind === 'note' && spec.title === failOn) throw new Error('satori: unsupported glyph');
      drawn += 1;
      return PNG;
    },
    most: () => most,
    drawn: () => drawn,
  };
}

describe('writePreviews on a large site', () => {
  it('draws at most `inFlight` images at once and still writes every one', async () => {
    const jobs = noteJobs(40, 'bounded');
    const counter = countingDraw();
    const options = { dir: path.join(dir, 'out'), root: process.cwd(), cacheDir: path.join(dir, 'cache') };
    const line = await writePreviews(jobs, { ...options, draw: counter.draw, inFlight: 4 });
    expect(line).toMatch(/^link previews: 40 images, 40 drawn, 0 from cache/);
    expect(counter.drawn()).toBe(40);
    expect(counter.most()).toBe(4);
    expect(jobs.every((job) => existsSync(path.join(dir, 'out', job.path)))).toBe(true);
  });

  it('fails with the image and the note it shows when one image cannot be drawn', async () => {
    const jobs = noteJobs(12, 'failing');
    const counter = countingDraw('failing 7');
    const options = { dir: path.join(dir, 'out2'), root: process.cwd(), cacheDir: path.join(dir, 'cache2') };
    await expect(writePreviews(jobs, { ...options, draw: counter.draw, inFlight: 2 })).rejects.toThrow(
      'link preview og/notes/n-7.png (content/notes/n-7.md) could not be drawn: satori: unsupported glyph',
    );
    // The build stops at the first failure instead of drawing the rest.
    expect(counter.drawn()).toBeLessThan(11);
  });
});
