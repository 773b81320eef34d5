/**
 * The one test command (`npm test`): unit tests; then side by side the live examples in the
 * emulated machine (no root), the runnable examples on the host (root only, when asked) and
 * the author's loop in `astro dev` (Playwright project `dev`); a production build; then the
 * end-to-end tests in Chromium against that build (project `site`).
 * Ends with the plain line `N passed, N failed, N skipped` that CI reads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const phases: Array<{ name: string; seconds: number } & Tally> = [];
/** One line per failed test (phase, name, first line of its error), repeated just above the summary. */
const failures: string[] = [];
const started = performance.now();
let phaseStart = performance.now();
const out = '.cache/test';
mkdirSync(out, { recursive: true });
const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: process.env.CI ? '0' : '1',
  // the edit and report links need a repository; a deployment names its own (README), the tests a stand-in
  STACK_ATLAS_REPO: process.env.STACK_ATLAS_REPO || 'https://git.example.org/stack-atlas/stack-atlas',
};
const bin = (name: string) => `node_modules/.bin/${name}`;
const only = process.argv.slice(2);
const wanted = (phase: string) => only.length === 0 || only.includes(phase);

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): number {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

/** Records a phase; `seconds` for phases that ran side by side (else: since the last phase ended). */
function record(name: string, tally: Tally, seconds?: number) {
  const now = performance.now();
  phases.push({ name, seconds: seconds ?? (now - phaseStart) / 1000, ...tally });
  phaseStart = now;
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: Array<{
    title: string;
    tests: Array<{ status: string; results: Array<{ status: string; error?: { message?: string } }> }>;
  }>;
}
type PlaywrightReport = {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  suites?: PlaywrightSuite[];
  errors?: Array<{ message?: string }>;
};

/** The first meaningful line of an error message, without colour codes, cut to one screen line. */
function firstLine(message = ''): string {
  const plain = stripVTControlCharacters(message);
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}

/** Failed tests of a Playwright report, as `phase: title: error` lines. */
function playwrightFailures(phase: string, report: PlaywrightReport): string[] {
  const lines: string[] = [];
  const walk = (suite: PlaywrightSuite, path: string[]) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests)
        if (t.status === 'unexpected') {
          const last = t.results.at(-1);
          lines.push(`${phase}: ${[...path, spec.title].join(' › ')}: ${firstLine(last?.error?.message)}`);
        }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title].filter(Boolean));
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  for (const error of report.errors ?? []) lines.push(`${phase}: ${firstLine(error.message)}`);
  return lines;
}

/** A Playwright JSON report as a tally (a failure when there is none, or the run failed without a failed test). */
function playwrightTally(phase: string, file: string, status: number | null): Tally {
  const report = readJson<PlaywrightReport>(file);
  if (!report) {
    failures.push(`${file}: no report (the runner exited with ${status})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  failures.push(...playwrightFailures(phase, report));
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected + (status !== 0 && report.stats.unexpected === 0 ? 1 : 0),
    skipped: report.stats.skipped,
  };
}

if (wanted('unit')) {
  const file = `${out}/vitest.json`;
  rmSync(file, { force: true });
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: Array<{
      name: string;
      message?: string;
      assertionResults: Array<{ status: string; fullName: string; failureMessages?: string[] }>;
    }>;
  }>(file);
  for (const result of report?.testResults ?? []) {
    const name = result.name.replace(`${process.cwd()}/`, '');
    const failed = result.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) failures.push(`unit: ${name}: ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (failed.length === 0 && result.message) failures.push(`unit: ${name}: ${firstLine(result.message)}`);
  }
  if (report)
    record('unit', {
      passed: report.numPassedTests,
      failed: report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0),
      skipped: report.numPendingTests + report.numTodoTests,
    });
  else record('unit', { passed: 0, failed: 1, skipped: 0 });
}

/** A command whose stdout is kept (printed whole when it ends); stderr goes straight through. */
function runKept(
  cmd: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; seconds: number }> {
  const started = performance.now();
  const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, seconds: (performance.now() - started) / 1000 })),
  );
}

/** The runner's closing `N passed, N failed[, N skipped]` line as a tally (a failure if it has none). */
function tallyOf(name: string, result: { status: number | null; stdout: string }): Tally {
  // the runners' own result lines: `FAIL id (…)` (live) and `[3/10] id ... FAIL (…)` (examples)
  for (const line of result.stdout.split('\n'))
    if (/^(FAIL |\[\d+\/\d+\] \S+ \.\.\. FAIL )/.test(line)) failures.push(`${name}: ${line.slice(0, 200)}`);
  const match = /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m.exec(result.stdout);
  if (!match) return { passed: 0, failed: 1, skipped: 0 };
  return {
    passed: Number(match[1]),
    failed: Number(match[2]) + (result.status !== 0 && match[2] === '0' ? 1 : 0),
    skipped: Number(match[3] ?? 0),
  };
}

