/** Broken links are reported where the author wrote them, and may be downgraded to warnings for imports. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLinks } from '../../src/integrations/link-check.ts';
import { parsePage, type Site } from '../../src/integrations/link-graph.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-links-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function site(pages: Record<string, string>): Site {
  const parsed = new Map(Object.entries(pages).map(([url, html]) => [url, parsePage(html, url)]));
  return { base: '/', pages: parsed, files: new Set(['/favicon.svg']), linkCount: 0 };
}

describe('link check', () => {
  it('names the stamped source line', () => {
    const graph = site({ '/notes/x/': '<a href="local-doc.html" data-sa-src="content/notes/x.md:98">doc</a>' });
    expect(() => checkLinks(graph, { mode: 'error' })).toThrow('content/notes/x.md:98: local-doc.html (no such page)');
  });

  it('finds unstamped links (raw HTML) in the page’s source file by their text', () => {
    const file = path.join(dir, 'raw.md');
    writeFileSync(file, '---\ntitle: x\n---\n\n一段。\n\n<a href="old/page.html">旧页</a>\n');
    const graph = site({ '/notes/raw/': '<a href="old/page.html">旧页</a>' });
    const sourceOf = (page: string) => (page === '/notes/raw/' ? file : undefined);
    expect(() => checkLinks(graph, { mode: 'error', sourceOf })).toThrow(`${file}:7: old/page.html (no such page)`);
  });

  it('reports anchors readably and the page when no source is known', () => {
    const graph = site({ '/a/': '<a href="/b/#%E7%BB%93%E5%B0%BE">x</a>', '/b/': '<h2 id="开始"></h2>' });
    expect(() => checkLinks(graph, { mode: 'error' })).toThrow('/a/: /b/#结尾 (no element with id "结尾")');
  });

  it('refuses a path that browsers read as another host (a backslash is a slash to them)', () => {
    const graph = site({ '/notes/x/': '<a href="/\\evil.example/" data-sa-src="content/notes/x.md:4">x</a>', '/': '' });
    expect(() => checkLinks(graph, { mode: 'error' })).toThrow(
      'content/notes/x.md:4: /\\evil.example/ (leads off the site, to evil.example)',
    );
  });

  it('publishes with warnings when asked, and passes a site without broken links', () => {
    const graph = site({
      '/notes/x/': '<a href="nope/" data-sa-src="content/notes/x.md:3">x</a>',
      '/': '<a href="/notes/x/">x</a>',
    });
    const result = checkLinks(graph, { mode: 'warn' });
    expect(result.warnings).toEqual(['link check: warning: content/notes/x.md:3: nope/ (no such page)']);
    expect(result.summary).toMatch(/1 broken$/);
    expect(checkLinks(site({ '/': '<a href="/favicon.svg">x</a>' }), { mode: 'error' }).warnings).toEqual([]);
  });
});
