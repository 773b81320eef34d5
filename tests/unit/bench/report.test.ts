import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, parseArgs } from '../../../tools/bench/args.ts';
import {
  buildTable,
  comparisonTable,
  markdownTable,
  ratio,
  scalingCheck,
  seconds,
  type BuildMeasurement,
} from '../../../tools/bench/report.ts';
import { parsePhases } from '../../../tools/bench/phases.ts';

const defaults = { workDir: '/tmp/atlas-bench', seed: 1 };

describe('bench flags', () => {
  it('defaults to 500 and 2000 notes with Starlight, page weight, search, dev and Lighthouse', () => {
    const a = parseArgs([], defaults);
    expect(a.sizes).toEqual(DEFAULT_SIZES);
    expect(DEFAULT_SIZES).toEqual([500, 2000]);
    expect(a).toMatchObject({
      skipStarlight: false,
      skipWeight: false,
      skipSearch: false,
      skipDev: false,
      skipLive: false,
      skipLighthouse: false,
      searchRuns: 3,
      docs: undefined,
      noDocs: false,
      quick: false,
      seed: 1,
      workDir: '/tmp/atlas-bench',
    });
  });

  it('reads --sizes (with or without =), --skip-starlight, --quick and friends', () => {
    expect(parseArgs(['--sizes', '2000,100,500,100'], defaults).sizes).toEqual([100, 500, 2000]);
    expect(parseArgs(['--sizes=50'], defaults).sizes).toEqual([50]);
    expect(parseArgs(['--quick'], defaults).sizes).toEqual([]);
    expect(parseArgs(['--quick'], defaults).searchRuns).toBe(2);
    expect(parseArgs(['--quick'], defaults).skipLighthouse).toBe(true);
    expect(parseArgs(['--quick', '--lighthouse'], defaults).skipLighthouse).toBe(false);
    expect(parseArgs([], defaults).skipLighthouse).toBe(false);
    expect(parseArgs(['--quick', '--search-runs', '4'], defaults).searchRuns).toBe(4);
    expect(parseArgs(['--quick', '--sizes', '300'], defaults).sizes).toEqual([300]);
    expect(
      parseArgs(
        [
          '--skip-starlight',
          '--skip-weight',
          '--warm-diagrams',
          '--keep',
          '--seed',
          '9',
          '--work-dir',
          '/tmp/b',
          '--json',
          '/tmp/r.json',
        ],
        defaults,
      ),
    ).toMatchObject({
      skipStarlight: true,
      skipWeight: true,
      warmDiagrams: true,
      keep: true,
      seed: 9,
      workDir: '/tmp/b',
      json: '/tmp/r.json',
    });
    expect(parseArgs(['--skip-corpus'], defaults).sizes).toEqual([]);
    expect(
      parseArgs(
        [
          '--skip-search',
          '--skip-dev',
          '--skip-live',
          '--skip-lighthouse',
          '--search-runs=5',
          '--docs',
          '/tmp/b.md',
          '--no-docs',
        ],
        defaults,
      ),
    ).toMatchObject({
      skipSearch: true,
      skipDev: true,
      skipLive: true,
      skipLighthouse: true,
      searchRuns: 5,
      docs: '/tmp/b.md',
      noDocs: true,
    });
    expect(() => parseArgs(['--search-runs', '0'], defaults)).toThrow(/--search-runs/);
  });

  it('rejects unknown flags and bad values', () => {
    expect(() => parseArgs(['--size', '100'], defaults)).toThrow(/unknown flag --size/);
    expect(() => parseArgs(['--sizes', '100,abc'], defaults)).toThrow(/--sizes/);
    expect(() => parseArgs(['--sizes'], defaults)).toThrow(/needs a value/);
    expect(() => parseArgs(['--seed', '1.5'], defaults)).toThrow(/--seed/);
  });
});

function build(site: BuildMeasurement['site'], notes: number, wallMs: number, cpuMs?: number): BuildMeasurement {
  return {
    site,
    label: `${site}-${notes}`,
    notes,
    ok: true,
    exitCode: 0,
    wallMs,
    cpuMs,
    phases: parsePhases([], wallMs),
    htmlPages: notes + 100,
    peakProcessRssKiB: 500 * 1024,
    peakTreeRssKiB: 800 * 1024,
    output: { bytes: notes * 50_000, files: notes * 3 },
    searchIndex: { bytes: notes * 4000, files: notes },
    load: { start: [2, 2, 2], end: [3, 3, 3], mean1: 2.5 },
    logFile: '/tmp/x.log',
  };
}

describe('report', () => {
  it('checks that 2000 notes take at most 4.5× the time of 500', () => {
    const ok = scalingCheck([
      build('stack-atlas', 500, 100_000, 80_000),
      build('stack-atlas', 2000, 400_000, 300_000),
      build('starlight', 2000, 9_000_000),
    ]);
    expect(ok).toEqual({ from: 500, to: 2000, wallRatio: 4, cpuRatio: 3.75, limit: 4.5, ok: true });
    expect(scalingCheck([build('stack-atlas', 500, 100_000), build('stack-atlas', 2000, 460_000)])?.ok).toBe(false);
    expect(scalingCheck([build('stack-atlas', 500, 100_000)])).toBeUndefined();
  });

  it('formats times, ratios and tables', () => {
    expect(seconds(1234)).toBe('1.2 s');
    expect(seconds(123_456)).toBe('123 s');
    expect(seconds(undefined)).toBe('n/a');
    expect(ratio(300, 100)).toBe('3.00×');
    expect(ratio(1, 0)).toBe('n/a');
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n|---|---:|\n| x\\|y | 1 |');
  });

  it('prints one row per build and one comparison row per size built by both', () => {
    const builds = [
      build('stack-atlas', 100, 60_000),
      build('starlight', 100, 120_000),
      build('stack-atlas', 500, 200_000),
    ];
    const table = buildTable(builds);
    expect(table.split('\n')).toHaveLength(2 + 3);
    expect(table).toContain('| stack-atlas-100 | 100 | 200 | 60.0 s |');
    const comparison = comparisonTable(builds);
    expect(comparison.split('\n')).toHaveLength(3);
    expect(comparison).toContain('| 100 | 60.0 s / 120 s | 2.00× |');
  });
});
