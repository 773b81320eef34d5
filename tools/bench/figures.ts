/**
 * From measurements to the goal table's figures (pure; unit-tested): which figure comes
 * from which build, page or search run, and why a figure is missing.
 */
import { GOALS, MiB, median, valueOf, type Figure, type Value } from './goals.ts';
import type { BuildMeasurement } from './report.ts';
import { markdownTable } from './report.ts';
import type { SearchTiming } from './search.ts';
import type { DevTiming } from './dev.ts';
import type { DevEditTiming, EditTiming } from './dev-edit.ts';
import type { LiveTiming } from './live.ts';
import type { LighthouseCategory, LighthousePage } from './lighthouse.ts';
import type { PageWeight } from './weight.ts';

export type Weights = Record<string, PageWeight | { error: string }>;

/** One site's measurements on one content set. `skipped` says why something was not run. */
export interface SiteRun {
  cold?: BuildMeasurement | undefined;
  warm?: BuildMeasurement | undefined;
  edit?: BuildMeasurement | undefined;
  weight?: Weights | undefined;
  search?: SearchTiming | undefined;
  dev?: DevTiming | undefined;
  /** `astro dev`: saved edits until visible in the open page (ours only). */
  devEdit?: DevEditTiming | undefined;
  live?: LiveTiming | undefined;
  /** Reason for every part not run (e.g. "--quick", "--skip-starlight"). */
  skipped?: string | undefined;
  error?: string | undefined;
}

/** Lighthouse runs of one site: page name → result, or why there are none. */
export interface LighthouseResult {
  pages?: Record<string, LighthousePage> | undefined;
  missing?: string | undefined;
}

/** The lowest score of `category` over the pages measured, naming each page's score. */
export function lighthouseValue(result: LighthouseResult | undefined, category: LighthouseCategory): Value {
  if (!result?.pages) return { missing: result?.missing ?? 'not run' };
  const scored = Object.entries(result.pages).filter(([, p]) => p.scores);
  if (!scored.length) {
    const errors = Object.values(result.pages).map((p) => p.error ?? 'no score');
    return { missing: errors.join('; ') || 'no page' };
  }
  const values = scored.map(([name, p]) => [name, p.scores![category]] as const);
  return {
    value: Math.min(...values.map(([, v]) => v)),
    detail: values.length > 1 ? `lowest of ${values.map(([n, v]) => `${n} ${v}`).join(', ')}` : `${values[0]![0]} page`,
  };
}

export interface BenchResults {
  own: { ours: SiteRun; theirs: SiteRun };
  corpus500: { ours: SiteRun; theirs: SiteRun };
  corpus2000: { ours: SiteRun; theirs: SiteRun };
  lighthouse: { ours: LighthouseResult; theirs: LighthouseResult };
}

function reason(run: SiteRun, part: string): string {
  if (run.skipped) return run.skipped;
  if (run.error) return run.error;
  return `${part} not run`;
}

function build(
  run: SiteRun,
  which: 'cold' | 'warm' | 'edit',
  pick: (b: BuildMeasurement) => number | undefined,
): Value {
  const b = run[which];
  if (!b) return { missing: reason(run, `${which} build`) };
  if (!b.ok) return { missing: `build failed (exit ${b.exitCode})` };
  return valueOf(pick(b), 'no figure');
}

const wall = (b: BuildMeasurement) => b.wallMs;
const cpu = (b: BuildMeasurement) => b.cpuMs;
const tree = (b: BuildMeasurement) => b.output.bytes;
const firstVisit = (b: BuildMeasurement) => b.phases.firstVisit?.transferBytes;
const rss = (b: BuildMeasurement) => (b.peakTreeRssKiB === undefined ? undefined : b.peakTreeRssKiB * 1024);

function rssValue(run: SiteRun, which: 'cold' | 'warm'): Value {
  const v = build(run, which, rss);
  const b = run[which];
  if ('value' in v && b?.peakProcessRssKiB !== undefined)
    v.detail = `build process ${Math.round((b.peakProcessRssKiB * 1024) / MiB)} MB`;
  return v;
}

