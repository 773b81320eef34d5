/** Result types and Markdown tables of the benchmark (pure; unit-tested). */
import type { Phases } from './phases.ts';
import { formatBytes, KINDS, type PageWeight } from './weight.ts';

export interface BuildMeasurement {
  site: 'stack-atlas' | 'starlight';
  /** `atlas-500`, `starlight-500`, `real-site`. */
  label: string;
  notes: number;
  ok: boolean;
  exitCode: number | null;
  wallMs: number;
  /** CPU time of the process tree (user + system): the larger of the two figures in cpuDetail. */
  cpuMs: number | undefined;
  cpuDetail?: { fromTimeMs: number | undefined; sampledMs: number | undefined } | undefined;
  phases: Phases;
  htmlPages: number;
  peakProcessRssKiB: number | undefined;
  peakTreeRssKiB: number | undefined;
  output: { bytes: number; files: number };
  searchIndex: { bytes: number; files: number };
  load: { start: number[]; end: number[]; mean1: number };
  logFile: string;
  /** Page weight of a few pages of this build (synthetic corpora). */
  weight?: Record<string, PageWeight | { error: string }> | undefined;
}

export interface ScalingCheck {
  from: number;
  to: number;
  wallRatio: number;
  cpuRatio: number | undefined;
  limit: number;
  ok: boolean;
}

/** The 2,000-vs-500 rule: `to` notes may take at most `limit` × the time of `from` notes (wall clock). */
export function scalingCheck(
  builds: readonly BuildMeasurement[],
  from = 500,
  to = 2000,
  limit = 4.5,
): ScalingCheck | undefined {
  const a = builds.find((b) => b.site === 'stack-atlas' && b.notes === from && b.ok);
  const b = builds.find((x) => x.site === 'stack-atlas' && x.notes === to && x.ok);
  if (!a || !b) return undefined;
  const wallRatio = b.wallMs / a.wallMs;
  const cpuRatio = a.cpuMs && b.cpuMs ? b.cpuMs / a.cpuMs : undefined;
  return { from, to, wallRatio, cpuRatio, limit, ok: wallRatio <= limit };
}

