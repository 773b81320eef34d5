/**
 * Serves a built output folder with `astro preview` on a free port and measures
 * pages in Chromium (fresh context per page: empty cache, service workers blocked).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../../src/diagrams/render/browser.ts';
import { measurePage, type PageWeight } from './weight.ts';

/** `preferred` when nothing listens on it, else a free port (0: any free port). */
export async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (preferred && error.code === 'EADDRINUSE') resolve(freePort());
      else reject(error);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Preview {
  origin: string;
  stop(): Promise<void>;
}

/** `astro preview --ignore-lock` in `cwd` (env decides the output folder it serves). */
export async function startPreview(options: {
  astroBin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<Preview> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [options.astroBin, 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: options.cwd,
      env: { ...options.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`astro preview exited early:\n${output}`);
    try {
      const res = await fetch(`${origin}/`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`astro preview did not answer on ${origin} within the time limit:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    origin,
    stop: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** Measures each `name → path` on `origin`. */
export async function measurePages(
  origin: string,
  pages: Record<string, string>,
  executablePath: string,
): Promise<Record<string, PageWeight | { error: string }>> {
  const browser = await chromium.launch({
    executablePath,
    args: chromiumArgs,
  });
  const results: Record<string, PageWeight | { error: string }> = {};
  try {
    for (const [name, path] of Object.entries(pages)) {
      const context = await browser.newContext({ serviceWorkers: 'block', locale: 'zh-CN' });
      const page = await context.newPage();
      try {
        results[name] = await measurePage(page, new URL(path, `${origin}/`).href);
      } catch (error) {
        results[name] = { error: (error as Error).message.split('\n')[0]! };
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
