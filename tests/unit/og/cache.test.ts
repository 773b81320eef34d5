import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePreviews } from '../../../src/integrations/previews.ts';
import { PreviewCache, previewKey } from '../../../src/og/cache.ts';
import { previewJobs } from '../../../src/og/jobs.ts';
import { comparisonPairs } from '../../../src/model/compare.ts';
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
    // The site image and two card images.
    const all = previewJobs(atlas, notes);
    const jobs = [all[0]!, ...all.filter((job) => job.spec.kind === 'card').slice(0, 2)];
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

  it('knows every image the site has: the site, the layers page, each card, comparison, example and note', () => {
    const notes = validateNotes('content/notes').notes;
    const examples = [{ id: 'namespaces', title: '命名空间', summary: '看见隔离' }];
    const paths = previewJobs(atlas, notes, examples).map((job) => job.path);
    expect(paths[0]).toBe('og/site.png');
    expect(paths).toContain('og/layers.png');
    expect(paths).toContain('og/cards/runc.png');
    expect(paths).toContain('og/compare/docker-vs-podman.png');
    expect(paths).toContain('og/examples/namespaces.png');
    expect(paths).toContain('og/notes/container-background.png');
    const pairs = comparisonPairs(atlas).length;
    expect(paths).toHaveLength(2 + atlas.cards.length + pairs + 1 + notes.filter((n) => !n.data.draft).length);
  });
});