export function seconds(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'n/a';
  return ms >= 100_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function mib(kib: number | undefined): string {
  return kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`;
}

/** `theirs / ours` as `2.35×`. */
export function ratio(theirs: number | undefined, ours: number | undefined): string {
  if (theirs === undefined || ours === undefined || !ours || !Number.isFinite(theirs / ours)) return 'n/a';
  return `${(theirs / ours).toFixed(2)}×`;
}

export function perSecond(count: number, ms: number | undefined): string {
  if (!ms || !count) return 'n/a';
  return (count / (ms / 1000)).toFixed(1);
}

export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(escape).join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function diagramsCell(b: BuildMeasurement): string {
  const d = b.phases.diagrams;
  if (!d) return 'n/a';
  return `${seconds(d.ms)} (${d.rendered} drawn, ${d.cached} cached)`;
}

/** One row per build: time per phase, rates, memory, sizes. */
export function buildTable(builds: readonly BuildMeasurement[]): string {
  const headers = [
    'build',
    'notes',
    'HTML pages',
    'total',
    'CPU',
    'start-up',
    'content sync',
    'bundle',
    'pages',
    'diagrams¹',
    'search index',
    'checks',
    'other post-build',
    'pages/s (gen.)',
    'pages/s (overall)',
    'peak RSS build / tree',
    'output',
    'search index size',
    'load avg',
  ];
  const rows = builds.map((b) => [
    b.label,
    String(b.notes),
    String(b.htmlPages),
    b.ok ? seconds(b.wallMs) : `FAILED (${b.exitCode})`,
    seconds(b.cpuMs),
    seconds(b.phases.startupMs),
    seconds(b.phases.contentSyncMs),
    seconds(b.phases.bundleMs),
    seconds(b.phases.pagesMs),
    diagramsCell(b),
    seconds(b.phases.searchIndexMs),
    seconds(b.phases.checksMs),
    seconds(b.phases.otherPostBuildMs),
    perSecond(b.htmlPages, b.phases.pagesMs),
    perSecond(b.htmlPages, b.wallMs),
    `${mib(b.peakProcessRssKiB)} / ${mib(b.peakTreeRssKiB)}`,
    formatBytes(b.output.bytes),
    formatBytes(b.searchIndex.bytes),
    `${b.load.start[0]!.toFixed(1)} → ${b.load.end[0]!.toFixed(1)} (mean ${b.load.mean1.toFixed(1)})`,
  ]);
  return markdownTable(headers, rows);
}

/** Starlight ÷ ours for each corpus size built by both. */
export function comparisonTable(builds: readonly BuildMeasurement[], weightPage = 'note'): string {
  const sizes = [...new Set(builds.map((b) => b.notes))].sort((a, b) => a - b);
  const rows: string[][] = [];
  for (const n of sizes) {
    const ours = builds.find((b) => b.site === 'stack-atlas' && b.notes === n && b.ok);
    const theirs = builds.find((b) => b.site === 'starlight' && b.notes === n && b.ok);
    if (!ours || !theirs) continue;
    const w = (b: BuildMeasurement) => {
      const p = b.weight?.[weightPage];
      return p && 'totals' in p ? p : undefined;
    };
    const ow = w(ours);
    const tw = w(theirs);
    rows.push([
      String(n),
      `${seconds(ours.wallMs)} / ${seconds(theirs.wallMs)}`,
      ratio(theirs.wallMs, ours.wallMs),
      `${seconds(ours.cpuMs)} / ${seconds(theirs.cpuMs)}`,
      ratio(theirs.cpuMs, ours.cpuMs),
      `${mib(ours.peakTreeRssKiB)} / ${mib(theirs.peakTreeRssKiB)}`,
      ratio(theirs.peakTreeRssKiB, ours.peakTreeRssKiB),
      `${formatBytes(ours.output.bytes)} / ${formatBytes(theirs.output.bytes)}`,
      ratio(theirs.output.bytes, ours.output.bytes),
      `${formatBytes(ours.searchIndex.bytes)} / ${formatBytes(theirs.searchIndex.bytes)}`,
      ratio(theirs.searchIndex.bytes, ours.searchIndex.bytes),
      `${formatBytes(ow?.totalGzipBytes)} / ${formatBytes(tw?.totalGzipBytes)}`,
      ratio(tw?.totalGzipBytes, ow?.totalGzipBytes),
      `${formatBytes(ow?.jsBeforeInteraction.gzipBytes)} / ${formatBytes(tw?.jsBeforeInteraction.gzipBytes)}`,
    ]);
  }
  return markdownTable(
    [
      'notes',
      'time ours / Starlight',
      'ratio',
      'CPU ours / Starlight',
      'ratio',
      'peak RSS (tree)',
      'ratio',
      'output',
      'ratio',
      'search index',
      'ratio',
      `${weightPage} page weight (gzip)`,
      'ratio',
      'JS before interaction',
    ],
    rows,
  );
}

/** One row per page: gzip bytes by kind on first load, and JS before interaction. */
export function weightTable(pages: Record<string, PageWeight | { error: string }>): string {
  const rows = Object.entries(pages).map(([name, w]) => {
    if (!('totals' in w)) return [name, `error: ${w.error}`, ...KINDS.slice(1).map(() => ''), '', '', ''];
    let path = w.url;
    try {
      const u = new URL(w.url);
      path = u.pathname + u.search;
    } catch {
      // keep
    }
    return [
      `${name} \`${path}\``,
      ...(['html', 'css', 'js', 'font', 'image', 'other'] as const).map((k) =>
        w.totals[k].count ? `${formatBytes(w.totals[k].gzipBytes)} (${w.totals[k].count})` : '—',
      ),
      formatBytes(w.totalGzipBytes),
      `${formatBytes(w.jsBeforeInteraction.gzipBytes)} (${w.jsBeforeInteraction.assets.length} file(s) + ${w.jsBeforeInteraction.inlineScripts} inline)`,
      formatBytes(w.cssBeforeInteraction.gzipBytes),
    ];
  });
  return markdownTable(
    ['page', 'HTML', 'CSS', 'JS', 'fonts', 'images', 'other', 'total', 'JS before interaction', 'CSS before load'],
    rows,
  );
}
