/**
 * `npm run bench` — build-time and page-weight benchmark (see docs/benchmarks.md).
 *
 *   node tools/bench.ts [--sizes 100,500,2000] [--quick] [--skip-starlight] [--skip-weight] …
 *
 * 1. Page weight of the real site: builds content/ into a temporary folder, serves it
 *    with `astro preview`, loads home / note / card / example / search in Chromium and
 *    records every response (gzip level 9 = transfer size) and the JS run before interaction.
 * 2. For each size N: writes N synthetic Chinese notes (plus copies of the real cards and
 *    layers) to a temporary folder, builds them with our site and measures total time,
 *    time per phase, pages/s, peak memory, output and search-index size.
 * 3. The same notes as Astro Starlight docs (Pagefind, rehype-mermaid) in a temporary
 *    project outside this repository, measured the same way, with ratios.
 * Everything is written under --work-dir (default /tmp/atlas-bench), never into the project.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findChromium } from '../tests/support/browser.ts';
import { loadAtlas } from '../src/model/load.ts';
import { listNoteFiles } from '../src/model/validate-notes.ts';
import { parseArgs, USAGE, type BenchArgs } from './bench/args.ts';
import { DEFAULT_SEED, generateNotes, writeCorpus, type CardRef } from './bench/corpus.ts';
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
import { setupStarlight, writeStarlightDocs, type StarlightProject } from './bench/starlight.ts';
import { BUDGETS, checkBudgets, formatBytes, type PageWeight } from './bench/weight.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const astroBin = path.join(root, 'node_modules/astro/bin/astro.mjs');
const probe = pathToFileURL(path.join(root, 'tools/bench/probe.mjs')).href;

/** Real-site pages measured for page weight, one per page type. */
export const REAL_PAGES: Record<string, string> = {
  home: '/',
  note: '/notes/container-background/',
  card: '/cards/containerd/',
  example: '/examples/runc/',
  search: '/search/',
};

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

async function measureBuild(spec: BuildSpec, logDir: string): Promise<BuildMeasurement> {
  rmSync(spec.outDir, { recursive: true, force: true });
  rmSync(spec.cacheDir, { recursive: true, force: true });
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
  notes: number,
  contentDir: string | undefined,
  work: string,
  extraEnv: NodeJS.ProcessEnv = {},
): BuildSpec {
  const outDir = path.join(work, 'out', label);
  const cacheDir = path.join(work, 'cache', label);
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
      ...(contentDir ? { STACK_ATLAS_CONTENT: contentDir, STACK_ATLAS_URLS: '' } : {}),
      STACK_ATLAS_OUT: outDir,
      STACK_ATLAS_CACHE: cacheDir,
      ...extraEnv,
    },
    outDir,
    cacheDir,
  };
}

async function weighOurs(
  outDir: string,
  contentDir: string | undefined,
  pages: Record<string, string>,
  chromium: string,
) {
  const preview = await startPreview({
    astroBin,
    cwd: root,
    env: {
      ...process.env,
      STACK_ATLAS_OUT: outDir,
      ...(contentDir ? { STACK_ATLAS_CONTENT: contentDir, STACK_ATLAS_URLS: '' } : {}),
    },
  });
  try {
    return await measurePages(preview.origin, pages, chromium);
  } finally {
    await preview.stop();
  }
}

async function weighStarlight(
  project: StarlightProject,
  outDir: string,
  pages: Record<string, string>,
  chromium: string,
) {
  const preview = await startPreview({
    astroBin: project.astroBin,
    cwd: project.dir,
    env: { ...process.env, BENCH_OUT: outDir },
  });
  try {
    return await measurePages(preview.origin, pages, chromium);
  } finally {
    await preview.stop();
  }
}

function printWeight(title: string, pages: Record<string, PageWeight | { error: string }>) {
  log(`\n${title}\n`);
  log(weightTable(pages));
}

