import { describe, expect, it } from 'vitest';
import { replaceGenerated } from '../../../tools/bench/docs.ts';
import {
  formatValue,
  GOALS,
  goalsTable,
  goalText,
  median,
  missedLines,
  summarize,
  valueCell,
  valueOf,
  verdict,
  type Figure,
} from '../../../tools/bench/goals.ts';

describe('goal comparison', () => {
  it('an upper bound is met at the limit and missed above it', () => {
    expect(verdict({ value: 6000 }, GOALS.ownWarmWallMs)).toBe('met');
    expect(verdict({ value: 6001 }, GOALS.ownWarmWallMs)).toBe('missed');
    expect(verdict({ value: 10 }, GOALS.searchQueryRequests)).toBe('met');
    expect(verdict({ value: 11 }, GOALS.searchQueryRequests)).toBe('missed');
  });

  it('a lower bound (Lighthouse 100) is missed below it', () => {
    expect(verdict({ value: 100 }, GOALS.lighthouse)).toBe('met');
    expect(verdict({ value: 99 }, GOALS.lighthouse)).toBe('missed');
  });

  it('says "not measured" without a value and "no goal" without a goal', () => {
    expect(verdict({ missing: 'skipped' }, GOALS.ownColdWallMs)).toBe('not measured');
    expect(verdict(undefined, GOALS.ownColdWallMs)).toBe('not measured');
    expect(verdict({ value: 3 }, undefined)).toBe('no goal');
  });

  it('valueOf turns undefined and NaN into a reason', () => {
    expect(valueOf(undefined, 'build failed')).toEqual({ missing: 'build failed' });
    expect(valueOf(Number.NaN, 'x')).toEqual({ missing: 'x' });
    expect(valueOf(5, 'x', 'd')).toEqual({ value: 5, detail: 'd' });
  });
});

describe('goal formatting', () => {
  it('formats times, sizes, counts and ratios', () => {
    expect(formatValue(870.4, 'ms')).toBe('870 ms');
    expect(formatValue(5_430, 'ms')).toBe('5.4 s');
    expect(formatValue(123_456, 'ms')).toBe('123 s');
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(30 * 1024, 'bytes')).toBe('30.0 KB');
    expect(formatValue(600 * 1024 ** 2, 'bytes')).toBe('600 MB');
    expect(formatValue(12.34 * 1024 ** 2, 'bytes')).toBe('12.3 MB');
    expect(formatValue(1.5 * 1024 ** 3, 'bytes')).toBe('1.50 GB');
    expect(formatValue(7, 'count')).toBe('7');
    expect(formatValue(3.456, 'ratio')).toBe('3.46×');
  });

  it('writes goals as bounds', () => {
    expect(goalText(GOALS.ownWarmWallMs, 'ms')).toBe('≤ 6.0 s');
    expect(goalText(GOALS.corpus500TreeBytes, 'bytes')).toBe('≤ 1.50 GB');
    expect(goalText(GOALS.lighthouse, 'score')).toBe('≥ 100');
    expect(goalText(undefined, 'ms')).toBe('—');
  });

  it('marks each cell met / missed, or not measured with the reason', () => {
    expect(valueCell({ value: 250 }, GOALS.firstResultMs, 'ms')).toBe('250 ms — met');
    expect(valueCell({ value: 450, detail: '3 runs' }, GOALS.firstResultMs, 'ms')).toBe('450 ms (3 runs) — **missed**');
    expect(valueCell({ value: 9000 }, undefined, 'ms')).toBe('9.0 s');
    expect(valueCell({ missing: '--quick' }, GOALS.ownColdWallMs, 'ms')).toBe('not measured (--quick)');
    expect(valueCell({ missing: 'not run (--quick)' }, GOALS.ownColdWallMs, 'ms')).toBe('not run (--quick)');
    expect(valueCell({ missing: 'skipped (--skip-dev)' }, GOALS.devReadyMs, 'ms')).toBe('skipped (--skip-dev)');
    expect(valueCell(undefined, GOALS.ownColdWallMs, 'ms')).toBe('—');
  });

  const figures: Figure[] = [
    {
      group: 'Own content',
      label: 'cold — wall',
      unit: 'ms',
      goal: GOALS.ownColdWallMs,
      ours: { value: 25_000 },
      theirs: { value: 9_000 },
    },
    { group: 'Own content', label: 'cold — CPU', unit: 'ms', ours: { value: 30_000 } },
    {
      group: 'Pages',
      label: 'note | first load',
      unit: 'bytes',
      goal: GOALS.notePageBytes,
      ours: { value: 20 * 1024 },
    },
    { group: 'Pages', label: 'Lighthouse', unit: 'score', goal: GOALS.lighthouse, ours: { missing: 'no lighthouse' } },
  ];

  it('renders one table per group with ours and Starlight side by side', () => {
    const md = goalsTable(figures);
    expect(md).toContain('**Own content**');
    expect(md).toContain('| figure | goal | Stack Atlas | Starlight |');
    expect(md).toContain('| cold — wall | ≤ 20.0 s | 25.0 s — **missed** | 9.0 s — met |');
    expect(md).toContain('| cold — CPU | — | 30.0 s | — |');
    expect(md).toContain('| note \\| first load | ≤ 25.0 KB | 20.0 KB — met | — |');
    expect(md).toContain('| Lighthouse | ≥ 100 | not measured (no lighthouse) | — |');
    expect(md.indexOf('**Pages**')).toBeGreaterThan(md.indexOf('cold — CPU'));
  });

  it('counts verdicts of figures with a goal and lists the missed ones', () => {
    expect(summarize(figures)).toEqual({ met: 1, missed: 1, notMeasured: 1 });
    expect(missedLines(figures)).toEqual(['Own content — cold — wall: 25.0 s (goal ≤ 20.0 s)']);
  });

  it('median of an odd and an even list, ignoring non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeUndefined();
  });
});

