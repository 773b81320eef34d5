import { describe, expect, it } from 'vitest';
import { editOneSentence } from '../../../tools/bench/edit.ts';
import { collectFigures, lighthouseValue, searchTable, type BenchResults } from '../../../tools/bench/figures.ts';
import { goalsTable, summarize } from '../../../tools/bench/goals.ts';
import { parseLighthouseReport } from '../../../tools/bench/lighthouse.ts';
import { parsePhases } from '../../../tools/bench/phases.ts';
import type { BuildMeasurement } from '../../../tools/bench/report.ts';
import type { SearchTiming } from '../../../tools/bench/search.ts';

function build(label: string, wallMs: number, ok = true): BuildMeasurement {
  return {
    site: label.startsWith('starlight') ? 'starlight' : 'stack-atlas',
    label,
    notes: 2,
    ok,
    exitCode: ok ? 0 : 1,
    wallMs,
    cpuMs: wallMs * 1.5,
    phases: parsePhases([], wallMs),
    htmlPages: 10,
    peakProcessRssKiB: 400 * 1024,
    peakTreeRssKiB: 700 * 1024,
    output: { bytes: 8 * 1024 ** 2, files: 100 },
    searchIndex: { bytes: 1000, files: 3 },
    load: { start: [1, 1, 1], end: [1, 1, 1], mean1: 1 },
    logFile: '/tmp/x.log',
  };
}

const search: SearchTiming = {
  site: 'stack-atlas',
  runs: 2,
  queries: [{ q: 'runc', next: 'runc ', dialogFirst: [250, 270], dialogNext: [40, 60], page: [500, 700], errors: [] }],
  dialogFirstMs: 260,
  dialogNextMs: 50,
  pageMs: 600,
};

function results(): BenchResults {
  return {
    own: {
      ours: {
        cold: build('own-cold', 19_000),
        warm: build('own-unchanged', 11_000),
        edit: build('own-edit', 4_000, false),
        dev: { readyMs: 3_000, firstPageMs: 9_000, status: 200, logFile: '/tmp/d.log' },
        devEdit: {
          note: { ms: [700, 900, 800], how: ['hot', 'hot', 'reload'], errors: [] },
          card: { ms: [], how: [], errors: ['edit 1: Timeout 60000ms exceeded.'] },
          load: { start: 3, end: 5, mean: 4.2 },
          logFile: '/tmp/e.log',
        },
        search,
      },
      theirs: { skipped: 'skipped (--skip-starlight)' },
    },
    corpus500: { ours: { skipped: 'not run (--quick)' }, theirs: { skipped: 'not run (--quick)' } },
    corpus2000: { ours: { skipped: 'not run (--quick)' }, theirs: { skipped: 'not run (--quick)' } },
    lighthouse: {
      ours: {
        pages: { note: { url: 'u', scores: { performance: 90, accessibility: 100, 'best-practices': 100, seo: 100 } } },
      },
      theirs: { missing: 'not run (--quick)' },
    },
  };
}

