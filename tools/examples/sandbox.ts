/**
 * Where the examples run. `root`: a Debian 13 root built once with mmdebstrap and
 * cached, used read-only under a tmpfs overlay; `host`: the host's own file system
 * (a Debian 13+ host already has the current tools), likewise read-only under a tmpfs
 * overlay. Both run inside fresh cgroup, mount, PID, network, UTS and IPC namespaces
 * (sandbox.sh) with `/sys` and `/proc/sys` read-only, so mounts, network namespaces,
 * users, files and processes an example leaves die with the run, and its cgroups sit
 * below the run's own (run-cgroup.ts). `none` runs run.sh plainly on the host (the
 * runner's own tests, or when asked explicitly).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Isolation = 'root' | 'host' | 'none';

/** Debian's current stable release: hosts older than this get the separate root. */
export const ROOT_RELEASE = 13;
export const ROOT_SUITE = 'trixie';
export const ROOT_MIRROR = 'http://deb.debian.org/debian';

/**
 * What the examples need in the root. Recommends are not installed, so everything
 * a script calls is named here (uidmap for rootless podman, catatonit for --init, ...).
 */
export const ROOT_PACKAGES = [
  // base tools the scripts use
  'passwd',
  'procps',
  'iproute2',
  'iputils-ping',
  'kmod',
  'attr',
  'curl',
  'jq',
  'libcap2-bin',
  'uidmap',
  'xz-utils',
  'busybox-static',
  // runtimes and engines
  'runc',
  'crun',
  'runsc',
  'criu',
  'containerd',
  'docker.io',
  'docker-cli',
  'docker-buildx',
  'podman',
  'catatonit',
  'buildah',
  'skopeo',
  'umoci',
  'docker-registry',
  'containernetworking-plugins',
  'iptables',
  'lxc',
  'lxc-templates',
  'incus',
  'incus-client',
  'kubernetes-client',
  'nodejs',
] as const;

/**
 * The cache folder. Under .cache/ (gitignored) rather than node_modules/.cache: `npm ci`,
 * which CI runs every time, deletes node_modules, and the root (root-owned files,
 * set-uid helpers) is no npm artefact.
 */
export const DEFAULT_CACHE_DIR = '.cache/examples-root';

/** Bumped when the way the root is built changes without a change of the lists above. */
const BUILD_RECIPE = 1;

