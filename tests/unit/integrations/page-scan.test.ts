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
