/**
 * Snapshots of the host state an example could leave behind (mounts, network
 * namespaces, cgroups, processes, users) and the diff between two of them.
 *
 * The host is shared with other work, so the diff only blames an example for:
 * - processes that carry the run's tag in their environment (or descend from one),
 * - cgroups that are not siblings of the runner's own cgroup (whoever manages the
 *   runner's cgroup creates cgroups next to it for other jobs).
 * Besides directories, it watches kernel-wide cgroup state an example can change:
 * which hierarchy each controller is bound to (/proc/cgroups; mounting a v1 hierarchy
 * takes a controller away from cgroup v2) and the v2 root's cgroup.subtree_control.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** One-letter state from /proc/<pid>/stat; `Z` is a zombie. */
  state: string;
  comm: string;
  cmdline: string;
  /** The process has the run's tag (ATLAS_EXAMPLE_RUN=<tag>) in its environment. */
  tagged: boolean;
}

export interface Snapshot {
  /** `<mount point> <fs type> <source>`, one per mount (duplicates kept). */
  mounts: string[];
  /** Names from `ip netns list`. */
  netns: string[];
  /** cgroup directories, e.g. `/sys/fs/cgroup/memory/docker`. */
  cgroups: string[];
  processes: ProcessInfo[];
  /** User names and `group:<name>` entries. */
  users: string[];
  /** The runner's own cgroup directory in every hierarchy. */
  ownCgroups: string[];
  /** Mount points of the cgroup hierarchies. */
  cgroupRoots: string[];
  /** Controller → hierarchy id from /proc/cgroups (0: cgroup v2 or unused). */
  controllers: Record<string, number>;
  /** Controllers enabled in the v2 root's cgroup.subtree_control; null without a v2 mount. */
  subtreeControl: string[] | null;
  /** Mount point of the cgroup v2 hierarchy, if any. */
  v2Root: string | null;
}

export interface LeakReport {
  mounts: string[];
  netns: string[];
  cgroups: string[];
  processes: ProcessInfo[];
  users: string[];
  /** New zombies: not running and holding nothing but a PID; reported, not a failure. */
  zombies: ProcessInfo[];
  /** Controllers that moved from cgroup v2 (hierarchy 0) to a v1 hierarchy. */
  controllers: string[];
  /** Controllers newly enabled in the v2 root's cgroup.subtree_control. */
  subtreeControl: string[];
}

/** The environment variable the runner sets to recognise the processes of one run. */
export const TAG_VARIABLE = 'ATLAS_EXAMPLE_RUN';

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** `<mount point> <fs type> <source>` for every line of /proc/self/mountinfo text. */
export function parseMountinfo(text: string): string[] {
  const mounts: string[] = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4];
    const [fsType, source] = right.split(' ');
    if (mountPoint && fsType) mounts.push(`${mountPoint} ${fsType} ${source ?? ''}`.trim());
  }
  return mounts;
}

/** Mount points of the cgroup hierarchies (v1 and v2) from mountinfo text. */
export function cgroupMountPoints(mountinfo: string): string[] {
  return parseMountinfo(mountinfo)
    .map((entry) => entry.split(' '))
    .filter(([, fsType]) => fsType === 'cgroup' || fsType === 'cgroup2')
    .map(([mountPoint]) => mountPoint!);
}

function listDirs(root: string, maxDepth: number, into: Set<string>): void {
  if (maxDepth < 0) return;
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    into.add(dir);
    listDirs(dir, maxDepth - 1, into);
  }
}

/**
 * The runner's own cgroup directories, from /proc/self/cgroup text and the hierarchy
 * mount points (`4:memory:/a/b` → `<mount of memory>/a/b`).
 */
export function ownCgroupDirs(procSelfCgroup: string, mountinfo: string): string[] {
  const dirs: string[] = [];
  const v1: { mountPoint: string; options: string[] }[] = [];
  let v2: string | null = null;
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4]!;
    const [fsType, , superOptions = ''] = right.split(' ');
    if (fsType === 'cgroup2') v2 ??= mountPoint;
    if (fsType === 'cgroup') v1.push({ mountPoint, options: superOptions.split(',') });
  }
  for (const line of procSelfCgroup.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const controllers = match[1]!.split(',').filter(Boolean);
    const mountPoint = controllers.length
      ? v1.find((m) => controllers.every((c) => m.options.includes(c)))?.mountPoint
      : v2;
    if (mountPoint) dirs.push(path.join(mountPoint, match[2]!).replace(/(.)\/$/, '$1'));
  }
  return dirs;
}

