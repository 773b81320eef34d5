import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BUDGETS,
  checkBudgets,
  classifyResource,
  formatBytes,
  gzipSize,
  inlineScripts,
  summarizePage,
  totalsByKind,
  type MeasuredResource,
} from '../../../tools/bench/weight.ts';

const res = (
  url: string,
  kind: MeasuredResource['kind'],
  gzipBytes: number,
  beforeLoad = true,
  status = 200,
): MeasuredResource => ({
  url: `http://127.0.0.1:4321${url}`,
  kind,
  status,
  rawBytes: gzipBytes * 3,
  gzipBytes,
  beforeLoad,
});

describe('gzip transfer size', () => {
  it('is the size of the body gzipped at level 9', () => {
    const text = '容器技术栈图谱 '.repeat(500);
    const size = gzipSize(text);
    expect(size).toBe(gzipSync(Buffer.from(text), { level: 9 }).byteLength);
    expect(size).toBeLessThan(Buffer.byteLength(text) / 10);
    expect(gunzipSync(gzipSync(Buffer.from(text), { level: 9 })).toString()).toBe(text);
    expect(gzipSize(new Uint8Array([1, 2, 3]))).toBeGreaterThan(3);
  });
});

describe('classifyResource', () => {
  it('uses the resource type, the content type, then the file extension', () => {
    expect(classifyResource('http://x/', 'text/html; charset=utf-8', 'document')).toBe('html');
    expect(classifyResource('http://x/_astro/a.css', '', 'stylesheet')).toBe('css');
    expect(classifyResource('http://x/_astro/a.B1.js', 'text/javascript', 'script')).toBe('js');
    expect(classifyResource('http://x/pagefind/pagefind.js', 'application/javascript', 'fetch')).toBe('js');
    expect(classifyResource('http://x/_astro/noto-sans-sc-4.woff2', 'font/woff2', 'font')).toBe('font');
    expect(classifyResource('http://x/f.woff2?v=1')).toBe('font');
    expect(classifyResource('http://x/favicon.svg', 'image/svg+xml', 'image')).toBe('image');
    expect(classifyResource('http://x/pagefind/wasm.unknown.pagefind', 'application/octet-stream', 'fetch')).toBe(
      'other',
    );
    expect(classifyResource('http://x/manifest.webmanifest', 'application/manifest+json', 'manifest')).toBe('other');
  });
});

describe('inlineScripts', () => {
  it('keeps executable inline scripts only', () => {
    const html = `<head>
      <script>document.documentElement.dataset.theme = localStorage.theme</script>
      <script type="module">import('./x.js')</script>
      <script type="module" src="/_astro/page.js"></script>
      <script src="/a.js"></script>
      <script type="application/ld+json">{"@type":"Article"}</script>
      <script type="application/json" id="data">{"a":1}</script>
      <script type="importmap">{"imports":{}}</script>
      <script type="text/javascript">var a = 1;</script>
      <script>   </script>
    </head>`;
    expect(inlineScripts(html)).toEqual([
      'document.documentElement.dataset.theme = localStorage.theme',
      "import('./x.js')",
      'var a = 1;',
    ]);
  });
});

describe('summarizePage', () => {
  const html = '<html><head><script>var theme = 1</script></head><body></body></html>';
  const resources = [
    res('/notes/x/', 'html', 9000),
    res('/_astro/base.css', 'css', 12000),
    res('/_astro/page.js', 'js', 4000),
    res('/_astro/search-dialog.js', 'js', 20000, false),
    res('/_astro/noto.woff2', 'font', 50000),
    res('/_astro/missing.js', 'js', 100, true, 404),
  ];
  const w = summarizePage('http://127.0.0.1:4321/notes/x/', resources, html);

  it('totals every transferred response by kind', () => {
    expect(w.totals.js).toEqual({ count: 3, rawBytes: 3 * 24100, gzipBytes: 24100 });
    expect(w.totals.font.gzipBytes).toBe(50000);
    expect(w.totalGzipBytes).toBe(9000 + 12000 + 24100 + 50000);
    expect(totalsByKind([]).html.count).toBe(0);
  });

  it('counts JS requested before load plus inline scripts as JS before interaction, not lazy imports', () => {
    expect(w.jsBeforeInteraction.externalGzipBytes).toBe(4000);
    expect(w.jsBeforeInteraction.inlineScripts).toBe(1);
    expect(w.jsBeforeInteraction.inlineGzipBytes).toBe(gzipSize('var theme = 1'));
    expect(w.jsBeforeInteraction.gzipBytes).toBe(4000 + gzipSize('var theme = 1'));
    expect(w.jsBeforeInteraction.assets.map((a) => a.url)).toEqual(['http://127.0.0.1:4321/_astro/page.js']);
    expect(w.cssBeforeInteraction.gzipBytes).toBe(12000);
  });
});

describe('checkBudgets', () => {
  it('passes a page within budget', () => {
    const w = summarizePage(
      'http://h/cards/runc/',
      [res('/cards/runc/', 'html', 5000), res('/_astro/a.css', 'css', 20000), res('/_astro/a.js', 'js', 3000)],
      '',
    );
    expect(checkBudgets('card', w)).toEqual([]);
  });

  it('names the page and the assets, largest first, when over budget', () => {
    const w = summarizePage(
      'http://h/notes/container-background/',
      [
        res('/notes/container-background/', 'html', 5000),
        res('/_astro/small.js', 'js', 2000),
        res('/_astro/big.js', 'js', 16000),
        res('/_astro/a.css', 'css', 25000),
        res('/_astro/b.css', 'css', 8000),
      ],
      '<script>1</script>',
    );
    const problems = checkBudgets('note', w);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^note \(\/notes\/container-background\/\): JS before interaction is 17\.\d KB gzipped, budget 15\.0 KB: \/_astro\/big\.js \(15\.6 KB\), \/_astro\/small\.js \(2\.0 KB\), 1 inline script/,
    );
    expect(problems[1]).toMatch(
      /^note \(\/notes\/container-background\/\): CSS is 32\.2 KB gzipped, budget 30\.0 KB: \/_astro\/a\.css \(24\.4 KB\), \/_astro\/b\.css \(7\.8 KB\)$/,
    );
  });

  it('uses 15 KB of JS and 30 KB of CSS (1 KB = 1024 bytes) by default', () => {
    expect(BUDGETS).toEqual({ jsBeforeInteraction: 15 * 1024, css: 30 * 1024 });
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(15 * 1024)).toBe('15.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
    expect(formatBytes(undefined)).toBe('n/a');
  });
});