/**
 * A runner script (`--no-record`) as a phase that runs beside another: its output and tally
 * are kept and reported by the returned function, so outputs print whole and in order.
 */
async function sideBySidePhase(name: string, script: string): Promise<() => void> {
  const result = await runKept(process.execPath, [script, '--no-record']);
  return () => {
    console.log(`\n$ node ${script} --no-record`);
    process.stdout.write(result.stdout);
    console.log(`${name} phase: ${result.seconds.toFixed(0)} s`);
    record(name, tallyOf(name, result), result.seconds);
  };
}

// The live examples (v86 guests, CPU) and the host-run examples (daemons, mostly waiting) run
// side by side: neither depends on timing, and together they keep both cores busy.
const sideBySide: Array<Promise<() => void>> = [];

if (wanted('live')) {
  // The kernel-level examples in the emulated machine (tools/vm/): v86 under Node, no root,
  // nothing on the host changes. Builds the image on first use (.cache/vm/); where it
  // cannot be built (no apt, no network) the runner says why and counts them as skipped.
  sideBySide.push(sideBySidePhase('live', 'tools/vm/run.ts'));
}

if (wanted('examples')) {
  // The host-run examples start daemons as root (in a sandbox, see tools/examples/sandbox.ts)
  // and build a Debian 13 root on first use: they run only when asked for (`npm test --
  // examples` or STACK_ATLAS_EXAMPLES=1, which .ci/run sets), never because CI=true: a
  // content change to a run.sh must not become root code on a machine that did not ask.
  const asked = only.includes('examples') || process.env.STACK_ATLAS_EXAMPLES === '1';
  if (!asked) {
    const count = existsSync('content/examples')
      ? readdirSync('content/examples', { withFileTypes: true }).filter((e) => e.isDirectory()).length
      : 0;
    sideBySide.push(
      Promise.resolve(() => {
        console.log(
          `\nexamples: ${count} skipped: they run as root and change the machine (inside a sandbox) ` +
            'only when asked: `sudo npm test -- examples`, `sudo STACK_ATLAS_EXAMPLES=1 npm test` ' +
            'or `sudo npm run examples`',
        );
        record('examples', { passed: 0, failed: 0, skipped: count }, 0);
      }),
    );
  } else {
    // Needs root and mmdebstrap (or a Debian 13+ host); the runner reports SKIP with the reason otherwise.
    sideBySide.push(sideBySidePhase('examples', 'tools/examples/cli.ts'));
  }
}

if (wanted('e2e') || wanted('dev')) {
  // The author's loop in `astro dev` (tests/e2e-dev/): runs here, beside the examples, because
  // dev writes the checkout's .astro/ as builds do, and no build runs in this phase.
  const file = `${out}/playwright-dev.json`;
  rmSync(file, { force: true });
  const args = ['test', '--project=dev', '--reporter=list,json'];
  sideBySide.push(
    runKept(bin('playwright'), args, { PLAYWRIGHT_JSON_OUTPUT_NAME: file, E2E_SITE: '0' }).then((result) => () => {
      console.log(`\n$ ${bin('playwright')} ${args.join(' ')}`);
      process.stdout.write(result.stdout);
      console.log(`dev phase: ${result.seconds.toFixed(0)} s`);
      record('dev', playwrightTally('dev', file, result.status), result.seconds);
    }),
  );
}
// Printed in order once all have ended, so their outputs never interleave.
for (const report of await Promise.all(sideBySide)) report();
phaseStart = performance.now();

let built = true;
if (wanted('e2e') || wanted('build')) {
  const status = run(bin('astro'), ['build']);
  built = status === 0;
  record('build', { passed: built ? 1 : 0, failed: built ? 0 : 1, skipped: 0 });
}

if (wanted('e2e')) {
  if (!built) {
    console.log('\ne2e: skipped because the build failed');
  } else {
    const file = `${out}/playwright.json`;
    rmSync(file, { force: true });
    const status = run(bin('playwright'), ['test', '--project=site', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    });
    record('e2e', playwrightTally('e2e', file, status));
  }
}

// Repeated here because a CI log is often read from its end only.
if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const line of failures.slice(0, 30)) console.log(`  ${line}`);
  if (failures.length > 30) console.log(`  … and ${failures.length - 30} more above`);
}
console.log('\nSummary');
const seconds = (s: number) => `${Math.round(s)} s`.padStart(6);
for (const p of phases) {
  console.log(
    `  ${p.name.padEnd(9)} ${seconds(p.seconds)}  ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`,
  );
}
console.log(`  ${'total'.padEnd(9)} ${seconds((performance.now() - started) / 1000)}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
