/**
 * `npm run bench` — build, start-up, page-weight and search benchmark (see docs/benchmarks.md).
 *
 *   node tools/bench.ts [--quick] [--sizes 500,2000] [--skip-starlight] [--skip-weight] …
 *
 * 1. Own content: a copy of content/ built cold (no caches), rebuilt with nothing changed,
 *    rebuilt after one sentence of a note changed; the result served with `astro preview`
 *    for page weights and search time-to-first-result in Chromium; `astro dev` until ready
 *    and until the first page is served, and a saved note sentence and card field until
 *    visible in the page open in Chromium (tools/bench/dev-edit.ts). The same for Astro Starlight on the same notes and
 *    cards (tools/bench/starlight.ts), in a project outside this repository.
 * 2. Synthetic corpora (not with --quick): 500 notes (cold, unchanged, one sentence edited)
 *    and 2,000 notes (cold), ours and Starlight's.
 * 3. Every figure next to its goal (tools/bench/goals.ts, tools/bench/figures.ts), printed
 *    and written into docs/benchmarks.md between the `bench:quick` / `bench:full` markers.
 * Builds, corpora and logs go under --work-dir (default /tmp/atlas-bench), never into the project.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findChromium } from '../tests/support/browser.ts';
import { loadAtlas } from '../src/model/load.ts';
import { listNoteFiles } from '../src/model/validate-notes.ts';
import { parseArgs, USAGE, type BenchArgs } from './bench/args.ts';
import { DEFAULT_SEED, generateNotes, writeCorpus, type CardRef } from './bench/corpus.ts';
import { measureDevAgain } from './bench/dev.ts';
import { describeEdits, measureDevEdits, OWN_DEV_EDITS } from './bench/dev-edit.ts';
import { runLighthouse, setupLighthouse } from './bench/lighthouse.ts';
import { replaceGenerated } from './bench/docs.ts';
import { editOneSentence } from './bench/edit.ts';
import {
  collectFigures,
  searchTable,
  type BenchResults,
  type LighthouseResult,
  type SiteRun,
  type Weights,
} from './bench/figures.ts';
import { goalsTable, missedLines, summarize } from './bench/goals.ts';
import { machineInfo } from './bench/machine.ts';
import { parsePhases } from './bench/phases.ts';
import { measurePages, startPreview } from './bench/preview.ts';
import {
  buildTable,
  comparisonTable,
  scalingCheck,
  seconds,
  weightTable,
  type BuildMeasurement,
} from './bench/report.ts';
import { countHtml, dirSize, runMeasured } from './bench/run.ts';
import { liveSummary, measureLive, measureLiveCi } from './bench/live.ts';
import { measureSearch } from './bench/search.ts';
import { setupStarlight, writeStarlightContent, writeStarlightDocs, type StarlightProject } from './bench/starlight.ts';
import { formatBytes } from './bench/weight.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const astroBin = path.join(root, 'node_modules/astro/bin/astro.mjs');
const probe = pathToFileURL(path.join(root, 'tools/bench/probe.mjs')).href;

/** Own-content pages measured for page weight, one per page type, and the search page's first query. */
export const OWN_PAGES: Record<string, string> = {
  home: '/',
  note: '/notes/container-background/',
  card: '/cards/containerd/',
  example: '/examples/runc/',
  search: '/search/',
  'search query': '/search/?q=runc',
};

/** With --quick: only the pages of the goal table. */
const QUICK_OWN_PAGES: Record<string, string> = Object.fromEntries(
  Object.entries(OWN_PAGES).filter(([name]) => ['home', 'note', 'card', 'search query'].includes(name)),
);

/** The note whose sentence the "one sentence edited" rebuild changes. */
const OWN_EDIT_NOTE = 'container-background';

const log = (line = '') => console.log(line);
const started = new Date();

function stamp(): string {
  const s = (Date.now() - started.getTime()) / 1000;
  return `[${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}]`;
}

function step(message: string) {
  log(
    `\n${stamp()} ${message}  (load ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')})`,
  );
}

interface BuildSpec {
  site: BuildMeasurement['site'];
  notes: number;
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  outDir: string;
  cacheDir: string;
}

