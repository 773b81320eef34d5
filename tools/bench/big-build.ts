/**
 * One cold build of a large synthetic corpus, for memory at scale (issue 24 item 5,
 * issue 28): `node tools/bench/big-build.ts [notes=10000] [diagramEvery=25] [workDir]`.
 * The notes are the bench's (corpus.ts, same seed); diagrams are kept to one note in
 * `diagramEvery` so the build measures pages, previews and the index rather than
 * Mermaid. Prints wall time, CPU, peak RSS (process tree and build process) and the
 * load average; the full log, with the probe's `[bench:memory]` samples every 5 s,
 * is in `<workDir>/logs/big-<notes>.log`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAtlas } from '../../src/model/load.ts';
import { DEFAULT_SEED, generateNotes, writeCorpus } from './corpus.ts';
import { countHtml, runMeasured } from './run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const notes = Number(process.argv[2] ?? 10000);
const diagramEvery = Number(process.argv[3] ?? 25);
const work = path.resolve(process.argv[4] ?? '/tmp/atlas-big');
const logs = path.join(work, 'logs');
mkdirSync(logs, { recursive: true });

const cards = loadAtlas(path.join(root, 'content')).cards.map((c) => ({ id: c.id, name: c.name, aliases: c.aliases }));
const generated = generateNotes({
  count: notes,
  seed: DEFAULT_SEED,
  cards,
  diagramEvery,
  diagramNonce: `big-${Date.now().toString(36)}`,
});
const corpus = writeCorpus(path.join(work, `corpus-${notes}`), path.join(root, 'content'), generated);
console.log(`${corpus.notes} notes, ${corpus.diagrams} mermaid fences → ${corpus.dir}`);

const outDir = path.join(work, 'out');
const cacheDir = path.join(work, 'cache');
rmSync(outDir, { recursive: true, force: true });
rmSync(cacheDir, { recursive: true, force: true });
const result = await runMeasured({
  command: process.execPath,
  args: [
    '--import',
    pathToFileURL(path.join(root, 'tools/bench/probe.mjs')).href,
    path.join(root, 'node_modules/astro/bin/astro.mjs'),
    'build',
  ],
  cwd: root,
  env: {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    FORCE_COLOR: '0',
    BENCH_MEMORY_MS: process.env.BENCH_MEMORY_MS ?? '5000',
    STACK_ATLAS_CONTENT: corpus.dir,
    STACK_ATLAS_OUT: outDir,
    STACK_ATLAS_CACHE: cacheDir,
    STACK_ATLAS_URLS: '',
  },
  logFile: path.join(logs, `big-${notes}.log`),
  progress: (line) => console.log(line),
  timeoutMs: 90 * 60 * 1000,
});
const mib = (kib: number | undefined) => (kib === undefined ? 'n/a' : `${Math.round(kib / 1024)} MiB`);
console.log(
  `${notes} notes: exit ${result.exitCode}, ${(result.wallMs / 1000).toFixed(0)} s wall, ` +
    `${((result.cpuMs ?? 0) / 1000).toFixed(0)} s CPU, ${countHtml(outDir)} HTML pages, ` +
    `peak RSS ${mib(result.peakTreeRssKiB)} (tree), ${mib(result.peakProcessRssKiB)} (build process); ` +
    `load ${result.load.start.join(' ')} → ${result.load.end.join(' ')}, mean ${result.load.mean1.toFixed(1)}`,
);
process.exitCode = result.exitCode === 0 ? 0 : 1;
