/**
 * `astro dev` start-up: from spawn until the server says it is ready (`… ready in N ms`
 * and the Local URL printed), and until the first page (`/`, or `firstPath`) has been
 * served with status 200 and its body read. The server is then stopped (its whole
 * process group).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { freePort } from './preview.ts';

/** `astro dev`'s default port, as `npm run dev` uses it. */
export const ASTRO_DEV_PORT = 4321;
import { stripAnsi } from './phases.ts';

export interface DevTiming {
  readyMs: number | undefined;
  firstPageMs: number | undefined;
  /** Status of the first page (200 expected). */
  status: number | undefined;
  error?: string | undefined;
  logFile: string;
}

export interface DevOptions {
  astroBin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  firstPath?: string;
  timeoutMs?: number;
}

/**
 * The start an author sees from the second `npm run dev` on: dev keeps its content store in the
 * project's own `.astro/` (builds keep theirs in the cache folder), and a store left by a dev
 * server on other content or settings is cleared and every entry rendered again (Astro's "Astro
 * config changed"). One start first, on the same content and settings, leaves the store an
 * author's previous session would; then the measured start (`<log>.warm-up.log` keeps the first).
 */
export async function measureDevAgain(options: DevOptions): Promise<DevTiming> {
  await measureDev({ ...options, logFile: options.logFile.replace(/\.log$/, '') + '.warm-up.log' });
  return measureDev(options);
}

export async function measureDev(options: DevOptions): Promise<DevTiming> {
  // Astro's own port when free: the port is part of the config digest Astro keeps with its
  // content store, so a dev server on another port than the builds' re-renders every entry.
  const port = await freePort(ASTRO_DEV_PORT);
  const log = createWriteStream(options.logFile);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [options.astroBin, 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: options.cwd,
      env: { ...options.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let readyMs: number | undefined;
  let exited = false;
  child.once('exit', () => (exited = true));
  const onLine = (raw: string) => {
    const t = performance.now() - started;
    const text = stripAnsi(raw);
    log.write(`[+${(t / 1000).toFixed(2)}s] ${text}\n`);
    if (readyMs === undefined && /ready in|Local\s+http/i.test(text)) readyMs = t;
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const deadline = started + (options.timeoutMs ?? 120_000);
  const result: DevTiming = { readyMs: undefined, firstPageMs: undefined, status: undefined, logFile: options.logFile };
  try {
    while (readyMs === undefined) {
      if (exited) throw new Error('astro dev exited before it was ready');
      if (performance.now() > deadline) throw new Error('astro dev was not ready in time');
      await new Promise((r) => setTimeout(r, 25));
    }
    result.readyMs = readyMs;
    const url = `http://127.0.0.1:${port}${options.firstPath ?? '/'}`;
    for (;;) {
      if (exited) throw new Error('astro dev exited before serving a page');
      if (performance.now() > deadline) throw new Error(`no page from ${url} in time`);
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        result.status = res.status;
        if (res.status === 200) {
          result.firstPageMs = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    if (!exited && child.pid) {
      const done = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    await new Promise<void>((resolve) => log.end(resolve));
  }
  return result;
}
