/**
 * `astro build` of this checkout for tests that run side by side: every build of a
 * checkout takes its one build lock (builds share .astro/), so a build that finds the
 * lock held by another test's build waits and starts again instead of failing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const astro = path.join(root, 'node_modules/.bin/astro');
export const lockFile = path.join(root, '.astro/build.lock');

/** How long a build waits for other builds of this checkout. */
const LOCK_WAIT_MS = 15 * 60 * 1000;
const BUSY = /another build is running in this checkout/;

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export interface BuildResult {
  status: number | null;
  output: string;
  pid: number;
}

/** One `astro build` with `env`: status and output, whatever they are (no waiting). */
export function buildOnce(env: NodeJS.ProcessEnv): BuildResult {
  const result = spawnSync(astro, ['build'], { cwd: root, encoding: 'utf8', env, timeout: 600_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, pid: result.pid };
}

/** `astro build` with `env`, waiting while another build of the checkout holds the lock. */
export function buildWhenFree(env: NodeJS.ProcessEnv): BuildResult {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const result = buildOnce(env);
    if (!BUSY.test(result.output) || Date.now() > until) return result;
    pause(1000);
  }
}

/** The pid in the checkout's build lock, if any. */
function lockHolder(): number | undefined {
  if (!existsSync(lockFile)) return undefined;
  const pid = Number(readFileSync(lockFile, 'utf8').split(' ')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Starts a build and resolves once that build holds the lock (starting it again while
 * another test's build has it); `done` resolves with its exit code.
 */
export async function buildHoldingLock(env: NodeJS.ProcessEnv): Promise<{ done: Promise<number | null> }> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const child = spawn(astro, ['build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += String(d)));
    child.stderr.on('data', (d: Buffer) => (output += String(d)));
    const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (child.exitCode === null && child.signalCode === null) {
      if (lockHolder() === child.pid) return { done };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await done;
    if (!BUSY.test(output) || Date.now() > until) throw new Error(`build ended before taking the lock:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * `astro build` with `env` without blocking the test process (e2e workers serve pages
 * meanwhile), waiting while another build holds the lock; the build's output, or an error
 * carrying its end.
 */
export async function astroBuild(env: NodeJS.ProcessEnv): Promise<string> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(astro, ['build'], { cwd: root, env });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += String(d)));
      child.stderr.on('data', (d: Buffer) => (text += String(d)));
      child.on('exit', (code) => resolve({ code, text }));
    });
    if (output.code === 0) return output.text;
    if (!BUSY.test(output.text) || Date.now() > until) throw new Error(`build failed:\n${output.text.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