async function main(args: BenchArgs) {
  const work = path.resolve(args.workDir);
  if (!path.relative(root, work).startsWith('..')) throw new Error(`--work-dir must be outside the project (${work})`);
  const logDir = path.join(work, 'logs');
  mkdirSync(logDir, { recursive: true });
  const chromium = findChromium();
  const machine = machineInfo(root, chromium);
  log('Stack Atlas benchmark');
  log(
    `  machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, kernel ${machine.kernel}`,
  );
  log(`  node ${machine.node}, astro ${machine.astro ?? '?'}, ${machine.chromium ?? 'chromium ?'}`);
  log(
    `  load average at start: ${machine.loadAverage.join(' ')} (builds running at the same time skew wall-clock figures; CPU time is less affected)`,
  );
  log(
    `  sizes: ${args.sizes.join(', ') || 'none'}; Starlight: ${args.skipStarlight ? 'skipped' : 'yes'}; page weight: ${args.skipWeight ? 'skipped' : 'yes'}; work dir: ${work}`,
  );

  const builds: BuildMeasurement[] = [];
  let realSite:
    { build: BuildMeasurement; weight: Record<string, PageWeight | { error: string }>; budgets: string[] } | undefined;

  // 1. Page weight of the real site.
  if (!args.skipWeight) {
    step('Real site: building content/ into a temporary folder …');
    const spec = ourBuildSpec('real-site', listNoteFiles(path.join(root, 'content/notes')).length, undefined, work);
    const build = await measureBuild(spec, logDir);
    if (build.ok) {
      step('Real site: measuring page weight in Chromium …');
      const weight = await weighOurs(spec.outDir, undefined, REAL_PAGES, chromium);
      const budgets = ['note', 'card'].flatMap((name) => {
        const w = weight[name];
        return w && 'totals' in w
          ? checkBudgets(name, w, BUDGETS)
          : [`${name}: not measured (${w && 'error' in w ? w.error : 'missing'})`];
      });
      realSite = { build, weight, budgets };
      printWeight(
        'Page weight, real site (gzip level 9 per response; first load, empty cache, service worker blocked):',
        weight,
      );
      log(
        budgets.length
          ? `\nBudgets (JS before interaction ≤ ${formatBytes(BUDGETS.jsBeforeInteraction)}, CSS ≤ ${formatBytes(BUDGETS.css)}): FAILED\n  ${budgets.join('\n  ')}`
          : `\nBudgets (JS before interaction ≤ ${formatBytes(BUDGETS.jsBeforeInteraction)}, CSS ≤ ${formatBytes(BUDGETS.css)} on note and card pages): OK`,
      );
    } else {
      realSite = { build, weight: {}, budgets: ['real site did not build'] };
    }
    if (!args.keep) rmSync(spec.outDir, { recursive: true, force: true });
  }

  // 2 + 3. Synthetic corpora, ours and Starlight.
  let starlight: StarlightProject | undefined;
  const cards: CardRef[] = loadAtlas(path.join(root, 'content')).cards.map((c) => ({
    id: c.id,
    name: c.name,
    aliases: c.aliases,
  }));
  if (args.sizes.length && !args.skipStarlight) {
    step('Starlight: preparing the comparison project …');
    starlight = setupStarlight(path.join(work, 'starlight'), chromium, log);
    log(`  Starlight ${starlight.version} in ${starlight.dir}`);
  }
  // Corpora share their first notes (note i is the same at every size): a nonce per
  // build keeps one size's fences from being cache hits for the next.
  const runId = Date.now().toString(36);
  for (const n of args.sizes) {
    step(`Corpus: ${n} notes (seed ${args.seed}) …`);
    const nonce = args.warmDiagrams ? undefined : `${runId}-${n}`;
    const notes = generateNotes({ count: n, seed: args.seed, cards, diagramNonce: nonce });
    const corpus = writeCorpus(path.join(work, `corpus-${n}`), path.join(root, 'content'), notes);
    log(
      `  ${corpus.notes} notes, ${(corpus.characters / corpus.notes).toFixed(0)} characters each on average, ` +
        `${corpus.codeBlocks} code blocks, ${corpus.diagrams} mermaid fences → ${corpus.dir}`,
    );
    const notePages = (prefix: (slug: string) => string) => ({
      home: '/',
      note: prefix('bench-0001'),
      ...(n >= 5 ? { 'note with diagram': prefix('bench-0005') } : {}),
    });

    step(`Stack Atlas: building ${n} notes …`);
    const spec = ourBuildSpec(`atlas-${n}`, n, corpus.dir, work);
    const ours = await measureBuild(spec, logDir);
    if (ours.ok && !args.skipWeight) {
      ours.weight = await weighOurs(
        spec.outDir,
        corpus.dir,
        notePages((slug) => `/notes/${slug}/`),
        chromium,
      );
    }
    builds.push(ours);
    if (!args.keep) rmSync(spec.outDir, { recursive: true, force: true });

    if (starlight) {
      step(`Starlight: building the same ${n} notes …`);
      const urls = writeStarlightDocs(starlight, notes, cards);
      const outDir = path.join(work, 'out', `starlight-${n}`);
      const cacheDir = path.join(work, 'cache', `starlight-${n}`);
      const theirs = await measureBuild(
        {
          site: 'starlight',
          notes: n,
          label: `starlight-${n}`,
          command: process.execPath,
          args: ['--import', probe, starlight.astroBin, 'build'],
          cwd: starlight.dir,
          env: {
            ...process.env,
            ASTRO_TELEMETRY_DISABLED: '1',
            FORCE_COLOR: '0',
            BENCH_OUT: outDir,
            BENCH_CACHE: cacheDir,
          },
          outDir,
          cacheDir,
        },
        logDir,
      );
      if (theirs.ok && !args.skipWeight) {
        theirs.weight = await weighStarlight(
          starlight,
          outDir,
          notePages((slug) => urls.get(slug) ?? `/${slug}/`),
          chromium,
        );
      }
      builds.push(theirs);
      if (!args.keep) rmSync(outDir, { recursive: true, force: true });
    }
    log(`\n${buildTable(builds.filter((b) => b.notes === n))}`);
  }

  // Report.
  const scaling = scalingCheck(builds);
  log('\n================ Results ================');
  log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; node ${machine.node}, astro ${machine.astro}; load at start ${machine.loadAverage.join(' ')}, at end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  if (builds.length || realSite) {
    log('\nBuilds (wall clock; CPU = user+system of the whole process tree):\n');
    log(buildTable([...(realSite ? [realSite.build] : []), ...builds]));
    log(
      '\n¹ diagrams: browser set-up + rendering inside the build (site diagrams at start-up and note fences during content sync; already part of those phases). "drawn" counts light and dark renders separately.',
    );
  }
  if (starlight && builds.some((b) => b.site === 'starlight')) {
    log(`\nStack Atlas vs Starlight ${starlight.version} (ratio = Starlight ÷ ours):\n`);
    log(comparisonTable(builds));
  }
  for (const b of builds.filter((x) => x.weight)) printWeight(`Page weight, ${b.site}, ${b.notes} notes:`, b.weight!);
  if (realSite && Object.keys(realSite.weight).length) printWeight('Page weight, real site:', realSite.weight);
  if (scaling) {
    log(
      `\nScaling: ${scaling.to} notes took ${scaling.wallRatio.toFixed(2)}× the wall-clock time of ${scaling.from} ` +
        `(CPU ${scaling.cpuRatio?.toFixed(2) ?? 'n/a'}×); limit ${scaling.limit}× → ${scaling.ok ? 'OK' : 'OVER THE LIMIT'}`,
    );
  }
  if (realSite) log(`Budgets: ${realSite.budgets.length ? `FAILED\n  ${realSite.budgets.join('\n  ')}` : 'OK'}`);

  const jsonFile = path.resolve(args.json ?? path.join(work, 'results.json'));
  writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        args,
        machine,
        realSite,
        builds,
        scaling,
      },
      null,
      2,
    ),
  );
  log(`\nResults JSON: ${jsonFile}\nLogs: ${logDir}`);
  const failed = builds.some((b) => !b.ok) || (realSite !== undefined && !realSite.build.ok);
  process.exitCode = failed ? 1 : 0;
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
