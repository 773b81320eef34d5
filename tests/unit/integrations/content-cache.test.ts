import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invalidateStaleContent, renderingDigest } from '../../../src/integrations/content-cache.ts';

const root = mkdtempSync(path.join(tmpdir(), 'content-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the rendered-Markdown cache', () => {
  it('is dropped when a Markdown plugin or the highlighter settings change, and kept otherwise', () => {
    mkdirSync(path.join(root, 'src/markdown'), { recursive: true });
    writeFileSync(path.join(root, 'src/markdown/a.ts'), 'export const a = 1;');
    writeFileSync(path.join(root, 'ec.config.mjs'), 'export default {};');
    const cache = path.join(root, '.astro');
    mkdirSync(cache);
    const store = path.join(cache, 'data-store.json');
    writeFileSync(store, '{}');
    expect(invalidateStaleContent(root, cache)).toBe(true); // first build with a digest: unknown, so rebuild
    writeFileSync(store, '{}');
    expect(invalidateStaleContent(root, cache)).toBe(false);
    expect(existsSync(store)).toBe(true);
    const before = renderingDigest(root);
    writeFileSync(path.join(root, 'src/markdown/a.ts'), 'export const a = 2;');
    expect(renderingDigest(root)).not.toBe(before);
    expect(invalidateStaleContent(root, cache)).toBe(true);
    expect(existsSync(store)).toBe(false);
  });

  it('is dropped when what entries link to changes (a card renamed), and kept while it does not', () => {
    const cache = path.join(root, '.astro-linked');
    mkdirSync(cache);
    const store = path.join(cache, 'data-store.json');
    const linked = (name: string) => JSON.stringify([[['namespaces', name, [], []]], []]);
    invalidateStaleContent(root, cache, linked('Namespaces'));
    writeFileSync(store, '{}');
    expect(invalidateStaleContent(root, cache, linked('Namespaces'))).toBe(false);
    expect(existsSync(store)).toBe(true);
    expect(invalidateStaleContent(root, cache, linked('Linux Namespaces'))).toBe(true);
    expect(existsSync(store)).toBe(false);
  });
});