function pageWeight(run: SiteRun, page: string, pick: (w: PageWeight) => number): Value {
  const w = run.weight?.[page];
  if (!w) return { missing: run.weight ? `no ${page} page` : reason(run, 'page weight') };
  if ('error' in w) return { missing: w.error };
  return { value: pick(w) };
}

function dev(run: SiteRun, pick: (d: DevTiming) => number | undefined): Value {
  if (!run.dev) return { missing: reason(run, 'astro dev') };
  return valueOf(pick(run.dev), run.dev.error ?? 'no figure');
}

/** Median ms of one kind of edit, with the spread, how it arrived and the load average. */
function devEdit(run: SiteRun, pick: (d: DevEditTiming) => EditTiming): Value {
  if (!run.devEdit) return { missing: reason(run, 'astro dev edits') };
  const timing = pick(run.devEdit);
  const value = median(timing.ms);
  if (value === undefined) return { missing: run.devEdit.error ?? (timing.errors.join('; ') || 'no edit') };
  const hot = timing.how.filter((h) => h === 'hot').length;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)}`;
  return {
    value,
    detail:
      `median of ${timing.ms.length}, ${s(Math.min(...timing.ms))}–${s(Math.max(...timing.ms))} s, ` +
      `${hot ? `${hot} in place, ` : ''}load ${run.devEdit.load.mean.toFixed(1)}`,
  };
}

function live(run: SiteRun, pick: (l: LiveTiming) => number | undefined, detail?: (l: LiveTiming) => string): Value {
  if (!run.live) return { missing: reason(run, 'live machine') };
  const value = pick(run.live);
  if (value === undefined) return { missing: run.live.errors.join('; ') || 'no figure' };
  return { value, ...(detail ? { detail: detail(run.live) } : {}) };
}

function search(run: SiteRun, pick: (s: SearchTiming) => number | undefined, none = 'no figure'): Value {
  if (!run.search) return { missing: reason(run, 'search timing') };
  const n = run.search.queries.length;
  const runs = run.search.runs;
  return valueOf(
    pick(run.search),
    none,
    `median, ${n} ${n === 1 ? 'query' : 'queries'} × ${runs} ${runs === 1 ? 'run' : 'runs'}`,
  );
}

function ratio2000(c500: SiteRun, c2000: SiteRun): Value {
  const a = c500.cold;
  const b = c2000.cold;
  if (!a || !b) return { missing: reason(!b ? c2000 : c500, 'cold build') };
  if (!a.ok || !b.ok) return { missing: 'build failed' };
  return {
    value: b.wallMs / a.wallMs,
    detail: a.cpuMs && b.cpuMs ? `CPU ${(b.cpuMs / a.cpuMs).toFixed(2)}×` : undefined,
  };
}

/** Every figure of the issue's table and of the search issue, ours next to Starlight's. */
export function collectFigures(r: BenchResults): Figure[] {
  const { own, corpus500: c5, corpus2000: c2 } = r;
  const both = (
    group: string,
    label: string,
    unit: Figure['unit'],
    goal: Figure['goal'],
    get: (run: SiteRun) => Value,
    runs: { ours: SiteRun; theirs: SiteRun },
  ): Figure => ({ group, label, unit, goal, ours: get(runs.ours), theirs: get(runs.theirs) });
  // Starlight has no offline worker: nothing to compare.
  const ours = (...args: Parameters<typeof both>): Figure => ({ ...both(...args), theirs: undefined });
  const g1 = 'Own content (content/)';
  const g2 = '500 notes + 100 diagrams';
  const g3 = '2,000 notes + 400 diagrams';
  const g4 = 'First load (gzip, empty cache), own content';
  const g5 = 'Search, time to first result (built site, Chromium, cold cache, service worker blocked)';
  const lh = (key: LighthouseCategory, label: string): Figure => ({
    group: g4,
    label: `Lighthouse mobile — ${label}`,
    unit: 'score',
    goal: GOALS.lighthouse,
    ours: lighthouseValue(r.lighthouse.ours, key),
    theirs: lighthouseValue(r.lighthouse.theirs, key),
  });
  return [
    both(g1, 'warm rebuild — wall', 'ms', GOALS.ownWarmWallMs, (x) => build(x, 'warm', wall), own),
    both(g1, 'warm rebuild — CPU', 'ms', undefined, (x) => build(x, 'warm', cpu), own),
    both(g1, 'warm rebuild — peak RSS (process tree)', 'bytes', GOALS.ownWarmRssBytes, (x) => rssValue(x, 'warm'), own),
    both(g1, 'one sentence edited — wall', 'ms', GOALS.ownEditWallMs, (x) => build(x, 'edit', wall), own),
    both(g1, 'cold build (no caches) — wall', 'ms', GOALS.ownColdWallMs, (x) => build(x, 'cold', wall), own),
    both(g1, 'cold build — CPU', 'ms', undefined, (x) => build(x, 'cold', cpu), own),
    both(g1, 'cold build — output tree', 'bytes', undefined, (x) => build(x, 'cold', tree), own),
    ours(
      g1,
      'first visit: offline worker downloads in the background',
      'bytes',
      undefined,
      (x) => build(x, 'cold', firstVisit),
      own,
    ),
    both(g1, '`astro dev` until ready', 'ms', GOALS.devReadyMs, (x) => dev(x, (d) => d.readyMs), own),
    both(
      g1,
      '`astro dev` until first page served',
      'ms',
      GOALS.devFirstPageMs,
      (x) => dev(x, (d) => d.firstPageMs),
      own,
    ),
    ours(
      g1,
      '`astro dev`: note sentence saved → visible in the open page',
      'ms',
      GOALS.devNoteEditMs,
      (x) => devEdit(x, (d) => d.note),
      own,
    ),
    ours(
      g1,
      '`astro dev`: card field saved → visible in the open page',
      'ms',
      GOALS.devCardEditMs,
      (x) => devEdit(x, (d) => d.card),
      own,
    ),
    both(g2, 'cold — wall', 'ms', GOALS.corpus500ColdWallMs, (x) => build(x, 'cold', wall), c5),
    both(g2, 'cold — CPU', 'ms', undefined, (x) => build(x, 'cold', cpu), c5),
    both(g2, 'cold — output tree', 'bytes', GOALS.corpus500TreeBytes, (x) => build(x, 'cold', tree), c5),
    both(g2, 'nothing changed — wall', 'ms', GOALS.corpus500UnchangedWallMs, (x) => build(x, 'warm', wall), c5),
    both(g2, 'one sentence edited — wall', 'ms', GOALS.corpus500EditWallMs, (x) => build(x, 'edit', wall), c5),
    both(g3, 'cold — wall', 'ms', undefined, (x) => build(x, 'cold', wall), c2),
    {
      group: g3,
      label: 'cold — ratio to the 500-note cold build (wall)',
      unit: 'ratio',
      goal: GOALS.corpus2000Ratio,
      ours: ratio2000(c5.ours, c2.ours),
      theirs: ratio2000(c5.theirs, c2.theirs),
    },
    both(g3, 'cold — peak RSS (process tree)', 'bytes', GOALS.corpus2000RssBytes, (x) => rssValue(x, 'cold'), c2),
    ours(
      g3,
      'first visit: offline worker downloads in the background',
      'bytes',
      GOALS.corpus2000FirstVisitBytes,
      (x) => build(x, 'cold', firstVisit),
      c2,
    ),
    both(g4, 'note page', 'bytes', GOALS.notePageBytes, (x) => pageWeight(x, 'note', (w) => w.totalGzipBytes), own),
    both(g4, 'home page', 'bytes', GOALS.homePageBytes, (x) => pageWeight(x, 'home', (w) => w.totalGzipBytes), own),
    both(g4, 'card page', 'bytes', GOALS.cardPageBytes, (x) => pageWeight(x, 'card', (w) => w.totalGzipBytes), own),
    both(
      g4,
      'search page, first query — transferred',
      'bytes',
      GOALS.searchQueryBytes,
      (x) => pageWeight(x, 'search query', (w) => w.totalGzipBytes),
      own,
    ),
    both(
      g4,
      'search page, first query — requests',
      'count',
      GOALS.searchQueryRequests,
      (x) => pageWeight(x, 'search query', (w) => w.resources.length),
      own,
    ),
    lh('performance', 'performance'),
    lh('accessibility', 'accessibility'),
    lh('best-practices', 'best practices'),
    lh('seo', 'SEO'),
    both(g5, 'dialog: intent → first result', 'ms', GOALS.firstResultMs, (x) => search(x, (s) => s.dialogFirstMs), own),
    both(
      g5,
      'dialog: later keystroke → its results',
      'ms',
      GOALS.laterKeystrokeMs,
      (x) => search(x, (s) => s.dialogNextMs),
      own,
    ),
    {
      ...both(
        g5,
        '`/search/?q=`: navigation start → first result',
        'ms',
        GOALS.firstResultMs,
        (x) => search(x, (s) => s.pageMs),
        own,
      ),
      ...(own.theirs.search ? { theirs: { missing: 'Starlight has no search page' } } : {}),
    },
    ...liveFigures(own.ours, own.theirs.skipped ?? 'Starlight has no live machine'),
  ];
}

/** The live machine's rows (issue 23): ours only, Starlight has no equivalent. */
function liveFigures(ours: SiteRun, theirs: string): Figure[] {
  const group = 'Live machine (playground page; Chromium; CI: every live example under Node)';
  const row = (label: string, unit: Figure['unit'], goal: Figure['goal'], value: Value): Figure => ({
    group,
    label,
    unit,
    goal,
    ours: value,
    theirs: { missing: theirs },
  });
  return [
    row(
      'downloaded before the first prompt (gzip)',
      'bytes',
      GOALS.liveDownloadBytes,
      live(
        ours,
        (l) => l.download?.gzipBytes,
        (l) => `${l.download!.requests} requests, ${(l.download!.rawBytes / MiB).toFixed(1)} MB as served`,
      ),
    ),
    row(
      'press → prompt, cold cache',
      'ms',
      undefined,
      live(ours, (l) => l.coldPromptMs),
    ),
    row(
      'press → prompt, warm cache (offline worker)',
      'ms',
      GOALS.livePromptWarmMs,
      live(ours, (l) => l.warmPromptMs),
    ),
    row(
      'command round trip (Enter → answer)',
      'ms',
      undefined,
      live(
        ours,
        (l) => l.roundTripMs,
        (l) => `median of ${l.roundTrips.map((x) => Math.round(x)).join(', ')}`,
      ),
    ),
    row(
      'tab memory (renderer RSS, machine running)',
      'bytes',
      undefined,
      live(ours, (l) => l.tabRssBytes),
    ),
    row(
      'CI: every live example under Node',
      'ms',
      GOALS.liveCiMs,
      live(
        ours,
        (l) => l.ci?.ms,
        (l) => `${l.ci!.passed} passed, ${l.ci!.failed} failed`,
      ),
    ),
  ];
}

/** Per query: medians of each search timing, ours and Starlight's. */
export function searchTable(timings: ReadonlyArray<SearchTiming | undefined>): string {
  const rows: string[][] = [];
  for (const t of timings) {
    if (!t) continue;
    for (const q of t.queries) {
      const ms = (xs: number[]) => {
        const m = median(xs);
        return m === undefined ? '—' : `${Math.round(m)} ms (${xs.map((x) => Math.round(x)).join(', ')})`;
      };
      rows.push([
        t.site === 'stack-atlas' ? 'Stack Atlas' : 'Starlight',
        `\`${q.q}\``,
        ms(q.dialogFirst),
        `\`${q.next}\`: ${ms(q.dialogNext)}`,
        t.site === 'stack-atlas' ? ms(q.page) : 'n/a',
        q.errors.length ? `${q.errors.length} failed: ${[...new Set(q.errors)].join('; ')}` : '',
      ]);
    }
  }
  return markdownTable(
    ['site', 'query', 'dialog first result (median; runs)', 'later keystroke', '`/search/?q=`', 'errors'],
    rows,
  );
}
