/**
 * A rebuild with nothing changed copies the last search index instead of running Pagefind
 * again (issue 28), but only while everything the index is made from is the same: a changed
 * page must always be indexed again.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/integrations/content.ts';
import { buildSearchIndex, searchIndexDigest, SEARCH_PAGE } from '../../../src/integrations/search-index.ts';
import { readBuiltSite } from '../../../src/integrations/output.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const { atlas } = loadContent(root, 'tests/fixtures/minimal');

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><title>${title}</title><meta name="page-type" content="note">` +
  `<meta name="description" content="${title} 的摘要"></head><body><main data-pagefind-body><h1>${title}</h1><p>${body}</p></main></body></html>`;

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A built site of three pages (two indexed, the search page not) and an empty cache folder. */
function site(): { dir: string; cacheDir: string; write: (file: string, html: string) => void } {
  const top = mkdtempSync(path.join(tmpdir(), 'search-reuse-'));
  folders.push(top);
  const dir = path.join(top, 'dist');
  const write = (file: string, html: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), html);
  };
  write('notes/alpha/index.html', page('Alpha', '容器运行时 runc 启动进程。'));
  write('notes/beta/index.html', page('Beta', '镜像由若干层组成。'));
  write(SEARCH_PAGE, '<!doctype html><html><head><title>搜索</title></head><body><main></main></body></html>');
  return { dir, cacheDir: path.join(top, 'cache', 'search-index'), write };
}

const built = (dir: string) => readBuiltSite(dir, '/');
const pageMap = (dir: string) => readFileSync(path.join(dir, 'pagefind', 'pages.json'), 'utf8');
const files = (dir: string) => readdirSync(path.join(dir, 'pagefind'), { recursive: true }).map(String).sort();

describe('searchIndexDigest', () => {
  it('is the same for the same pages, and changes when one indexed page changes', async () => {
    const { dir, write } = site();
    const first = await searchIndexDigest(await built(dir), atlas, 'code');
    expect((await searchIndexDigest(await built(dir), atlas, 'code')).digest).toBe(first.digest);
    expect(first.pages).toBe(2);

    write('notes/beta/index.html', page('Beta', '镜像由若干只读层组成。'));
    expect((await searchIndexDigest(await built(dir), atlas, 'code')).digest).not.toBe(first.digest);
  });

  it('changes when a page is added, or when the code that makes the index changed', async () => {
    const { dir, write } = site();
    const first = (await searchIndexDigest(await built(dir), atlas, 'code')).digest;
    expect((await searchIndexDigest(await built(dir), atlas, 'other code')).digest).not.toBe(first);
    write('notes/gamma/index.html', page('Gamma', '命名空间隔离进程。'));
    expect((await searchIndexDigest(await built(dir), atlas, 'code')).digest).not.toBe(first);
  });
});

describe('buildSearchIndex with a cache folder', () => {
  it('reuses the kept index for unchanged pages and indexes a changed page again', async () => {
    const { dir, cacheDir, write } = site();
    const made = await buildSearchIndex(await built(dir), atlas, { cacheDir });
    expect(made.join('\n')).not.toContain('reused');
    const map = pageMap(dir);
    const listing = files(dir);

    // The next build writes a fresh output folder: the index comes from the cache, the preloads are written again.
    write(SEARCH_PAGE, '<!doctype html><html><head><title>搜索</title></head><body><main></main></body></html>');
    rmSync(path.join(dir, 'pagefind'), { recursive: true });
    const again = await buildSearchIndex(await built(dir), atlas, { cacheDir });
    expect(again[0]).toMatch(/reused the last build's index/);
    expect(again.slice(1)).toEqual(made);
    expect(pageMap(dir)).toBe(map);
    expect(files(dir)).toEqual(listing);
    expect(readFileSync(path.join(dir, SEARCH_PAGE), 'utf8')).toContain('rel="preload" href="/pagefind/pages.json"');

    write('notes/beta/index.html', page('Beta renamed', '镜像由若干只读层组成。'));
    const changed = await buildSearchIndex(await built(dir), atlas, { cacheDir });
    expect(changed.join('\n')).not.toContain('reused');
    expect(pageMap(dir)).toContain('Beta renamed');
  });
});
