/**
 * The goal table of the benchmark (issue "npm run bench reports every figure"):
 * each figure next to its goal, ours and Starlight's, marked met / missed.
 * Pure (no I/O); unit-tested in tests/unit/bench/goals.test.ts.
 *
 * Units: 1 KB = 1,024 bytes, 1 MB = 1,024² bytes, 1 GB = 1,024³ bytes (as everywhere in
 * the benchmark); times in ms.
 */

export type Unit = 'ms' | 'bytes' | 'count' | 'ratio' | 'score';

/** A goal is an upper bound (`max`) or a lower bound (`min`) on a figure. */
export interface Goal {
  max?: number | undefined;
  min?: number | undefined;
}

/** One measured value, or why there is none. */
export type Value = { value: number; detail?: string | undefined } | { missing: string };

export interface Figure {
  /** Group heading, e.g. "Own content (content/)". */
  group: string;
  /** Row label, e.g. "warm rebuild — wall". */
  label: string;
  unit: Unit;
  goal?: Goal | undefined;
  ours: Value;
  /** Starlight's figure on the same content, when there is an equivalent. */
  theirs?: Value | undefined;
}

export type Verdict = 'met' | 'missed' | 'no goal' | 'not measured';

export const KiB = 1024;
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;

/** Goals of the table and of the search issue. */
export const GOALS = {
  ownWarmWallMs: { max: 6_000 },
  ownWarmRssBytes: { max: 600 * MiB },
  ownEditWallMs: { max: 5_000 },
  ownColdWallMs: { max: 20_000 },
  devReadyMs: { max: 5_000 },
  devFirstPageMs: { max: 8_000 },
  /** `astro dev`: a saved note sentence / card field visible in the open page (issue 25, item 1). */
  devNoteEditMs: { max: 1_000 },
  devCardEditMs: { max: 1_000 },
  corpus500ColdWallMs: { max: 30_000 },
  corpus500TreeBytes: { max: 1.5 * GiB },
  corpus500UnchangedWallMs: { max: 15_000 },
  corpus500EditWallMs: { max: 15_000 },
  corpus2000Ratio: { max: 3.5 },
  corpus2000RssBytes: { max: 2 * GiB },
  corpus2000FirstVisitBytes: { max: 1 * MiB },
  notePageBytes: { max: 25 * KiB },
  homePageBytes: { max: 45 * KiB },
  cardPageBytes: { max: 45 * KiB },
  searchQueryBytes: { max: 80 * KiB },
  searchQueryRequests: { max: 10 },
  lighthouse: { min: 100 },
  firstResultMs: { max: 300 },
  laterKeystrokeMs: { max: 100 },
  /** Live machine (issue 23, item 8). */
  liveDownloadBytes: { max: 20 * MiB },
  livePromptWarmMs: { max: 2_000 },
  liveCiMs: { max: 120_000 },
} as const satisfies Record<string, Goal>;

export function verdict(value: Value | undefined, goal: Goal | undefined): Verdict {
  if (!value || 'missing' in value) return 'not measured';
  if (!goal || (goal.max === undefined && goal.min === undefined)) return 'no goal';
  if (goal.max !== undefined && value.value > goal.max) return 'missed';
  if (goal.min !== undefined && value.value < goal.min) return 'missed';
  return 'met';
}

/** `1.23 s`, `870 ms`, `45.2 KB`, `1.40 GB`, `7`, `3.42×`, `98`. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      if (value < 1_000) return `${Math.round(value)} ms`;
      return value >= 100_000 ? `${(value / 1000).toFixed(0)} s` : `${(value / 1000).toFixed(1)} s`;
    case 'bytes':
      if (value < KiB) return `${Math.round(value)} B`;
      if (value < MiB) return `${(value / KiB).toFixed(1)} KB`;
      if (value < GiB) return `${(value / MiB).toFixed(value < 100 * MiB ? 1 : 0)} MB`;
      return `${(value / GiB).toFixed(2)} GB`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'count':
    case 'score':
      return String(Math.round(value));
  }
}

/** `≤ 6.0 s`, `≥ 100`, or `—`. */
export function goalText(goal: Goal | undefined, unit: Unit): string {
  if (!goal) return '—';
  const parts: string[] = [];
  if (goal.max !== undefined) parts.push(`≤ ${formatValue(goal.max, unit)}`);
  if (goal.min !== undefined) parts.push(`≥ ${formatValue(goal.min, unit)}`);
  return parts.join(', ') || '—';
}

const MARK: Record<Verdict, string> = {
  met: 'met',
  missed: '**missed**',
  'no goal': '',
  'not measured': 'not measured',
};

/** A table cell: the value with its verdict, or "not measured (reason)". */
export function valueCell(value: Value | undefined, goal: Goal | undefined, unit: Unit): string {
  if (!value) return '—';
  if ('missing' in value) {
    return /^(not run|skipped|not measured)\b/.test(value.missing) ? value.missing : `not measured (${value.missing})`;
  }
  const v = verdict(value, goal);
  const text = formatValue(value.value, unit) + (value.detail ? ` (${value.detail})` : '');
  return v === 'no goal' ? text : `${text} — ${MARK[v]}`;
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown: one table per group, `figure | goal | Stack Atlas | Starlight`. */
export function goalsTable(figures: readonly Figure[]): string {
  const groups = [...new Set(figures.map((f) => f.group))];
  const out: string[] = [];
  for (const group of groups) {
    out.push(`**${group}**`, '', '| figure | goal | Stack Atlas | Starlight |', '|---|---|---|---|');
    for (const f of figures.filter((x) => x.group === group)) {
      out.push(
        `| ${[f.label, goalText(f.goal, f.unit), valueCell(f.ours, f.goal, f.unit), valueCell(f.theirs, f.goal, f.unit)]
          .map(escapeCell)
          .join(' | ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** Counts of our verdicts (figures with a goal). */
export function summarize(figures: readonly Figure[]): { met: number; missed: number; notMeasured: number } {
  let met = 0;
  let missed = 0;
  let notMeasured = 0;
  for (const f of figures) {
    if (!f.goal) continue;
    const v = verdict(f.ours, f.goal);
    if (v === 'met') met += 1;
    else if (v === 'missed') missed += 1;
    else if (v === 'not measured') notMeasured += 1;
  }
  return { met, missed, notMeasured };
}

/** Our missed figures, as `label: value (goal)` lines. */
export function missedLines(figures: readonly Figure[]): string[] {
  return figures
    .filter((f) => verdict(f.ours, f.goal) === 'missed')
    .map((f) => {
      const v = f.ours as { value: number };
      return `${f.group} — ${f.label}: ${formatValue(v.value, f.unit)} (goal ${goalText(f.goal, f.unit)})`;
    });
}

/** Median of the finite numbers (undefined if none). */
export function median(values: readonly number[]): number | undefined {
  const xs = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!xs.length) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** A Value from an optional number: the number, or `missing` with the reason. */
export function valueOf(value: number | undefined, reason: string, detail?: string): Value {
  return value === undefined || !Number.isFinite(value) ? { missing: reason } : { value, detail };
}