async function measureBuild(
  spec: BuildSpec,
  logDir: string,
  mode: 'cold' | 'warm' = 'cold',
): Promise<BuildMeasurement> {
  // Cold: no output, no Astro cache, no diagram cache (it lives under the cache folder).
  // Warm: both kept from the previous build of the same label.
  if (mode === 'cold') {
    rmSync(spec.outDir, { recursive: true, force: true });
    rmSync(spec.cacheDir, { recursive: true, force: true });
  }
  const logFile = path.join(logDir, `${spec.label}.log`);
  const probeFile = path.join(logDir, `${spec.label}.probe.json`);
  const result = await runMeasured({
    command: spec.command,
    args: spec.args,
    cwd: spec.cwd,
    env: { ...spec.env, BENCH_PROBE_FILE: probeFile },
    logFile,
    probeFile,
    progress: (line) => log(line),
  });
  const phases = parsePhases(result.lines, result.wallMs);
  const ok = result.exitCode === 0;
  const measurement: BuildMeasurement = {
    site: spec.site,
    label: spec.label,
    notes: spec.notes,
    ok,
    exitCode: result.exitCode,
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    cpuDetail: { fromTimeMs: result.cpuFromTimeMs, sampledMs: result.cpuSampledMs },
    phases,
    htmlPages: countHtml(spec.outDir),
    peakProcessRssKiB: result.peakProcessRssKiB,
    peakTreeRssKiB: result.peakTreeRssKiB,
    output: dirSize(spec.outDir),
    searchIndex: dirSize(path.join(spec.outDir, 'pagefind')),
    load: result.load,
    logFile,
  };
  if (!ok) {
    const tail = result.lines
      .slice(-25)
      .map((l) => `    ${l.text}`)
      .join('\n');
    log(`  ✗ ${spec.label} FAILED (exit ${result.exitCode}); last lines:\n${tail}\n  full log: ${logFile}`);
  } else {
    log(
      `  ✓ ${spec.label}: ${seconds(result.wallMs)} wall, ${seconds(result.cpuMs)} CPU, ${measurement.htmlPages} HTML pages, ` +
        `output ${formatBytes(measurement.output.bytes)}, search index ${formatBytes(measurement.searchIndex.bytes)}, ` +
        `peak RSS ${((result.peakTreeRssKiB ?? 0) / 1024).toFixed(0)} MiB (tree)`,
    );
  }
  return measurement;
}

function ourBuildSpec(
  label: string,
  dirKey: string,
  notes: number,
  contentEnv: NodeJS.ProcessEnv,
  work: string,
): BuildSpec {
  const outDir = path.join(work, 'out', dirKey);
  const cacheDir = path.join(work, 'cache', dirKey);
  return {
    site: 'stack-atlas',
    notes,
    label,
    command: process.execPath,
    args: ['--import', probe, astroBin, 'build'],
    cwd: root,
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      FORCE_COLOR: '0',
      ...contentEnv,
      STACK_ATLAS_OUT: outDir,
      STACK_ATLAS_CACHE: cacheDir,
    },
    outDir,
    cacheDir,
  };
}

function starlightBuildSpec(
  project: StarlightProject,
  label: string,
  dirKey: string,
  notes: number,
  work: string,
): BuildSpec {
  const outDir = path.join(work, 'out', dirKey);
  const cacheDir = path.join(work, 'cache', dirKey);
  return {
    site: 'starlight',
    notes,
    label,
    command: process.execPath,
    args: ['--import', probe, project.astroBin, 'build'],
    cwd: project.dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', BENCH_OUT: outDir, BENCH_CACHE: cacheDir },
    outDir,
    cacheDir,
  };
}

function printWeight(title: string, pages: Weights) {
  log(`\n${title}\n`);
  log(weightTable(pages));
}

/** Edits one sentence of `file` (a new tag each time, so the content really changes). */
function editFile(file: string) {
  writeFileSync(file, editOneSentence(readFileSync(file, 'utf8'), `bench ${Date.now().toString(36)}`));
}

/**
 * Cold build, then (unless `coldOnly`) a rebuild with nothing changed and a rebuild after
 * one sentence of `editTarget` changed — all three into the same output and cache folders.
 */
