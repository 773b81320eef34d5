/**
 * Runs one build command and measures it: wall time, every output line stamped
 * with the time it arrived, peak memory (the process tree's summed RSS sampled from
 * /proc, plus the build process's own peak from the probe or /usr/bin/time), CPU
 * time of the process tree (/usr/bin/time), and the load average while it ran.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LogLine } from './phases.ts';
import { stripAnsi } from './phases.ts';

export interface RunOptions {
  /** Executable and arguments (the build). */
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Full log is written here. */
  logFile: string;
  /** Written by tools/bench/probe.mjs when it is preloaded. */
  probeFile?: string | undefined;
  /** Called for marker lines and every `progressEvery` ms. */
  progress?: ((message: string) => void) | undefined;
  progressEvery?: number;
  /** Kill the build after this many ms (default 40 min). */
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  wallMs: number;
  lines: LogLine[];
  /** Highest sum of RSS over the build's process tree (node + Chromium…), KiB. */
  peakTreeRssKiB: number | undefined;
  /** Peak RSS of the build (node) process itself, KiB. */
  peakProcessRssKiB: number | undefined;
  /**
   * CPU time of the process tree (user + system, ms): the larger of /usr/bin/time's figure
   * (the build plus the children it waited for) and the sum of per-process CPU sampled from
   * /proc every 500 ms (catches Chromium helpers; misses the last < 500 ms of each process).
   */
  cpuMs: number | undefined;
  cpuFromTimeMs: number | undefined;
  cpuSampledMs: number | undefined;
  load: { start: number[]; end: number[]; mean1: number };
  probe: { maxRssKiB: number; userMs: number; systemMs: number; diagrams: Record<string, number> | null } | undefined;
}

const TIME = '/usr/bin/time';

/** Children by parent pid, from /proc/<pid>/stat. */
function processTree(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process ended while we looked
    }
  }
  return children;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU ticks (utime + stime) and start time of a process, from /proc/<pid>/stat. */
function cpuTicks(pid: number): { ticks: number; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime = field 14, stime = 15, starttime = 22.
    return { ticks: Number(fields[11]) + Number(fields[12]), start: fields[19]! };
  } catch {
    return undefined;
  }
}

/** Clock ticks per second for /proc CPU times. */
function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** `root` and all its descendants. */
export function treePids(root: number): number[] {
  const children = processTree();
  const out: number[] = [];
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Sum of RSS of `root` and all its descendants (KiB). */
export function treeRssKiB(root: number): number {
  return treePids(root).reduce((n, pid) => n + rssKiB(pid), 0);
}

export async function runMeasured(options: RunOptions): Promise<RunResult> {
  const useTime = existsSync(TIME);
  const timeFile = `${options.logFile}.time`;
  rmSync(timeFile, { force: true });
  if (options.probeFile) rmSync(options.probeFile, { force: true });
  const [command, args] = useTime
    ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, options.command, ...options.args]]
    : [options.command, options.args];
  const log = createWriteStream(options.logFile);
  const started = performance.now();
  const loadStart = loadavg();
  const loads: number[] = [loadStart[0]!];
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  let routes = 0;
  let peakTree = 0;
  const say = options.progress ?? (() => {});
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

  const onLine = (raw: string) => {
    const t = performance.now() - started;
    lines.push({ t, text: raw });
    log.write(`[+${(t / 1000).toFixed(2)}s] ${raw}\n`);
    const text = stripAnsi(raw);
    if (/[├└]─ /.test(text)) routes += 1;
    else if (
      /Syncing content|Synced content|generating static routes|Completed in|\[stack-atlas:(search-index|link-check|offline|diagrams)\]|\[starlight:pagefind\]|error/i.test(
        text,
      )
    ) {
      say(`  ${elapsed().padStart(6)}  ${text.replace(/^\d\d:\d\d:\d\d\s+/, '').slice(0, 140)}`);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);

  const ticksPerSecond = clockTicks();
  const cpuByProcess = new Map<string, number>();
  const sampler = setInterval(() => {
    if (child.pid) {
      let rss = 0;
      for (const pid of treePids(child.pid)) {
        rss += rssKiB(pid);
        const cpu = cpuTicks(pid);
        if (cpu)
          cpuByProcess.set(`${pid}:${cpu.start}`, Math.max(cpuByProcess.get(`${pid}:${cpu.start}`) ?? 0, cpu.ticks));
      }
      peakTree = Math.max(peakTree, rss);
    }
    loads.push(loadavg()[0]!);
  }, 500);
  const ticker = setInterval(() => {
    say(
      `  ${elapsed().padStart(6)}  … ${routes} routes written, tree RSS peak ${(peakTree / 1024).toFixed(0)} MiB, load ${loadavg()[0]!.toFixed(1)}`,
    );
  }, options.progressEvery ?? 20_000);
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 40 * 60_000);

  const exitCode: number | null = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  clearInterval(ticker);
  clearTimeout(timeout);
  await new Promise<void>((resolve) => log.end(resolve));

  let cpuFromTimeMs: number | undefined;
  let timeRss: number | undefined;
  if (useTime && existsSync(timeFile)) {
    const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    if (fields.length === 4 && fields.every((n) => Number.isFinite(n))) {
      cpuFromTimeMs = Math.round((fields[1]! + fields[2]!) * 1000);
      timeRss = fields[3];
    }
  }
  let probe: RunResult['probe'];
  if (options.probeFile && existsSync(options.probeFile)) {
    try {
      probe = JSON.parse(readFileSync(options.probeFile, 'utf8')) as RunResult['probe'];
    } catch {
      probe = undefined;
    }
  }
  const sampledTicks = [...cpuByProcess.values()].reduce((a, b) => a + b, 0);
  const cpuSampledMs = sampledTicks ? Math.round((sampledTicks / ticksPerSecond) * 1000) : undefined;
  const cpuMs =
    cpuFromTimeMs === undefined && cpuSampledMs === undefined
      ? undefined
      : Math.max(cpuFromTimeMs ?? 0, cpuSampledMs ?? 0);
  return {
    exitCode,
    wallMs,
    lines,
    peakTreeRssKiB: peakTree || undefined,
    peakProcessRssKiB: probe?.maxRssKiB ?? timeRss,
    cpuMs,
    cpuFromTimeMs,
    cpuSampledMs,
    load: { start: loadStart, end: loadavg(), mean1: loads.reduce((a, b) => a + b, 0) / loads.length },
    probe,
  };
}

/** Total bytes and file count under a directory. */
export function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    try {
      bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    } catch {
      // vanished
    }
  }
  return { bytes, files };
}

/** Number of .html files under a directory. */
export function countHtml(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (e) => e.isFile() && e.name.endsWith('.html'),
  ).length;
}