const here = import.meta.dirname;
export const SANDBOX_SCRIPT = path.join(here, 'sandbox.sh');
/** PATH inside the sandbox (as set by sandbox.sh). */
export const INSIDE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface Sandbox {
  isolation: Isolation;
  /** The Debian root used as the lower layer (`root` only). */
  rootfs: string | null;
  /** PRETTY_NAME of the system whose tools the examples use. */
  os: string;
  /** PRETTY_NAME of the host. */
  hostOs: string;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A field of os-release text, e.g. `VERSION_ID`. */
export function osReleaseField(text: string, field: string): string | null {
  const match = new RegExp(`^${field}="?([^"\\n]*)"?$`, 'm').exec(text);
  return match ? match[1]! : null;
}

/**
 * `auto` → `root` on Debian older than ROOT_RELEASE, otherwise `host` (a current
 * Debian, or another distribution whose tools the reader asked for by running there).
 */
export function chooseIsolation(requested: Isolation | 'auto', hostOsRelease: string): Isolation {
  if (requested !== 'auto') return requested;
  const id = osReleaseField(hostOsRelease, 'ID');
  const version = Number(osReleaseField(hostOsRelease, 'VERSION_ID') ?? 'NaN');
  return id === 'debian' && version < ROOT_RELEASE ? 'root' : 'host';
}

/** mmdebstrap arguments for the root (without the target directory). */
export function mmdebstrapArgs(): string[] {
  return [
    '--mode=root',
    '--variant=required',
    `--include=${ROOT_PACKAGES.join(',')}`,
    '--aptopt=APT::Install-Recommends "false"',
    // no manuals, documentation or translations: a third less to unpack
    '--dpkgopt=path-exclude=/usr/share/man/*',
    '--dpkgopt=path-exclude=/usr/share/doc/*',
    '--dpkgopt=path-exclude=/usr/share/locale/*',
    ROOT_SUITE,
  ];
}

/** Cache key: changes whenever the root would come out differently. */
export function rootKey(): string {
  const recipe = JSON.stringify({ args: mmdebstrapArgs(), mirror: ROOT_MIRROR, recipe: BUILD_RECIPE });
  return `${ROOT_SUITE}-${createHash('sha256').update(recipe).digest('hex').slice(0, 12)}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface RootInfo {
  rootfs: string;
  /** True when this call built it (cold cache). */
  built: boolean;
  buildMs: number;
  /** ISO date of the build. */
  date: string;
}

/**
 * Returns the cached root, building it first when the cache has none for the current
 * key. Builds into `.build-<pid>` and renames, so an interrupted build is never used;
 * removes only entries of its own cache folder (other keys, dead builds).
 */
export async function ensureRoot(
  cacheDir = DEFAULT_CACHE_DIR,
  options: { rebuild?: boolean; log?: (line: string) => void } = {},
): Promise<RootInfo> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = path.resolve(cacheDir);
  const key = rootKey();
  const final = path.join(dir, key);
  const rootfs = path.join(final, 'rootfs');
  const infoFile = path.join(final, 'built.json');
  mkdirSync(dir, { recursive: true });
  if (options.rebuild && existsSync(final)) rmSync(final, { recursive: true, force: true });
  if (existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { date: string };
    return { rootfs, built: false, buildMs: 0, date: info.date };
  }
  // leftovers of this cache only: roots for other keys, builds whose process is gone
  for (const name of readdirSync(dir)) {
    const build = /^\.build-(\d+)$/.exec(name);
    if ((build && !pidAlive(Number(build[1]))) || (!build && name !== key && !name.startsWith('.'))) {
      log(`examples root: removing stale cache entry ${path.join(cacheDir, name)}`);
      rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
  if (spawnSync('mmdebstrap', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'mmdebstrap is not installed: it builds the Debian 13 root the examples run in ' +
        '(apt-get install mmdebstrap), or run them on the host with --isolation host',
    );
  }
  const work = path.join(dir, `.build-${process.pid}`);
  const logFile = path.join(dir, `build-${key}.log`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  log(`examples root: building Debian ${ROOT_RELEASE} (${ROOT_SUITE}) with mmdebstrap into ${cacheDir}/${key}`);
  log(`examples root: ${ROOT_PACKAGES.length} packages; log in ${path.relative(process.cwd(), logFile)}`);
  const started = performance.now();
  const status = await new Promise<number | null>((resolve) => {
    const out = spawn(
      'sh',
      [
        '-c',
        'exec "$@" >"$0" 2>&1',
        logFile,
        'mmdebstrap',
        ...mmdebstrapArgs(),
        path.join(work, 'rootfs'),
        ROOT_MIRROR,
      ],
      {
        stdio: 'ignore',
      },
    );
    out.on('exit', (code) => resolve(code));
    out.on('error', () => resolve(null));
  });
  const buildMs = performance.now() - started;
  if (status !== 0) {
    rmSync(work, { recursive: true, force: true });
    const tail = (readText(logFile) ?? '').trimEnd().split('\n').slice(-15).join('\n');
    throw new Error(`mmdebstrap failed (exit ${status}); last lines of ${logFile}:\n${tail}`);
  }
  const date = new Date().toISOString();
  const packages = execFileSync(
    'chroot',
    [path.join(work, 'rootfs'), 'dpkg-query', '-W', '-f', '${Package} ${Version}\\n'],
    {
      encoding: 'utf8',
    },
  );
  writeFileSync(
    path.join(work, 'built.json'),
    `${JSON.stringify({ date, key, suite: ROOT_SUITE, mirror: ROOT_MIRROR, buildMs: Math.round(buildMs), args: mmdebstrapArgs(), packages: packages.trim().split('\n') }, null, 2)}\n`,
  );
  renameSync(work, final);
  log(`examples root: built in ${(buildMs / 1000).toFixed(0)} s, ${duSize(rootfs)}`);
  return { rootfs, built: true, buildMs, date };
}

function duSize(dir: string): string {
  try {
    return execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split('\t')[0]!;
  } catch {
    return '? bytes';
  }
}

/** PRETTY_NAME of os-release text. */
export function prettyName(text: string | null): string {
  return (text && osReleaseField(text, 'PRETTY_NAME')) || 'unknown';
}

/** Sets up the sandbox for an isolation mode; builds the root when needed. */
export async function prepareSandbox(
  isolation: Isolation,
  options: { cacheDir?: string; rebuild?: boolean; log?: (line: string) => void } = {},
): Promise<Sandbox & { root: RootInfo | null }> {
  const hostOs = prettyName(readText('/etc/os-release'));
  if (isolation !== 'root') return { isolation, rootfs: null, os: hostOs, hostOs, root: null };
  const root = await ensureRoot(options.cacheDir, options);
  const os = prettyName(
    readText(path.join(root.rootfs, 'etc/os-release')) ?? readText(path.join(root.rootfs, 'usr/lib/os-release')),
  );
  return { isolation, rootfs: root.rootfs, os, hostOs, root };
}

/** The program and arguments that run `command` (argv inside the sandbox) for one example. */
export function sandboxCommand(command: string[]): { file: string; args: string[] } {
  return {
    file: 'setpriv',
    args: [
      // the runner's death takes the sandbox with it: unshare gets SIGKILL, and
      // --kill-child passes it on to PID 1, whose exit ends every process inside
      '--pdeathsig',
      'KILL',
      '--',
      'bash',
      SANDBOX_SCRIPT,
      'enter',
      'unshare',
      '--cgroup',
      '--mount',
      '--pid',
      '--net',
      '--uts',
      '--ipc',
      '--fork',
      '--kill-child=SIGKILL',
      '--propagation',
      'private',
      '--',
      'bash',
      SANDBOX_SCRIPT,
      'setup',
      ...command,
    ],
  };
}

/** Environment variables sandbox.sh reads; `cgroups` are the run's own (run-cgroup.ts). */
export function sandboxEnv(
  sandbox: Sandbox,
  exampleDir: string,
  scratch: string,
  cgroups: string[] = [],
  writable: readonly string[] = [],
): Record<string, string> {
  return {
    ATLAS_SANDBOX_CGROUPS: cgroups.join(':'),
    ATLAS_SANDBOX_SYSFS: writable.includes('sysfs') ? 'rw' : 'ro',
    ATLAS_SANDBOX_ROOT: sandbox.rootfs ?? '',
    ATLAS_SANDBOX_EXAMPLE: path.resolve(exampleDir),
    ATLAS_SANDBOX_SCRATCH: scratch,
  };
}

/** Commands (of `commands`) found on the sandbox's PATH. */
export function commandsInRoot(rootfs: string, commands: string[]): Set<string> {
  if (!commands.length) return new Set();
  const out = execFileSync(
    'chroot',
    [rootfs, '/bin/sh', '-c', 'for c; do command -v "$c" >/dev/null 2>&1 && echo "$c"; done', 'sh', ...commands],
    { encoding: 'utf8', env: { PATH: INSIDE_PATH } },
  );
  return new Set(out.split('\n').filter(Boolean));
}

/** True when `dir` exists and is a directory. */
export function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
