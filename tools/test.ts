/**
 * The one test command (`npm test`): unit tests, the live examples in the emulated
 * machine (no root) and runnable examples on the host (root only) side by side, a production build,
 * then end-to-end tests in Chromium against that build.
 * Ends with the plain line `N passed, N failed, N skipped` that CI reads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const phases: Array<{ name: string; seconds: number } & Tally> = [];
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

if (wanted('unit')) {
  const file = `${out}/vitest.json`;
  rmSync(file, { force: true });
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  }>(file);
  if (report)
    record('unit', {
      passed: report.numPassedTests,
      failed: report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0),
      skipped: report.numPendingTests + report.numTodoTests,
    });
  else record('unit', { passed: 0, failed: 1, skipped: 0 });
}

/** A runner script, its stdout kept (printed whole when it ends); stderr goes straight through. */
function runScript(args: string[]): Promise<{ status: number | null; stdout: string; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, seconds: (performance.now() - started) / 1000 })),
  );
}

/** The runner's closing `N passed, N failed[, N skipped]` line as a tally (a failure if it has none). */
function tallyOf(result: { status: number | null; stdout: string }): Tally {
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
  const result = await runScript([script, '--no-record']);
  return () => {
    console.log(`\n$ node ${script} --no-record`);
    process.stdout.write(result.stdout);
    console.log(`${name} phase: ${result.seconds.toFixed(0)} s`);
    record(name, tallyOf(result), result.seconds);
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
// Printed in order once both have ended, so their outputs never interleave.
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
    const status = run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    const report = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(file);
    if (report)
      record('e2e', {
        passed: report.stats.expected + report.stats.flaky,
        failed: report.stats.unexpected + (status !== 0 && report.stats.unexpected === 0 ? 1 : 0),
        skipped: report.stats.skipped,
      });
    else record('e2e', { passed: 0, failed: 1, skipped: 0 });
  }
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
