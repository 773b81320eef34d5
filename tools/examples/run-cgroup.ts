/**
 * One cgroup per run, in every hierarchy: the sandbox's PID 1 joins it before it
 * enters a new cgroup namespace, so every cgroup the example (or a daemon it starts)
 * creates lands below it, whatever absolute path it asks for. The runner then judges
 * and removes only that subtree: cgroups of other work on the machine are never read
 * as the example's, and never touched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseMountinfo, parseProcCgroups, releaseController } from './leaks.ts';

/** The cgroup directories of one run (one per hierarchy) and the bindings it started from. */
export interface RunCgroups {
  dirs: string[];
  /** Controller → hierarchy id when the run started. */
  controllers: Record<string, number>;
}

/** What was left in a run's cgroups once it ended. */
export interface RunCgroupRelease {
  /** Sub-cgroups the run left (relative to its own cgroup), removed by the runner. */
  removed: string[];
  /** Problems that outlived the bounded wait: a leak of the run. */
  leaks: string[];
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Mount points of the host's cgroup hierarchies under /sys/fs/cgroup, v1 and v2. */
export function hierarchyRoots(mountinfo: string): string[] {
  return parseMountinfo(mountinfo)
    .map((entry) => entry.split(' '))
    .filter(
      ([mountPoint, fsType]) =>
        (fsType === 'cgroup' || fsType === 'cgroup2') && mountPoint!.startsWith('/sys/fs/cgroup'),
    )
    .map(([mountPoint]) => mountPoint!);
}

/** The name of a run's cgroup. */
export function runCgroupName(tag: string): string {
  return `atlas-run-${tag}`;
}

/**
 * Creates the run's cgroup in every hierarchy. A v1 cpuset cgroup starts with no CPUs
 * or memory nodes (nothing could join it): it gets its parent's.
 */
export function createRunCgroups(tag: string, mountinfo = readText('/proc/self/mountinfo') ?? ''): RunCgroups {
  const dirs: string[] = [];
  for (const root of hierarchyRoots(mountinfo)) {
    const dir = path.join(root, runCgroupName(tag));
    mkdirSync(dir);
    dirs.push(dir);
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      const own = path.join(dir, file);
      const parent = readText(path.join(root, file));
      if (existsSync(own) && parent !== null && !readText(own)?.trim()) writeFileSync(own, parent.trim() || '\n');
    }
  }
  return { dirs, controllers: parseProcCgroups(readText('/proc/cgroups') ?? '') };
}

/** Sub-cgroups of `dir`, deepest first, relative to it. */
export function subCgroups(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const child = path.join(current, entry.name);
      walk(child);
      found.push(path.relative(dir, child));
    }
  };
  walk(dir);
  return found;
}

function tasksIn(dir: string): string[] {
  return (readText(path.join(dir, 'cgroup.procs')) ?? '').split('\n').filter(Boolean);
}

/** Controllers the run took from cgroup v2 that are still bound to a v1 hierarchy. */
export function controllersTaken(before: Record<string, number>, now: Record<string, number>): string[] {
  return Object.entries(now)
    .filter(([name, hierarchy]) => hierarchy !== 0 && before[name] === 0)
    .map(([name]) => name)
    .sort();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After the sandbox has exited: waits until the kernel has finished tearing the run
 * down (its processes released, its mount namespace and any v1 hierarchy mounted in it
 * freed), then removes the run's cgroups, deepest first. The kernel does that teardown
 * asynchronously, so this polls for the state it waits for, up to `timeoutMs`, rather
 * than sleeping a guessed time; only what is still there after the bound is a leak.
 */
export async function releaseRunCgroups(
  run: RunCgroups,
  options: { timeoutMs?: number; scratch?: string } = {},
): Promise<RunCgroupRelease> {
  const { timeoutMs = 60_000, scratch } = options;
  const left = new Set<string>();
  for (const dir of run.dirs) for (const sub of subCgroups(dir)) left.add(sub);
  const deadline = performance.now() + timeoutMs;
  let pending = [...run.dirs];
  let taken: string[];
  for (;;) {
    pending = pending.filter((dir) => {
      for (const sub of [...subCgroups(dir).map((s) => path.join(dir, s)), dir]) {
        if (tasksIn(sub).length) return true;
        try {
          rmdirSync(sub);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT') return true; // EBUSY: a dying task still holds it
        }
      }
      return false;
    });
    taken = controllersTaken(run.controllers, parseProcCgroups(readText('/proc/cgroups') ?? ''));
    if ((!pending.length && !taken.length) || performance.now() > deadline) break;
    await sleep(100);
  }
  // still bound after the wait: the run left cgroups in a v1 hierarchy it mounted (no
  // mount shows them any more, so the kernel keeps it forever); give it back
  if (taken.length && scratch) {
    const current = parseProcCgroups(readText('/proc/cgroups') ?? '');
    for (const hierarchy of new Set(taken.map((c) => current[c] ?? 0))) {
      const all = Object.keys(current).filter((c) => current[c] === hierarchy);
      if (hierarchy) releaseController(all, scratch);
    }
  }
  const leaks = [
    ...pending.map((dir) => {
      const tasks = [dir, ...subCgroups(dir).map((s) => path.join(dir, s))].flatMap(tasksIn);
      return `cgroup: ${dir} still ${tasks.length ? `holds ${tasks.length} process(es)` : 'cannot be removed'} after ${timeoutMs / 1000} s`;
    }),
    ...taken.map((c) => `cgroup controller ${c}: still bound to a v1 hierarchy ${timeoutMs / 1000} s after the run`),
  ];
  return { removed: [...left].sort(), leaks };
}