/** Controller → hierarchy id, from /proc/cgroups text. */
export function parseProcCgroups(text: string): Record<string, number> {
  const controllers: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [name, hierarchy, , enabled] = line.split('\t');
    if (!name || name.startsWith('#') || enabled !== '1') continue;
    controllers[name] = Number(hierarchy);
  }
  return controllers;
}

/** Processes from /proc; `tag` marks the ones whose environment carries it. */
export function listProcesses(tag?: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  const marker = tag ? `${TAG_VARIABLE}=${tag}` : null;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid ...; comm may contain spaces and parentheses
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state = '?', ppid = '0'] = stat.slice(close + 2).split(' ');
    const cmdline = (readText(`/proc/${name}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');
    const environ = marker ? readText(`/proc/${name}/environ`) : null;
    processes.push({
      pid: Number(name),
      ppid: Number(ppid),
      state,
      comm,
      cmdline,
      tagged: marker !== null && environ !== null && environ.split('\0').includes(marker),
    });
  }
  return processes;
}

function listNetns(): string[] {
  try {
    const out = execFileSync('ip', ['netns', 'list'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return out
      .split('\n')
      .map((line) => line.split(' ')[0]!)
      .filter(Boolean)
      .sort();
  } catch {
    return existsSync('/run/netns') ? readdirSync('/run/netns').sort() : [];
  }
}

function listUsers(): string[] {
  const names = (file: string, prefix: string) =>
    (readText(file) ?? '')
      .split('\n')
      .map((line) => line.split(':')[0]!)
      .filter(Boolean)
      .map((name) => prefix + name);
  return [...names('/etc/passwd', ''), ...names('/etc/group', 'group:')].sort();
}

/**
 * Takes a snapshot. cgroups are listed shallowly: three levels below every
 * hierarchy root and two below the runner's own cgroup.
 */
export function takeSnapshot(options: { tag?: string } = {}): Snapshot {
  const mountinfo = readText('/proc/self/mountinfo') ?? '';
  const ownCgroups = ownCgroupDirs(readText('/proc/self/cgroup') ?? '', mountinfo);
  const cgroupRoots = cgroupMountPoints(mountinfo);
  const cgroups = new Set<string>();
  for (const root of cgroupRoots) listDirs(root, 2, cgroups);
  for (const own of ownCgroups) listDirs(own, 1, cgroups);
  const v2Root =
    parseMountinfo(mountinfo)
      .map((entry) => entry.split(' '))
      .find(([, fsType]) => fsType === 'cgroup2')?.[0] ?? null;
  const subtree = v2Root ? readText(path.join(v2Root, 'cgroup.subtree_control')) : null;
  return {
    mounts: parseMountinfo(mountinfo).sort(),
    netns: listNetns(),
    cgroups: [...cgroups].sort(),
    processes: listProcesses(options.tag),
    users: listUsers(),
    ownCgroups,
    cgroupRoots,
    controllers: parseProcCgroups(readText('/proc/cgroups') ?? ''),
    subtreeControl: subtree === null ? null : subtree.split(/\s+/).filter(Boolean).sort(),
    v2Root,
  };
}

/** Items of `after` not in `before`, counting duplicates (a multiset difference). */
function added(before: string[], after: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(item, (counts.get(item) ?? 0) + 1);
  const result: string[] = [];
  for (const item of after) {
    const count = counts.get(item) ?? 0;
    if (count > 0) counts.set(item, count - 1);
    else result.push(item);
  }
  return result;
}

/**
 * True when `dir` sits next to the runner's own cgroup or next to one of its
 * ancestors below the hierarchy root: another job of whoever manages our cgroup.
 */
function isForeignSibling(dir: string, ownCgroups: string[], roots: Set<string>): boolean {
  const parent = path.dirname(dir);
  for (const own of ownCgroups) {
    if (roots.has(own) || dir === own || own.startsWith(`${dir}/`)) continue;
    for (
      let ancestor = path.dirname(own);
      !roots.has(ancestor) && ancestor !== '/';
      ancestor = path.dirname(ancestor)
    ) {
      if (ancestor === parent) return true;
    }
  }
  return false;
}

/** What appeared between two snapshots and can be blamed on the example. */
export function diffSnapshots(before: Snapshot, after: Snapshot): LeakReport {
  const known = new Set(before.processes.map((p) => `${p.pid} ${p.comm}`));
  const fresh = after.processes.filter((p) => !known.has(`${p.pid} ${p.comm}`));
  const byPid = new Map(after.processes.map((p) => [p.pid, p]));
  const ours = (p: ProcessInfo): boolean => {
    for (let current: ProcessInfo | undefined = p, hops = 0; current && hops < 64; hops++) {
      if (current.tagged) return true;
      current = byPid.get(current.ppid);
    }
    return false;
  };
  const blamed = fresh.filter(ours);
  const roots = new Set([...before.cgroupRoots, ...after.cgroupRoots]);
  return {
    mounts: added(before.mounts, after.mounts),
    netns: added(before.netns, after.netns),
    cgroups: added(before.cgroups, after.cgroups).filter((dir) => !isForeignSibling(dir, after.ownCgroups, roots)),
    processes: blamed.filter((p) => p.state !== 'Z'),
    users: added(before.users, after.users),
    zombies: blamed.filter((p) => p.state === 'Z'),
    controllers: Object.entries(after.controllers)
      .filter(([name, hierarchy]) => hierarchy !== 0 && before.controllers[name] === 0)
      .map(([name]) => name)
      .sort(),
    subtreeControl: (after.subtreeControl ?? []).filter(
      (c) => before.subtreeControl && !before.subtreeControl.includes(c),
    ),
  };
}

/** One line per leaked item; empty when nothing was left behind (zombies excluded). */
export function describeLeaks(report: LeakReport): string[] {
  return [
    ...report.mounts.map((m) => `mount: ${m}`),
    ...report.netns.map((n) => `network namespace: ${n}`),
    ...report.cgroups.map((c) => `cgroup: ${c}`),
    ...report.processes.map((p) => `process: ${p.pid} ${p.comm} (${p.cmdline.slice(0, 120)})`),
    ...report.users.map((u) => `user: ${u}`),
    ...report.controllers.map((c) => `cgroup controller ${c}: bound to a v1 hierarchy (taken from cgroup v2)`),
    ...report.subtreeControl.map((c) => `cgroup v2 root: +${c} in cgroup.subtree_control`),
  ];
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Gives a controller back to cgroup v2: mounts its leftover v1 hierarchy in a private
 * mount namespace (on `mountPoint`, an empty directory the runner owns), removes the
 * cgroups in it and unmounts; the kernel frees a hierarchy that is unmounted and empty.
 */
export function releaseController(controllers: string[], mountPoint: string): boolean {
  const script = `mount -t cgroup -o "$1" atlas-release "$2" && find "$2" -mindepth 1 -depth -type d -exec rmdir {} + ; umount "$2"`;
  spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', controllers.join(','), mountPoint],
    {
      stdio: 'ignore',
      timeout: 10_000,
    },
  );
  for (let i = 0; i < 50; i++) {
    const now = parseProcCgroups(readText('/proc/cgroups') ?? '');
    if (controllers.every((c) => now[c] === 0)) return true;
    sleepMs(100);
  }
  return false;
}

/**
 * Stops what a run left running on the host and says what it did, one line per item.
 * Only the run's own processes (they carry its tag) are touched. Everything else a
 * diff finds (mounts, network namespaces, users, cgroups, controller bindings) is
 * reported, never removed: outside the sandbox (isolation `none`) the runner cannot
 * tell it from what other work on the machine made meanwhile; inside, it died with the
 * sandbox's namespaces and the run's own cgroup (run-cgroup.ts).
 */
export function removeLeftovers(report: LeakReport): string[] {
  const done: string[] = [];
  for (const p of report.processes) {
    try {
      process.kill(p.pid, 'SIGKILL');
      done.push(`killed process ${p.pid} ${p.comm}`);
    } catch {
      /* gone meanwhile */
    }
  }
  return done;
}
