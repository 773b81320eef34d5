import { describe, expect, it } from 'vitest';
import {
  isIntegrationTag,
  lineTag,
  parseDiagramFigures,
  parsePhases,
  stripAnsi,
  type LogLine,
} from '../../../tools/bench/phases.ts';

/** A log as our site prints it, each line with the ms it arrived at. */
const ours: LogLine[] = [
  [
    900,
    '\x1b[2m21:39:28\x1b[22m \x1b[34m[stack-atlas:validate-content]\x1b[39m content: 100 notes, 16 cards, 42 relations, 6 layers, 0 examples',
  ],
  [1200, '21:39:28 [stack-atlas:diagrams] diagrams: 0/38 rendered, 38 cached (no browser needed)'],
  [
    1300,
    '21:39:28 [stack-atlas:diagrams] 19 diagrams (×2 themes) in 0.6 s: 0 rendered, 38 cached → cache/diagram-manifest.json',
  ],
  [5000, '21:39:33 [content] Syncing content'],
  [5100, '21:39:34 [WARN] [strict-glob-loader] The base directory "/tmp/x/examples/" does not exist.'],
  [29000, '21:39:57 [content] Synced content'],
  [29100, '21:39:57 [build] Building static entrypoints...'],
  [41000, '21:40:09 [vite] ✓ built in 11.32s'],
  [42000, ''],
  [42010, ' generating static routes '],
  [42100, '21:40:11   ├─ /404.html (+23ms) '],
  [42200, '21:40:11   ├─ /api/cards.json (+13ms) '],
  [43000, '21:40:12   ├─ /notes/bench-0001/index.html (+13ms) '],
  [44000, '21:40:13   └─ /index.html (+6ms) '],
  [130000, '21:41:38 ✓ Completed in 1m 28s.'],
  [130100, '21:41:38 [build] ✓ Completed in 1m 41s.'],
  [131000, '21:41:39 [@astrojs/sitemap] `sitemap-index.xml` created at `dist`'],
  [134000, '21:41:42 [build] Waiting for integration "stack-atlas:link-check", hook "astro:build:done"...'],
  [141000, '21:41:49 [stack-atlas:link-check] link check: 207 pages, 11148 internal links, 0 broken'],
  [142000, '21:41:50 [WARN] [stack-atlas:url-contract] url contract:  not found; run npm run urls to create it'],
  [
    151000,
    '21:42:00 [stack-atlas:search-index] search index: 120 pages (16 card, 3 page, 1 layer, 100 note) and 6 layer records',
  ],
  [152000, '21:42:00 [stack-atlas:search-index] search index: pagefind/ is 1165.4 KiB in 158 files'],
  [
    160000,
    '21:42:20 [BABEL] Note: The code generator has deoptimised the styling of sw.js as it exceeds the max of 500KB.',
  ],
  [186000, '21:42:39 [stack-atlas:offline] offline: 425 files precached (10.23 MiB)'],
  [186500, '21:42:39 [stack-atlas:security-headers] security headers: _headers written'],
  [187000, '21:42:39 [stack-atlas:atomic-output] output moved into place: dist/'],
  [187100, '21:42:39 [build] 207 page(s) built in 3m 12s'],
  [187200, '21:42:39 [build] Complete!'],
  [187300, '[bench:process] {"maxRssKiB":1,"userMs":1,"systemMs":1}'],
].map(([t, text]) => ({ t: t as number, text: text as string }));

