/** Post-build's pass over the pages: what the link check and the budget see, and what is published. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrokenLinks } from '../../../src/integrations/link-graph.ts';
import { readBuiltSite } from '../../../src/integrations/output.ts';
import { scanPages } from '../../../src/integrations/page-scan.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'page-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};

describe('scanPages', () => {
  const stamped =
    '<main><h2 id="start">x</h2><a href="../gone/" data-sa-src="content/notes/x.md:7">gone</a>' +
    '<a href="../../index.html#top" data-sa-src="content/notes/x.md:9">home</a></main>';
  write('index.html', '<body id="top"><a href="notes/x/">x</a><img src="logo.svg"></body>');
  write('notes/x/index.html', stamped);
  write('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  write('.prerender/skip.html', '<a href="/nowhere/">not part of the site</a>');

  it('checks links with their source lines, and publishes the pages without the stamps', async () => {
    const site = await readBuiltSite(dir, '/');
    expect(site.pages).toEqual(['index.html', 'notes/x/index.html']);
    const { graph, sizes, stamped: rewritten } = await scanPages(site);
    expect(findBrokenLinks(graph)).toEqual([
      { page: '/notes/x/', href: '../gone/', reason: 'no such page', source: 'content/notes/x.md:7' },
    ]);
    expect(graph.linkCount).toBe(4);
    const published = readFileSync(path.join(dir, 'notes/x/index.html'), 'utf8');
    expect(published).not.toContain('data-sa-src');
    expect(published).toContain('<a href="../gone/">gone</a>');
    expect(rewritten).toBe(1);
    // The budget sees the pages as published, in file order.
    expect([...sizes]).toEqual([
      ['index.html', Buffer.byteLength(readFileSync(path.join(dir, 'index.html')))],
      ['notes/x/index.html', Buffer.byteLength(published)],
    ]);
  });
});

describe('scanPages with a cache file', () => {
  const own = mkdtempSync(path.join(tmpdir(), 'page-scan-cache-'));
  afterAll(() => rmSync(own, { recursive: true, force: true }));
  const put = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(own, 'dist', file)), { recursive: true });
    writeFileSync(path.join(own, 'dist', file), text);
  };
  const cacheFile = path.join(own, 'cache', 'page-scan.json');
  const scan = async () => scanPages(await readBuiltSite(path.join(own, 'dist'), '/'), { cacheFile, code: 'v1' });
  const shape = (graph: Awaited<ReturnType<typeof scanPages>>['graph']) =>
    [...graph.pages].map(([at, page]) => [at, { ...page, ids: [...page.ids].sort() }]);

  it('gives the same graph from kept pages, and parses a changed page again', async () => {
    put('index.html', '<body id="top"><a href="a/">a</a><script>go()</script></body>');
    put('a/index.html', '<main><h2 id="x">x</h2><a href="../#top">home</a><a href="#x">x</a></main>');
    const first = await scan();
    const again = await scan();
    expect(shape(again.graph)).toEqual(shape(first.graph));
    expect(findBrokenLinks(again.graph)).toEqual([]);

    put('a/index.html', '<main><h2 id="y">y</h2><a href="../#top">home</a><a href="#x">x</a></main>');
    expect(findBrokenLinks((await scan()).graph)).toEqual([
      { page: '/a/', href: '#x', reason: 'no element with id "x"' },
    ]);
  });
});