async function coldWarmEdit(
  run: SiteRun,
  spec: (label: string) => BuildSpec,
  prefix: string,
  editTarget: string,
  logDir: string,
  builds: BuildMeasurement[],
  coldOnly = false,
): Promise<BuildSpec> {
  const cold = spec(`${prefix}-cold`);
  run.cold = await measureBuild(cold, logDir, 'cold');
  builds.push(run.cold);
  if (!run.cold.ok || coldOnly) return cold;
  step(`${prefix}: rebuild, nothing changed …`);
  run.warm = await measureBuild(spec(`${prefix}-unchanged`), logDir, 'warm');
  builds.push(run.warm);
  step(`${prefix}: rebuild, one sentence edited (${path.basename(editTarget)}) …`);
  editFile(editTarget);
  run.edit = await measureBuild(spec(`${prefix}-edit`), logDir, 'warm');
  builds.push(run.edit);
  return cold;
}

/** Serves `outDir` and measures page weights and (optionally) search timing. */
async function onPreview(
  run: SiteRun,
  preview: { astroBin: string; cwd: string; env: NodeJS.ProcessEnv },
  pages: Record<string, string> | undefined,
  search: { site: 'stack-atlas' | 'starlight'; runs: number } | undefined,
  chromium: string,
  lighthouse?: { cli: string; pages: Record<string, string>; into: LighthouseResult; reportPrefix: string },
  live = false,
) {
  const server = await startPreview(preview);
  try {
    if (pages) run.weight = await measurePages(server.origin, pages, chromium);
    if (live) {
      run.live = await measureLive({ origin: server.origin, executablePath: chromium });
      log(`  ${liveSummary(run.live)}`);
    }
    if (lighthouse) {
      lighthouse.into.pages = {};
      for (const [name, page] of Object.entries(lighthouse.pages)) {
        const result = await runLighthouse({
          cli: lighthouse.cli,
          url: new URL(page, `${server.origin}/`).href,
          chromium,
          reportFile: `${lighthouse.reportPrefix}-${name.replace(/\W+/g, '-')}.json`,
        });
        lighthouse.into.pages[name] = result;
        log(
          `  Lighthouse ${name}: ${
            result.scores
              ? Object.entries(result.scores)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ') + (result.losses?.length ? ` (points lost: ${result.losses.join(', ')})` : '')
              : result.error
          }`,
        );
      }
    }
    if (search) {
      run.search = await measureSearch({
        site: search.site,
        origin: server.origin,
        executablePath: chromium,
        runs: search.runs,
        log,
      });
    }
  } finally {
    await server.stop();
  }
}