describe('figures of the goal table', () => {
  const figures = collectFigures(results());
  const find = (label: string, group = 'Own content') =>
    figures.find((f) => f.label === label && f.group.startsWith(group))!;

  it('has every row of the issue table and of the search issue', () => {
    const labels = figures.map((f) => `${f.group.split(' ')[0]} ${f.label}`);
    expect(labels).toHaveLength(39);
    expect(find('warm rebuild — wall').ours).toEqual({ value: 11_000, detail: undefined });
    expect(find('warm rebuild — peak RSS (process tree)').ours).toEqual({
      value: 700 * 1024 ** 2,
      detail: 'build process 400 MB',
    });
    expect(find('cold build — output tree').ours).toMatchObject({ value: 8 * 1024 ** 2 });
    expect(find('`astro dev` until first page served').ours).toMatchObject({ value: 9_000 });
  });

  it('gives the median of the dev edits with their spread and the load average, or why there is none', () => {
    expect(find('`astro dev`: note sentence saved → visible in the open page').ours).toEqual({
      value: 800,
      detail: 'median of 3, 0.7–0.9 s, 2 in place, load 4.2',
    });
    expect(find('`astro dev`: card field saved → visible in the open page').ours).toEqual({
      missing: 'edit 1: Timeout 60000ms exceeded.',
    });
  });

  it('says why a figure is missing: failed build, --quick, skipped Starlight, no page', () => {
    expect(find('one sentence edited — wall').ours).toEqual({ missing: 'build failed (exit 1)' });
    expect(find('cold — wall', '500').ours).toEqual({ missing: 'not run (--quick)' });
    expect(find('warm rebuild — wall').theirs).toEqual({ missing: 'skipped (--skip-starlight)' });
    expect(find('note page', 'First load').ours).toEqual({ missing: 'page weight not run' });
    expect(find('Lighthouse mobile — performance', 'First').theirs).toEqual({ missing: 'not run (--quick)' });
  });

  it('takes search medians and the 2,000 / 500 ratio', () => {
    expect(find('dialog: intent → first result', 'Search').ours).toEqual({
      value: 260,
      detail: 'median, 1 query × 2 runs',
    });
    const r = results();
    r.corpus500.ours = { cold: build('atlas-500-cold', 60_000) };
    r.corpus2000.ours = { cold: build('atlas-2000-cold', 240_000) };
    const ratio = collectFigures(r).find((f) => f.label.startsWith('cold — ratio'))!;
    expect(ratio.ours).toEqual({ value: 4, detail: 'CPU 4.00×' });
    expect(goalsTable([ratio])).toContain('4.00× (CPU 4.00×) — **missed**');
  });

  it('reads what a first visit downloads in the background from the build log; the 2,000-note row has the 1 MB goal', () => {
    const r = results();
    const withLine = (label: string, line: string): BuildMeasurement => ({
      ...build(label, 100_000),
      phases: parsePhases([{ t: 10, text: `12:00:00 [stack-atlas:post-build] ${line}` }], 100_000),
    });
    r.corpus2000.ours = {
      cold: withLine(
        'atlas-2000-cold',
        'offline: first visit precaches 70 files (0.90 MiB, 1100.0 KiB compressed); 4000 more (90 MiB) are cached as read or saved; fonts are cached when used',
      ),
    };
    const row = collectFigures(r).find((f) => f.group.startsWith('2,000') && f.label.startsWith('first visit'))!;
    expect(row.ours).toEqual({ value: 1100 * 1024 });
    expect(row.theirs).toBeUndefined();
    expect(goalsTable([row])).toContain('**missed**');
    // A build that printed no such line has no figure, and says so.
    expect(find('first visit: offline worker downloads in the background').ours).toEqual({ missing: 'no figure' });
  });

  it('reports the live machine: download, cold and warm prompt, round trip, tab memory, CI', () => {
    const live = (label: string) => find(label, 'Live machine');
    expect(live('press → prompt, warm cache (offline worker)').ours).toEqual({ missing: 'live machine not run' });
    const r = results();
    r.own.ours.live = {
      page: '/playground/',
      coldPromptMs: 4_200,
      warmPromptMs: 2_500,
      download: { requests: 9, rawBytes: 18 * 1024 ** 2, gzipBytes: 16 * 1024 ** 2 },
      roundTrips: [120, 80, 100],
      roundTripMs: 100,
      tabRssBytes: 400 * 1024 ** 2,
      ci: { ms: 150_000, passed: 7, failed: 0 },
      errors: [],
    };
    const rows = collectFigures(r).filter((f) => f.group.startsWith('Live machine'));
    const row = (label: string) => rows.find((f) => f.label === label)!;
    expect(row('downloaded before the first prompt (gzip)').ours).toEqual({
      value: 16 * 1024 ** 2,
      detail: '9 requests, 18.0 MB as served',
    });
    expect(row('command round trip (Enter → answer)').ours).toEqual({ value: 100, detail: 'median of 120, 80, 100' });
    const table = goalsTable(rows);
    expect(table).toMatch(/press → prompt, warm cache[^\n]*— \*\*missed\*\*/);
    expect(table).toMatch(/CI: every live example under Node[^\n]*— \*\*missed\*\*/);
    expect(table).toMatch(/downloaded before the first prompt[^\n]*— met/);
    expect(row('tab memory (renderer RSS, machine running)').theirs).toEqual({
      missing: 'skipped (--skip-starlight)',
    });
  });

  it('marks met and missed against the goals', () => {
    const s = summarize(figures);
    expect(s.missed).toBeGreaterThanOrEqual(4); // warm 11 s, RSS 700 MB, dev page 9 s, /search/ 600 ms, LH 90
    expect(goalsTable(figures)).toContain('| `astro dev` until ready | ≤ 5.0 s | 3.0 s — met |');
  });

  it('Lighthouse: the lowest score over the pages, naming them', () => {
    const scores = (p: number) => ({ performance: p, accessibility: 100, 'best-practices': 100, seo: 100 });
    expect(
      lighthouseValue(
        { pages: { note: { url: 'a', scores: scores(90) }, home: { url: 'b', scores: scores(70) } } },
        'performance',
      ),
    ).toEqual({ value: 70, detail: 'lowest of note 90, home 70' });
    expect(lighthouseValue({ pages: { note: { url: 'a', error: 'boom' } } }, 'seo')).toEqual({ missing: 'boom' });
    expect(lighthouseValue(undefined, 'seo')).toEqual({ missing: 'not run' });
  });

  it('search table: one row per site and query', () => {
    const md = searchTable([search, undefined]);
    expect(md).toContain(
      '| Stack Atlas | `runc` | 260 ms (250, 270) | `runc `: 50 ms (40, 60) | 600 ms (500, 700) |  |',
    );
  });
});

