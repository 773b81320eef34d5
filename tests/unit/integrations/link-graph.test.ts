import { describe, expect, it } from 'vitest';
import { collectSite, findBrokenLinks, parsePage } from '../../../src/integrations/link-graph.ts';

describe('parsePage', () => {
  it('finds ids, anchors, links, images and scripts, with entities decoded', () => {
    const page = parsePage(
      '<html><head><link rel="canonical" href="https://x/a/"><link rel="icon" href="/favicon.svg">' +
        '<script src="/a.js"></script></head><body><h2 id="1-容器">x</h2><a name="jp1"></a>' +
        '<a href="/cards/runc/?q=a&amp;b=c#x">runc</a><img src=/img.png alt=""><svg><a href="/cards/oci/"><rect/></a></svg>' +
        '</body></html>',
    );
    expect([...page.ids]).toEqual(['1-容器', 'jp1']);
    expect(page.links.map((l) => l.href)).toEqual([
      '/favicon.svg',
      '/a.js',
      '/cards/runc/?q=a&b=c#x',
      '/img.png',
      '/cards/oci/',
    ]);
  });

  it('ignores what only looks like markup: script and style bodies, comments, escaped code', () => {
    const page = parsePage(
      '<script>if (a<b) document.write("<a href=\'/nope/\'>")</script><style>a[href="/no/"]{}</style>' +
        '<!-- <a href="/old/"> --><pre><code>&lt;a href="/code/"&gt;</code></pre>',
    );
    expect(page.links).toEqual([]);
  });

  it('reads a meta refresh target', () => {
    expect(parsePage('<meta http-equiv="refresh" content="0; url=/cards/kubernetes/">').redirect).toBe(
      '/cards/kubernetes/',
    );
  });
});

describe('findBrokenLinks', () => {
  it('reports missing pages, missing anchors and links outside the base', () => {
    const site = collectSite(
      '/atlas/',
      ['index.html', 'cards/runc/index.html', 'favicon.svg'],
      [
        parsePage(
          '<a href="cards/runc/#features">ok</a><a href="cards/nope/">x</a><a href="/elsewhere/">y</a>',
          'index.html',
        ),
        parsePage(
          '<h2 id="summary"></h2><a href="#features">z</a><img src="../../favicon.svg">',
          'cards/runc/index.html',
        ),
      ],
    );
    expect(findBrokenLinks(site).map((b) => `${b.page} ${b.href}: ${b.reason}`)).toEqual([
      '/atlas/ cards/runc/#features: no element with id "features"',
      '/atlas/ cards/nope/: no such page',
      '/atlas/ /elsewhere/: outside the base path /atlas/',
      '/atlas/cards/runc/ #features: no element with id "features"',
    ]);
  });
});
