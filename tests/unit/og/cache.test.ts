import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePreviews } from '../../../src/integrations/previews.ts';
import { PreviewCache, previewKey } from '../../../src/og/cache.ts';
import { previewJobs } from '../../../src/og/jobs.ts';
import { cardPreview } from '../../../src/og/specs.ts';
import { loadAtlas } from '../../../src/model/load.ts';
import { validateNotes } from '../../../src/model/validate-notes.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'og-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const atlas = loadAtlas('content');
const fonts = { regular: '/nonexistent/regular.ttf' };

describe('preview cache keys', () => {
  it('change when what the image shows changes, and only then', () => {
    const runc = cardPreview(atlas, atlas.byId.get('runc')!);
    expect(previewKey(runc, fonts)).toBe(previewKey(structuredClone(runc), fonts));
    expect(previewKey({ ...runc, position: `${runc.position}。` }, fonts)).not.toBe(previewKey(runc, fonts));
    expect(previewKey(runc, { regular: '/other.ttf' })).not.toBe(previewKey(runc, fonts));
  });

  it('treat a broken entry as missing', () => {
    const cache = new PreviewCache(path.join(dir, 'broken'));
    cache.set('k', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]));
    expect(cache.get('k')).toBeDefined();
    writeFileSync(cache.file('k'), 'not a png');
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('writePreviews', () => {
  it('draws what is missing, then nothing on an unchanged rebuild, then only what changed', async () => {
    const notes = validateNotes('content/notes').notes;
    const jobs = previewJobs(atlas, notes).slice(0, 3);
    const options = { dir: path.join(dir, 'out'), root: process.cwd(), cacheDir: path.join(dir, 'cache') };
    expect(await writePreviews(jobs, options)).toMatch(/^link previews: 3 images, 3 drawn, 0 from cache/);
    const first = readFileSync(path.join(dir, 'out', jobs[1]!.path));
    expect(await writePreviews(jobs, options)).toMatch(/^link previews: 3 images, 0 drawn, 3 from cache/);
    expect(readFileSync(path.join(dir, 'out', jobs[1]!.path)).equals(first)).toBe(true);
    const edited = jobs.map((job, i) =>
      i === 2 && job.spec.kind === 'card' ? { ...job, spec: { ...job.spec, position: '改过的定位' } } : job,
    );
    expect(await writePreviews(edited, options)).toMatch(/^link previews: 3 images, 1 drawn, 2 from cache/);
  });

  it('knows every image the site has: the site, each card, each published note', () => {
    const notes = validateNotes('content/notes').notes;
    const paths = previewJobs(atlas, notes).map((job) => job.path);
    expect(paths[0]).toBe('og/site.png');
    expect(paths).toContain('og/cards/runc.png');
    expect(paths).toContain('og/notes/container-background.png');
    expect(paths).toHaveLength(1 + atlas.cards.length + notes.filter((n) => !n.data.draft).length);
  });
});