describe('results in docs/benchmarks.md', () => {
  const doc = '# Benchmarks\n\nHand-written.\n\n## Size budgets\n\nMore text.\n';

  it('inserts the block before the given heading when the markers are missing', () => {
    const out = replaceGenerated(doc, 'quick', 'table 1', '## Size budgets');
    expect(out).toMatch(
      /Hand-written\.\n\n<!-- bench:quick:start -->\n[^]*table 1\n\n<!-- bench:quick:end -->\n\n## Size budgets/,
    );
    expect(out).toContain('More text.');
  });

  it('replaces only the text between its own markers, keeping everything else', () => {
    const once = replaceGenerated(replaceGenerated(doc, 'quick', 'A', '## Size budgets'), 'full', 'B');
    const twice = replaceGenerated(once, 'quick', 'C');
    expect(twice).toContain('C');
    expect(twice).not.toContain('\nA\n');
    expect(twice).toContain('\nB\n');
    expect(twice).toContain('Hand-written.');
    expect(replaceGenerated(twice, 'quick', 'C')).toBe(twice);
  });

  it('ignores markers quoted inside a line of prose', () => {
    const quoted =
      'See `<!-- bench:quick:start -->` below.\n\n<!-- bench:quick:start -->\nold\n<!-- bench:quick:end -->\n';
    const out = replaceGenerated(quoted, 'quick', 'new');
    expect(out.startsWith('See `<!-- bench:quick:start -->` below.\n\n<!-- bench:quick:start -->')).toBe(true);
    expect(out).toContain('new');
    expect(out).not.toContain('old');
  });

  it('appends at the end without a heading, and refuses a half-deleted block', () => {
    expect(replaceGenerated('x\n', 'full', 'B').endsWith('<!-- bench:full:end -->\n')).toBe(true);
    expect(() => replaceGenerated('<!-- bench:full:start -->\n', 'full', 'B')).toThrow(/bench:full:end/);
  });
});