describe('one sentence edited', () => {
  it('changes the first prose sentence only, not frontmatter, headings, quotes or code', () => {
    const text = [
      '---',
      'title: 标题。',
      '---',
      '# 标题。',
      '> 引用。',
      '```sh',
      'echo 代码。',
      '```',
      '第一句。第二句。',
      '第三句。',
    ].join('\n');
    const out = editOneSentence(text, 'bench x');
    expect(out.split('\n')[8]).toBe('第一句（bench x）。第二句。');
    expect(out.split('\n').filter((l, i) => l !== text.split('\n')[i])).toHaveLength(1);
  });

  it('throws when there is no sentence to edit', () => {
    expect(() => editOneSentence('---\na: 1\n---\n# 只有标题。\n', 't')).toThrow(/no sentence/);
  });
});

describe('Lighthouse report', () => {
  it('reads the four category scores and the audits that lost points', () => {
    const json = JSON.stringify({
      categories: {
        performance: {
          score: 0.69,
          auditRefs: [
            { id: 'cumulative-layout-shift', weight: 25 },
            { id: 'x', weight: 0 },
          ],
        },
        accessibility: { score: 1, auditRefs: [] },
        'best-practices': { score: 1, auditRefs: [] },
        seo: { score: 0.92, auditRefs: [{ id: 'meta-description', weight: 1 }] },
      },
      audits: {
        'cumulative-layout-shift': { score: 0.69, displayValue: '0.173', title: 'CLS' },
        x: { score: 0, title: 'x' },
        'meta-description': { score: 0, title: 'Meta' },
      },
    });
    expect(parseLighthouseReport('u', json)).toEqual({
      url: 'u',
      scores: { performance: 69, accessibility: 100, 'best-practices': 100, seo: 92 },
      losses: ['cumulative-layout-shift 0.173', 'meta-description'],
    });
    expect(parseLighthouseReport('u', JSON.stringify({ runtimeError: { message: 'NO_FCP' } }))).toEqual({
      url: 'u',
      error: 'NO_FCP',
    });
  });
});