describe('build log phases', () => {
  it('strips colours and finds the integration tag', () => {
    expect(stripAnsi('\x1b[2m21:39:28\x1b[22m \x1b[34m[content]\x1b[39m Synced content  ')).toBe(
      '21:39:28 [content] Synced content',
    );
    expect(lineTag('21:41:50 [WARN] [stack-atlas:url-contract] url contract')).toBe('stack-atlas:url-contract');
    expect(lineTag(' generating static routes ')).toBeUndefined();
    expect(['stack-atlas:offline', 'starlight:pagefind', '@astrojs/sitemap'].every(isIntegrationTag)).toBe(true);
    expect(['build', 'vite', 'content', 'BABEL', 'bench:process', 'bench:diagrams'].some(isIntegrationTag)).toBe(false);
  });

  it('splits our build into start-up, content sync, bundle, pages and post-build steps', () => {
    const p = parsePhases(ours, 188000);
    expect(p.totalMs).toBe(188000);
    expect(p.startupMs).toBe(5000);
    expect(p.contentSyncMs).toBe(24000);
    expect(p.bundleMs).toBe(42010 - 29000);
    expect(p.pagesMs).toBe(130000 - 42010);
    expect(p.routes).toBe(4);
    expect(p.htmlRoutes).toBe(3);
    // sitemap 1000 (from the pages' ✓ line), link-check 10000, url-contract 1000, search 10000, offline 34000 …
    expect(p.postBuild.map((x) => x.name)).toEqual([
      '@astrojs/sitemap',
      'stack-atlas:link-check',
      'stack-atlas:url-contract',
      'stack-atlas:search-index',
      'stack-atlas:offline',
      'stack-atlas:security-headers',
      'stack-atlas:atomic-output',
      '(wrap-up until exit)',
    ]);
    expect(p.checksMs).toBe(10000 + 1000);
    expect(p.searchIndexMs).toBe(10000);
    expect(p.otherPostBuildMs).toBe(1000 + 34000 + 500 + 500 + 1000);
    expect(p.searchSummary).toHaveLength(2);
    expect(p.searchSummary[1]).toMatch(/^search index: pagefind\/ is 1165\.4 KiB/);
  });

  it('reads the diagram figures from the integration lines, or the probe when present', () => {
    expect(parseDiagramFigures(ours)).toEqual({ rendered: 0, cached: 38, ms: 0, source: 'log' });
    const withRenders = [
      { t: 1, text: '[stack-atlas:diagrams] diagrams: 12/40 rendered, 28 cached … 30/40' },
      {
        t: 2,
        text: '[stack-atlas:diagrams] diagrams: 12/40 rendered, 28 cached (1800 ms browser set-up, 420 ms rendering)',
      },
    ];
    expect(parseDiagramFigures(withRenders)).toEqual({ rendered: 12, cached: 28, ms: 2220, source: 'log' });
    const probe = [
      ...withRenders,
      { t: 3, text: '[bench:diagrams] {"rendered":52,"cached":38,"setupMs":2000,"renderMs":3000,"browserLaunches":2}' },
    ];
    expect(parseDiagramFigures(probe)).toEqual({ rendered: 52, cached: 38, ms: 5000, source: 'probe' });
    expect(parseDiagramFigures([{ t: 1, text: '[content] Syncing content' }])).toBeUndefined();
  });

  it("treats Starlight's Pagefind step as the search index", () => {
    const lines: LogLine[] = [
      { t: 100, text: '[content] Syncing content' },
      { t: 70000, text: '[content] Synced content' },
      { t: 72000, text: ' generating static routes ' },
      { t: 72100, text: '├─ /runtime/bench-0005/index.html (+31ms)' },
      { t: 73000, text: '✓ Completed in 1.05s.' },
      { t: 73100, text: '[build] ✓ Completed in 2.87s.' },
      { t: 73200, text: '[starlight:pagefind] Building search index with Pagefind...' },
      { t: 74400, text: '[starlight:pagefind] Finished building search index in 1.14s.' },
      {
        t: 74500,
        text: '[WARN] [@astrojs/sitemap] The Sitemap integration requires the `site` astro.config option. Skipping.',
      },
    ];
    const p = parsePhases(lines, 75000);
    expect(p.searchIndexMs).toBe(1400);
    expect(p.checksMs).toBeUndefined();
    expect(p.pagesMs).toBe(1000);
    expect(p.diagrams).toBeUndefined();
  });

  it('leaves phases it cannot find undefined', () => {
    const p = parsePhases([{ t: 5, text: 'error: something broke' }], 10);
    expect(p.contentSyncMs).toBeUndefined();
    expect(p.pagesMs).toBeUndefined();
    expect(p.postBuild).toEqual([]);
  });
});

describe('post-build steps of the combined integration', () => {
  it('reads "… done in N ms" for the search index and the checks', () => {
    const text = [
      '07:58:00 [content] Syncing content',
      '07:58:01 [content] Synced content',
      '07:58:02 [build] generating static routes',
      '07:58:03 ✓ Completed in 1.00s.',
      '07:58:04 [stack-atlas:post-build] link check done in 398 ms',
      '07:58:05 [stack-atlas:post-build] search index done in 18734 ms',
      '07:58:06 [stack-atlas:post-build] link previews done in 30167 ms',
      '07:58:06 [stack-atlas:post-build] url contract done in 5 ms',
    ];
    const lines = text.map((t, i) => ({ t: i * 1000 + (i >= 4 ? 30_000 : 0), text: t }));
    const p = parsePhases(lines, 40_000);
    expect(p.searchIndexMs).toBe(18734);
    expect(p.checksMs).toBe(403);
    expect(p.otherPostBuildMs).toBe(40_000 - 3000 - 18734 - 403);
  });
});