function git(...argv: string[]): string | undefined {
  try {
    return execFileSync('git', argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(args: BenchArgs) {
  const work = path.resolve(args.workDir);
  if (!path.relative(root, work).startsWith('..')) throw new Error(`--work-dir must be outside the project (${work})`);
  const logDir = path.join(work, 'logs');
  mkdirSync(logDir, { recursive: true });
  const chromium = findChromium();
  const machine = machineInfo(root, chromium);
  const mode = args.quick ? 'quick' : 'full';
  log(`Stack Atlas benchmark (${mode})`);
  log(
    `  machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, kernel ${machine.kernel}`,
  );
  log(`  node ${machine.node}, astro ${machine.astro ?? '?'}, ${machine.chromium ?? 'chromium ?'}`);
  log(
    `  load average at start: ${machine.loadAverage.join(' ')} (builds running at the same time skew wall-clock figures; CPU time is less affected)`,
  );
  log(
    `  corpora: ${args.sizes.join(', ') || 'none'}; Starlight: ${args.skipStarlight ? 'skipped' : 'yes'}; page weight: ${args.skipWeight ? 'skipped' : 'yes'}; search timing: ${args.skipSearch ? 'skipped' : `${args.searchRuns} run(s) per query`}; astro dev: ${args.skipDev ? 'skipped' : 'yes'}; work dir: ${work}`,
  );

  const quickReason = 'not run (--quick)';
  const noStarlight = 'skipped (--skip-starlight)';
  const results: BenchResults = {
    own: { ours: {}, theirs: args.skipStarlight ? { skipped: noStarlight } : {} },
    corpus500: { ours: {}, theirs: {} },
    corpus2000: { ours: {}, theirs: {} },
    lighthouse: { ours: { missing: 'not run' }, theirs: { missing: args.skipStarlight ? noStarlight : 'not run' } },
  };
  let lighthouseCli: string | undefined;
  if (args.skipLighthouse) {
    const why = args.quick ? 'not run (--quick; add --lighthouse)' : 'skipped (--skip-lighthouse)';
    results.lighthouse = { ours: { missing: why }, theirs: { missing: why } };
  } else {
    try {
      lighthouseCli = setupLighthouse(path.join(work, 'lighthouse'), log);
    } catch (error) {
      const why = `lighthouse unavailable: ${(error as Error).message}`;
      results.lighthouse = { ours: { missing: why }, theirs: { missing: why } };
    }
    if (args.quick && !args.skipStarlight) results.lighthouse.theirs = { missing: quickReason };
  }
  const lighthousePages = (pages: Record<string, string>): Record<string, string> =>
    args.quick ? { note: pages.note! } : { note: pages.note!, home: pages.home!, card: pages.card! };
  for (const [n, key] of [
    [500, 'corpus500'],
    [2000, 'corpus2000'],
  ] as const) {
    if (!args.sizes.includes(n)) {
      const why = args.quick ? quickReason : `not run (--sizes ${args.sizes.join(',') || 'none'})`;
      results[key] = { ours: { skipped: why }, theirs: { skipped: why } };
    } else if (args.skipStarlight) results[key].theirs = { skipped: noStarlight };
  }
  const builds: BuildMeasurement[] = [];
  const cards: CardRef[] = loadAtlas(path.join(root, 'content')).cards.map((c) => ({
    id: c.id,
    name: c.name,
    aliases: c.aliases,
  }));

  // 1. Own content: a copy of content/ (the edit must not touch the project).
  const ownDir = path.join(work, 'own');
  const ownContent = path.join(ownDir, 'content');
  rmSync(ownDir, { recursive: true, force: true });
  cpSync(path.join(root, 'content'), ownContent, { recursive: true });
  const ownNotes = listNoteFiles(path.join(ownContent, 'notes')).length;
  // The URL contract is checked as in a normal build of content/.
  const ownEnv = { STACK_ATLAS_CONTENT: ownContent, STACK_ATLAS_URLS: path.join(root, 'urls.txt') };
  // --quick keeps Starlight's search to one run per query (its modal waits for Pagefind UI's
  // idle-time load and 300 ms debounce: the slowest part of a quick run).
  const searchSpec = (site: 'stack-atlas' | 'starlight') =>
    args.skipSearch
      ? undefined
      : { site, runs: site === 'starlight' && args.quick && !args.searchRunsGiven ? 1 : args.searchRuns };
  {
    const run = results.own.ours;
    step('Own content (content/): cold build, no caches …');
    const spec = await coldWarmEdit(
      run,
      (label) => ourBuildSpec(label, 'own', ownNotes, ownEnv, work),
      'own',
      path.join(ownContent, 'notes', `${OWN_EDIT_NOTE}.md`),
      logDir,
      builds,
    );
    const last = run.edit ?? run.warm ?? run.cold;
    if (last?.ok && (!args.skipWeight || !args.skipSearch || lighthouseCli || !args.skipLive)) {
      step('Own content: page weight, search timing, live machine and Lighthouse in Chromium …');
      await onPreview(
        run,
        { astroBin, cwd: root, env: { ...process.env, ...ownEnv, STACK_ATLAS_OUT: spec.outDir } },
        args.skipWeight ? undefined : args.quick ? QUICK_OWN_PAGES : OWN_PAGES,
        searchSpec('stack-atlas'),
        chromium,
        lighthouseCli
          ? {
              cli: lighthouseCli,
              pages: lighthousePages(OWN_PAGES),
              into: results.lighthouse.ours,
              reportPrefix: path.join(logDir, 'lighthouse-own'),
            }
          : undefined,
        !args.skipLive,
      );
      if (run.weight) printWeight('Page weight, own content:', run.weight);
      if (run.cold) run.cold.weight = run.weight;
    }
    if (!args.skipLive) {
      step('Live examples under Node (CI’s live phase) …');
      const ci = measureLiveCi(root);
      if (typeof ci === 'string') (run.live ??= { page: '', roundTrips: [], errors: [] }).errors.push(`CI: ${ci}`);
      else {
        (run.live ??= { page: '', roundTrips: [], errors: [] }).ci = ci;
        log(`  ${ci.passed} passed, ${ci.failed} failed in ${seconds(ci.ms)}`);
      }
    }
    if (!args.skipDev) {
      step('Own content: astro dev until ready / first page …');
      run.dev = await measureDevAgain({
        astroBin,
        cwd: root,
        env: { ...process.env, ...ownEnv, STACK_ATLAS_CACHE: spec.cacheDir },
        logFile: path.join(logDir, 'own-dev.log'),
      });
      log(
        `  ready ${seconds(run.dev.readyMs)}, first page ${seconds(run.dev.firstPageMs)}${run.dev.error ? ` (${run.dev.error})` : ''}`,
      );
      step('Own content: astro dev, saved edits until visible in the open page …');
      run.devEdit = await measureDevEdits({
        astroBin,
        cwd: root,
        env: { ...process.env, ...ownEnv, STACK_ATLAS_CACHE: spec.cacheDir },
        contentDir: ownContent,
        executablePath: chromium,
        logFile: path.join(logDir, 'own-dev-edit.log'),
        ...OWN_DEV_EDITS,
        edits: 5,
      });
      log(`  note sentence: ${describeEdits(run.devEdit.note)}`);
      log(`  card field:    ${describeEdits(run.devEdit.card)}`);
      log(`  load average ${run.devEdit.load.mean.toFixed(1)}${run.devEdit.error ? ` (${run.devEdit.error})` : ''}`);
    }
    if (!args.keep) rmSync(spec.outDir, { recursive: true, force: true });
  }

  let starlight: StarlightProject | undefined;
  if (!args.skipStarlight) {
    const run = results.own.theirs;
    try {
      step('Starlight: preparing the comparison project …');
      starlight = setupStarlight(path.join(work, 'starlight'), chromium, log);
      log(`  Starlight ${starlight.version} in ${starlight.dir}`);
      const project = starlight;
      const urls = writeStarlightContent(project, ownContent, cards);
      step('Starlight, own content: cold build …');
      const spec = await coldWarmEdit(
        run,
        (label) => starlightBuildSpec(project, label, 'starlight-own', ownNotes, work),
        'starlight-own',
        path.join(project.dir, 'src/content/docs', `${urls.get(`notes/${OWN_EDIT_NOTE}`)!.slice(1, -1)}.md`),
        logDir,
        builds,
      );
      const last = run.edit ?? run.warm ?? run.cold;
      if (last?.ok && (!args.skipWeight || !args.skipSearch)) {
        step('Starlight, own content: page weight and search timing …');
        const pages = {
          home: '/',
          note: urls.get(`notes/${OWN_EDIT_NOTE}`)!,
          card: urls.get('cards/containerd') ?? '/',
        };
        await onPreview(
          run,
          { astroBin: project.astroBin, cwd: project.dir, env: { ...process.env, BENCH_OUT: spec.outDir } },
          args.skipWeight ? undefined : pages,
          searchSpec('starlight'),
          chromium,
          lighthouseCli && !args.quick
            ? {
                cli: lighthouseCli,
                pages: lighthousePages(pages),
                into: results.lighthouse.theirs,
                reportPrefix: path.join(logDir, 'lighthouse-starlight-own'),
              }
            : undefined,
        );
        if (run.weight) printWeight('Page weight, Starlight, own content:', run.weight);
        if (run.cold) run.cold.weight = run.weight;
      }
      if (!args.skipDev) {
        step('Starlight, own content: astro dev until ready / first page …');
        run.dev = await measureDevAgain({
          astroBin: project.astroBin,
          cwd: project.dir,
          env: { ...process.env, BENCH_CACHE: spec.cacheDir },
          logFile: path.join(logDir, 'starlight-own-dev.log'),
        });
        log(
          `  ready ${seconds(run.dev.readyMs)}, first page ${seconds(run.dev.firstPageMs)}${run.dev.error ? ` (${run.dev.error})` : ''}`,
        );
      }
      if (!args.keep) rmSync(spec.outDir, { recursive: true, force: true });
    } catch (error) {
      run.error = `Starlight failed: ${(error as Error).message.split('\n')[0]}`;
      log(`  ✗ ${run.error}`);
    }
  }

  // 2. Synthetic corpora, ours and Starlight. Corpora share their first notes (note i is
  // the same at every size): a nonce per build keeps one size's fences from being cache
  // hits for the next.
  const runId = Date.now().toString(36);
  for (const n of args.sizes) {
    const key = n === 500 ? 'corpus500' : n === 2000 ? 'corpus2000' : undefined;
    const pair = key ? results[key] : { ours: {} as SiteRun, theirs: {} as SiteRun };
    const rebuilds = n <= 500;
    step(`Corpus: ${n} notes (seed ${args.seed}) …`);
    const nonce = args.warmDiagrams ? undefined : `${runId}-${n}`;
    const notes = generateNotes({ count: n, seed: args.seed, cards, diagramNonce: nonce });
    const corpus = writeCorpus(path.join(work, `corpus-${n}`), path.join(root, 'content'), notes);
    log(
      `  ${corpus.notes} notes, ${(corpus.characters / corpus.notes).toFixed(0)} characters each on average, ` +
        `${corpus.codeBlocks} code blocks, ${corpus.diagrams} mermaid fences → ${corpus.dir}` +
        (corpus.realNotes ? ` (+ ${corpus.realNotes} real note(s) that cards quote)` : ''),
    );
    const notePages = (prefix: (slug: string) => string) => ({
      home: '/',
      note: prefix('bench-0001'),
      ...(n >= 5 ? { 'note with diagram': prefix('bench-0005') } : {}),
    });

    step(`Stack Atlas: building ${n} notes …`);
    const env = { STACK_ATLAS_CONTENT: corpus.dir, STACK_ATLAS_URLS: '' };
    const spec = await coldWarmEdit(
      pair.ours,
      (label) => ourBuildSpec(label, `atlas-${n}`, n, env, work),
      `atlas-${n}`,
      path.join(corpus.dir, 'notes', 'bench-0002.md'),
      logDir,
      builds,
      !rebuilds,
    );
    if (pair.ours.cold?.ok && !args.skipWeight) {
      pair.ours.weight = await measureOn(
        { astroBin, cwd: root, env: { ...process.env, ...env, STACK_ATLAS_OUT: spec.outDir } },
        notePages((slug) => `/notes/${slug}/`),
        chromium,
      );
      pair.ours.cold.weight = pair.ours.weight;
    }
    if (!args.keep) rmSync(spec.outDir, { recursive: true, force: true });

    if (starlight) {
      const project = starlight;
      step(`Starlight: building the same ${n} notes …`);
      const urls = writeStarlightDocs(project, notes, cards);
      const second = notes[1]!;
      const theirSpec = await coldWarmEdit(
        pair.theirs,
        (label) => starlightBuildSpec(project, label, `starlight-${n}`, n, work),
        `starlight-${n}`,
        path.join(project.dir, 'src/content/docs', second.categoryDir, `${second.slug}.md`),
        logDir,
        builds,
        !rebuilds,
      );
      if (pair.theirs.cold?.ok && !args.skipWeight) {
        pair.theirs.weight = await measureOn(
          { astroBin: project.astroBin, cwd: project.dir, env: { ...process.env, BENCH_OUT: theirSpec.outDir } },
          notePages((slug) => urls.get(slug) ?? `/${slug}/`),
          chromium,
        );
        pair.theirs.cold.weight = pair.theirs.weight;
      }
      if (!args.keep) rmSync(theirSpec.outDir, { recursive: true, force: true });
    }
    log(`\n${buildTable(builds.filter((b) => b.notes === n))}`);
  }

  // Report.
  const finished = new Date();
  const figures = collectFigures(results);
  const verdicts = summarize(figures);
  const scaling = scalingCheck(builds.filter((b) => /-cold$/.test(b.label)));
  const loadEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  const buildLoads = builds.map((b) => b.load.mean1);
  const meanLoad = buildLoads.length ? buildLoads.reduce((a, b) => a + b, 0) / buildLoads.length : undefined;
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no');
  const minutes = ((finished.getTime() - started.getTime()) / 60_000).toFixed(1);
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  const header = [
    `\`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ${started.toISOString().slice(0, 10)} ${hhmm(started)}–${hhmm(finished)} UTC (${minutes} min), site at commit ${commit ?? '?'}${dirty ? ' (with uncommitted changes)' : ''}.`,
    `Machine: ${machine.cpu} (${machine.cores} cores), ${machine.memoryGiB} GiB, ${machine.os}, kernel ${machine.kernel}; Node ${machine.node}, Astro ${machine.astro ?? '?'}, ${machine.chromium ?? 'Chromium ?'}${starlight ? `, Starlight ${starlight.version}` : ''}.`,
    `Load average: ${machine.loadAverage.join(' ')} at start, ${loadEnd.join(' ')} at the end${meanLoad === undefined ? '' : `, ${meanLoad.toFixed(1)} on average during the builds`}.`,
    `Our figures against the goals: ${verdicts.met} met, ${verdicts.missed} missed, ${verdicts.notMeasured} not measured.`,
  ];
  const sections: string[] = [header.join('\n'), goalsTable(figures)];
  const timings = [results.own.ours.search, results.own.theirs.search];
  if (timings.some(Boolean)) {
    sections.push(
      `**Search timings per query** (ms; median and each run; later keystroke = the query plus one character)\n\n${searchTable(timings)}`,
    );
  }
  if (builds.length) {
    sections.push(
      `**Builds** (wall clock; CPU = user + system of the process tree; "diagrams" counts light and dark renders)\n\n${buildTable(builds)}`,
    );
  }
  if (starlight && builds.some((b) => b.site === 'starlight')) {
    sections.push(
      `**Stack Atlas vs Starlight ${starlight.version}**, cold builds (ratio = Starlight ÷ ours; own content: ${ownNotes} notes)\n\n${comparisonTable(builds.filter((b) => /-cold$/.test(b.label)))}`,
    );
  }
  for (const [title, w] of [
    ['Page weight, own content, Stack Atlas', results.own.ours.weight],
    ['Page weight, own content, Starlight', results.own.theirs.weight],
    ['Page weight, 500 notes, Stack Atlas', results.corpus500.ours.weight],
    ['Page weight, 500 notes, Starlight', results.corpus500.theirs.weight],
    ['Page weight, 2,000 notes, Stack Atlas', results.corpus2000.ours.weight],
    ['Page weight, 2,000 notes, Starlight', results.corpus2000.theirs.weight],
  ] as const) {
    if (w) sections.push(`**${title}** (gzip level 9 per response)\n\n${weightTable(w)}`);
  }
  const report = sections.join('\n\n');
  log('\n================ Results ================\n');
  log(report);
  const missed = missedLines(figures);
  if (missed.length) log(`\nMissed goals:\n  ${missed.join('\n  ')}`);
  if (scaling) {
    log(
      `\nScaling: ${scaling.to} notes took ${scaling.wallRatio.toFixed(2)}× the wall-clock time of ${scaling.from} (CPU ${scaling.cpuRatio?.toFixed(2) ?? 'n/a'}×)`,
    );
  }

  const jsonFile = path.resolve(args.json ?? path.join(work, 'results.json'));
  writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        args,
        machine,
        results,
        figures,
        builds,
        scaling,
      },
      null,
      2,
    ),
  );
  log(`\nResults JSON: ${jsonFile}\nLogs: ${logDir}`);
  if (!args.noDocs) {
    const docFile = path.resolve(root, args.docs ?? 'docs/benchmarks.md');
    const title = args.quick ? '### Quick run (`--quick`)' : '### Full run';
    writeFileSync(
      docFile,
      replaceGenerated(readFileSync(docFile, 'utf8'), mode, `${title}\n\n${report}`, '## Earlier figures'),
    );
    log(`Results written to ${path.relative(root, docFile)} (between the bench:${mode} markers)`);
  }
  log(`Total time: ${minutes} min`);
  const failed = builds.some((b) => !b.ok);
  process.exitCode = failed ? 1 : 0;
}

/** Page weights of `pages` on a preview of an output folder. */
async function measureOn(
  preview: { astroBin: string; cwd: string; env: NodeJS.ProcessEnv },
  pages: Record<string, string>,
  chromium: string,
): Promise<Weights> {
  const run: SiteRun = {};
  await onPreview(run, preview, pages, undefined, chromium);
  return run.weight ?? {};
}

let parsed: BenchArgs;
try {
  parsed = parseArgs(process.argv.slice(2), { workDir: '/tmp/atlas-bench', seed: DEFAULT_SEED });
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (parsed.help) {
  console.log(USAGE);
} else {
  main(parsed).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
