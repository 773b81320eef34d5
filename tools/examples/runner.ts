/**
 * Runs one example: checks its requirements, runs run.sh in its own process
 * group with a time bound (inside the sandbox unless told otherwise), captures
 * stdout+stderr, checks the assertions, finds and removes leftovers, and on PASS
 * writes transcript.json.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeLeaks, diffSnapshots, removeLeftovers, takeSnapshot, TAG_VARIABLE, type LeakReport } from './leaks.ts';
import type { Example } from '../../src/model/examples.ts';
import { checkRequirements, systemProbe, type HostProbe } from './requirements.ts';
import { sandboxCommand, sandboxEnv, type Sandbox } from './sandbox.ts';
import { createRunCgroups, releaseRunCgroups, type RunCgroups } from './run-cgroup.ts';
import {
  SKIP_EXIT_STATUS,
  SKIP_RECORD,
  type AssertionResult,
  type Environment,
  type SkipRecord,
  type Transcript,
} from '../../src/model/example-schema.ts';
import { checkAssertions } from '../../src/model/assertions.ts';

/**
 * Time between SIGTERM and SIGKILL after a timeout. It must exceed the longest wait
 * in any example's cleanup (docker: up to 15 s for dockerd to stop, incus and
 * containerd likewise) so that a cleanup is never cut off half-way.
 */
export const DEFAULT_GRACE_MS = 45_000;

export type RunStatus = 'pass' | 'fail' | 'skip';

export interface RunResult {
  id: string;
  status: RunStatus;
  /** Why it failed or was skipped; empty on pass. */
  reasons: string[];
  durationMs: number;
  /** Exit code of run.sh; null when skipped or ended by a signal. */
  exitCode: number | null;
  timedOut: boolean;
  output: string;
  assertions: AssertionResult[];
  leaks: string[];
  /** What the runner removed of the leftovers, one line each. */
  removed: string[];
  /** New zombie processes (reaped later by init); informational. */
  zombies: string[];
  /** Path of the transcript written, if any. */
  transcript: string | null;
  /** The run's own cgroups (sandboxed runs; removed when the run ends). */
  runCgroups: string[];
}

export interface RunOptions {
  /** Write transcript.json on PASS (default true). */
  record?: boolean;
  probe?: HostProbe;
  /** Grace period between SIGTERM and SIGKILL after the timeout (default DEFAULT_GRACE_MS). */
  graceMs?: number;
  /** Overrides example.timeout (seconds); for tests. */
  timeoutSeconds?: number;
  /** Check for leftovers (default true). */
  checkLeaks?: boolean;
  /** Where to run (default: plainly on the host, isolation `none`). */
  sandbox?: Sandbox;
  /** Tool versions for the transcript; default: asked from the tools on the host. */
  versions?: (commands: string[]) => ToolVersions;
}

/** Command → version line, and command → the Debian package that ships it. */
export interface ToolVersions {
  tools: Record<string, string>;
  packages: Record<string, string>;
}

/** The one assertion checker, shared with the emulated machine's runners (Node and the page). */
export { checkAssertions } from '../../src/model/assertions.ts';

/** How to ask each tool for its version; the first output line matching `line` is kept. */
export const versionCommands: Record<string, { argv: string[]; line?: RegExp }> = {
  busybox: { argv: ['busybox'], line: /^BusyBox/ },
  runc: { argv: ['runc', '--version'] },
  crun: { argv: ['crun', '--version'] },
  containerd: { argv: ['containerd', '--version'] },
  ctr: { argv: ['ctr', '--version'] },
  docker: { argv: ['docker', '--version'] },
  dockerd: { argv: ['dockerd', '--version'] },
  podman: { argv: ['podman', '--version'] },
  conmon: { argv: ['conmon', '--version'] },
  'lxc-start': { argv: ['lxc-start', '--version'] },
  'lxc-create': { argv: ['lxc-create', '--version'] },
  kubectl: { argv: ['kubectl', 'version', '--client'], line: /^Client Version/ },
  runsc: { argv: ['runsc', '--version'] },
  criu: { argv: ['criu', '--version'], line: /^Version/ },
  incus: { argv: ['incus', '--version'] },
  incusd: { argv: ['incusd', '--version'] },
  skopeo: { argv: ['skopeo', '--version'] },
  buildah: { argv: ['buildah', '--version'] },
  'docker-buildx': { argv: ['docker', 'buildx', 'version'] },
  'docker-registry': { argv: ['docker-registry', '--version'] },
  capsh: { argv: ['capsh', '--version'] },
  curl: { argv: ['curl', '--version'] },
  jq: { argv: ['jq', '--version'] },
  // no version option: the Debian package version says it (see ToolVersions.packages)
  useradd: { argv: [] },
  userdel: { argv: [] },
  usermod: { argv: [] },
  umoci: { argv: ['umoci', '--version'] },
  unshare: { argv: ['unshare', '--version'] },
  nsenter: { argv: ['nsenter', '--version'] },
  ip: { argv: ['ip', '-V'] },
  node: { argv: ['node', '--version'] },
  shellcheck: { argv: ['shellcheck', '--version'], line: /^version:/ },
};

/** The version line of a tool, or a note that it could not be read. */
export function toolVersion(command: string): string {
  const { argv, line = /\S/ } = versionCommands[command] ?? { argv: [command, '--version'] };
  if (!argv.length) return '(no version option)';
  let out: string;
  try {
    out = execFileSync(argv[0]!, argv.slice(1), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
  } catch (error) {
    // some tools print their version and still exit non-zero
    const e = error as { stdout?: string; stderr?: string };
    out = `${e.stdout ?? ''}\n${e.stderr ?? ''}`;
  }
  return (
    out
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && line.test(l)) ?? '(version unknown)'
  );
}

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Versions of tools on the host's PATH (isolation `none`). */
export function hostToolVersions(commands: string[]): ToolVersions {
  const tools: Record<string, string> = {};
  for (const command of commands) tools[command] = toolVersion(command);
  return { tools, packages: {} };
}

/** First line of a tool's version output that matches its pattern. */
export function pickVersionLine(command: string, out: string): string {
  const { argv, line = /\S/ } = versionCommands[command] ?? { argv: [command, '--version'] };
  if (!argv.length) return '(no version option)';
  return (
    out
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && line.test(l)) ?? '(version unknown)'
  );
}

/** A bash script printing, per command, its version output and the Debian package that ships it. */
export function versionScript(commands: string[]): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = ['exec 2>&1'];
  for (const command of commands) {
    const { argv } = versionCommands[command] ?? { argv: [command, '--version'] };
    lines.push(`echo "@@version ${command}"`);
    if (argv.length) lines.push(`timeout 10 ${argv.map(quote).join(' ')} </dev/null | head -n 40`);
    lines.push(
      `p=$(command -v ${quote(command)}) && p=$(readlink -f "$p") && pkg=$(dpkg-query -S "$p" | head -n 1 | cut -d: -f1) && ` +
        `echo "@@package ${command} $pkg $(dpkg-query -W -f '\${Version}' "$pkg")"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Parses the output of versionScript. */
export function parseVersionOutput(commands: string[], out: string): ToolVersions {
  const tools: Record<string, string> = {};
  const packages: Record<string, string> = {};
  const sections = out.split(/^@@version /m).slice(1);
  for (const section of sections) {
    const [head = '', ...rest] = section.split('\n');
    const command = head.trim();
    const body = rest.filter((l) => !l.startsWith('@@package ')).join('\n');
    tools[command] = pickVersionLine(command, body);
    const pkg = rest.find((l) => l.startsWith(`@@package ${command} `));
    if (pkg) packages[command] = pkg.slice(`@@package ${command} `.length).trim();
  }
  for (const command of commands) tools[command] ??= '(version unknown)';
  return { tools, packages };
}

/** Versions of tools as the sandbox sees them: one sandbox run for all commands. */
export function sandboxToolVersions(sandbox: Sandbox, commands: string[]): ToolVersions {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'atlas-versions-'));
  try {
    const { file, args } = sandboxCommand(['bash', '-c', versionScript(commands)]);
    const result = spawnSync(file, args, {
      encoding: 'utf8',
      cwd: scratch,
      env: { ...process.env, ...sandboxEnv(sandbox, scratch, scratch) },
      stdio: ['ignore', 'pipe', 'pipe', 'ignore'],
      timeout: 120_000,
    });
    return parseVersionOutput(commands, result.stdout ?? '');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The environment recorded in a transcript. */
export function collectEnvironment(
  commands: string[],
  probe: HostProbe = systemProbe(),
  date = new Date(),
  options: { sandbox?: Sandbox; versions?: ToolVersions } = {},
): Environment {
  const { tools, packages } = options.versions ?? hostToolVersions(commands);
  const sandbox = options.sandbox;
  const environment: Environment = {
    date: date.toISOString(),
    kernel: os.release(),
    arch: os.machine(),
    os: sandbox ? sandbox.os : osName(),
    cgroup: probe.cgroup(),
    root: probe.isRoot(),
    node: process.version,
    tools: Object.fromEntries(commands.map((c) => [c, tools[c] ?? '(version unknown)'])),
  };
  const known = Object.fromEntries(commands.filter((c) => packages[c]).map((c) => [c, packages[c]!]));
  if (Object.keys(known).length) environment.packages = known;
  if (sandbox) {
    environment.isolation = sandbox.isolation;
    if (sandbox.isolation === 'root') environment.host = sandbox.hostOs;
  }
  return environment;
}

/** Sends a signal to a whole process group; ignores a group that is already gone. */
function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

interface ScriptRun {
  output: string;
  /** Leftover report written by the sandbox's PID 1 (fd 3), one `<kind>: <what>` per line. */
  inside: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Process group of the script (its PID); members may still be alive. */
  pgid: number;
}

/**
 * Runs `bash run.sh` in a new process group, in the sandbox when one is given;
 * resolves when it exits or is killed. `scratch` is a runner-owned empty directory.
 */
function runScript(
  example: Example,
  tag: string,
  timeoutMs: number,
  graceMs: number,
  scratch: string,
  sandbox: Sandbox | undefined,
  cgroups: RunCgroups | null,
): Promise<ScriptRun> {
  const outFile = path.join(scratch, 'output.txt');
  const reportFile = path.join(scratch, 'leftovers.txt');
  const fd = openSync(outFile, 'w');
  const reportFd = openSync(reportFile, 'w');
  const started = performance.now();
  const inSandbox = sandbox && sandbox.isolation !== 'none';
  const mnt = path.join(scratch, 'sandbox');
  if (inSandbox) mkdirSync(mnt);
  const { file, args } = inSandbox
    ? sandboxCommand(['bash', 'run.sh'])
    : { file: 'bash', args: [path.resolve(example.script.path)] };
  const env = inSandbox
    ? {
        ...process.env,
        ...sandboxEnv(sandbox, example.dir, mnt, cgroups?.dirs, example.requirements.writable),
        [TAG_VARIABLE]: tag,
      }
    : { ...process.env, [TAG_VARIABLE]: tag, LC_ALL: 'C.UTF-8' };
  return new Promise((resolve, reject) => {
    // one file for stdout and stderr keeps their order, and a daemon that
    // wrongly survives the script cannot keep the runner waiting on a pipe
    const child = spawn(file, args, {
      cwd: path.resolve(example.dir),
      detached: true,
      stdio: ['ignore', fd, fd, reportFd],
      env,
    });
    closeSync(fd);
    closeSync(reportFd);
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      // the script's EXIT trap cleans up; in the sandbox unshare blocks SIGTERM and
      // PID 1 has no handler, so only the script and its children see it
      killGroup(child.pid!, 'SIGTERM');
      grace = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), graceMs);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(grace);
      const durationMs = performance.now() - started;
      const output = readFileSync(outFile, 'utf8');
      const inside = readFileSync(reportFile, 'utf8').split('\n').filter(Boolean);
      resolve({ output, inside, exitCode: code, signal, timedOut, durationMs, pgid: child.pid! });
    });
  });
}

/**
 * The part of a host diff that can concern a sandboxed run: its tagged processes. Mounts,
 * network namespaces and users of the host are out of its reach (private namespaces and
 * an overlay root) and cgroups are judged in the run's own subtree, so host-wide changes
 * made meanwhile by other work on the machine are never blamed on the example.
 */
export function onlyProcesses(report: LeakReport): LeakReport {
  return { ...report, mounts: [], netns: [], cgroups: [], users: [], controllers: [], subtreeControl: [] };
}

/** Runs one example and, on PASS, records its transcript. */
export async function runExample(example: Example, options: RunOptions = {}): Promise<RunResult> {
  const probe = options.probe ?? systemProbe();
  const base = {
    id: example.id,
    reasons: [] as string[],
    durationMs: 0,
    exitCode: null,
    timedOut: false,
    output: '',
    assertions: [] as AssertionResult[],
    leaks: [] as string[],
    removed: [] as string[],
    zombies: [] as string[],
    transcript: null,
    runCgroups: [] as string[],
  };
  const check = checkRequirements(example.requirements, probe);
  if (!check.ok) return { ...base, status: 'skip', reasons: check.reasons };

  const tag = randomBytes(8).toString('hex');
  const checkLeaks = options.checkLeaks ?? true;
  const sandboxed = !!options.sandbox && options.sandbox.isolation !== 'none';
  const before = checkLeaks ? takeSnapshot({ tag }) : null;
  const timeoutMs = (options.timeoutSeconds ?? example.timeout) * 1000;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'atlas-runner-'));
  let run: ScriptRun;
  let report: LeakReport | null = null;
  const removed: string[] = [];
  const released: string[] = [];
  // in the sandbox, the example's cgroups are made below the run's own (run-cgroup.ts)
  const cgroups = sandboxed ? createRunCgroups(tag) : null;
  try {
    run = await runScript(
      example,
      tag,
      timeoutMs,
      options.graceMs ?? DEFAULT_GRACE_MS,
      scratch,
      options.sandbox,
      cgroups,
    );
    const releaseDir = path.join(scratch, 'release');
    mkdirSync(releaseDir);
    if (cgroups) {
      // the sandbox has exited; the kernel tears its namespaces and cgroups down
      // asynchronously: wait for that before judging, so nothing depends on timing
      const release = await releaseRunCgroups(cgroups, { scratch: releaseDir });
      released.push(...release.leaks);
      if (release.removed.length) {
        removed.push(`cgroups the run left below its own cgroup, removed with it: ${release.removed.join(', ')}`);
      }
    }
    if (before) {
      const after = takeSnapshot({ tag });
      report = sandboxed ? onlyProcesses(diffSnapshots(before, after)) : diffSnapshots(before, after);
      // daemons may take a moment to exit after their parent script: look again once
      if (!sandboxed && (report.processes.length || report.cgroups.length)) {
        await new Promise((r) => setTimeout(r, 1000));
        report = diffSnapshots(before, takeSnapshot({ tag }));
      }
    }
    // whatever is still in the script's process group is reported above; now stop it
    killGroup(run.pgid, 'SIGKILL');
    if (report) {
      removed.push(...removeLeftovers(report));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const inside = run.inside.filter((l) => !l.startsWith('zombie: '));
  const leaks = [...inside, ...released, ...(report ? describeLeaks(report) : [])];
  // the sandbox's namespaces are gone: what was left inside went with them
  if (inside.length) removed.push(`${inside.length} item(s) inside the sandbox, gone with its namespaces`);
  const assertions = checkAssertions(run.output, example.assertions, example.absent);

  const reasons: string[] = [];
  const skipReason = !run.timedOut ? scriptSkipReason(run.exitCode, run.output) : null;
  if (run.timedOut) reasons.push(`timed out after ${timeoutMs / 1000} s`);
  else if (run.exitCode !== 0 && !skipReason) {
    reasons.push(run.signal ? `killed by ${run.signal}` : `exit status ${run.exitCode}`);
  }
  // a script that found the machine unable to run it says so; its assertions do not apply
  for (const a of skipReason ? [] : assertions.filter((r) => !r.ok)) {
    reasons.push(
      a.kind === 'present' ? `missing: ${a.description} (/${a.pattern}/)` : `unexpected: ${a.description} (${a.line})`,
    );
  }
  if (leaks.length) {
    reasons.push(`left behind: ${leaks.join('; ')}${removed.length ? ` [runner: ${removed.join('; ')}]` : ''}`);
  }

  const result: RunResult = {
    ...base,
    status: reasons.length ? 'fail' : skipReason ? 'skip' : 'pass',
    reasons: reasons.length || !skipReason ? reasons : [skipReason],
    durationMs: run.durationMs,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    output: run.output,
    assertions,
    leaks,
    removed,
    runCgroups: cgroups?.dirs ?? [],
    zombies: [
      ...(report ? report.zombies.map((p) => `${p.pid} ${p.comm}`) : []),
      ...run.inside.filter((l) => l.startsWith('zombie: ')).map((l) => l.slice('zombie: '.length)),
    ],
  };
  const environment = () =>
    collectEnvironment(example.requirements.commands, probe, new Date(), {
      sandbox: options.sandbox,
      versions: options.versions?.(example.requirements.commands),
    });
  const skipFile = path.join(example.dir, SKIP_RECORD);
  if (result.status === 'pass' && (options.record ?? true)) {
    const transcript: Transcript = {
      id: example.id,
      result: 'pass',
      durationMs: Math.round(run.durationMs),
      exitCode: run.exitCode ?? 0,
      scriptSha256: example.script.sha256,
      output: run.output,
      assertions,
      environment: environment(),
    };
    const file = path.join(example.dir, 'transcript.json');
    writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
    result.transcript = file;
    // the runner's own record of an earlier SKIP no longer holds
    rmSync(skipFile, { force: true });
  }
  if (result.status === 'skip' && skipReason && (options.record ?? true)) {
    const record: SkipRecord = {
      id: example.id,
      result: 'skip',
      reason: skipReason,
      durationMs: Math.round(run.durationMs),
      exitCode: run.exitCode ?? SKIP_EXIT_STATUS,
      scriptSha256: example.script.sha256,
      output: run.output,
      environment: environment(),
    };
    writeFileSync(skipFile, `${JSON.stringify(record, null, 2)}\n`);
    result.transcript = skipFile;
  }
  return result;
}

/**
 * The reason a script gave for not being able to run here: exit status 77 (the
 * automake convention for a skipped test) and a last line `SKIP: <reason>`.
 */
export function scriptSkipReason(exitCode: number | null, output: string): string | null {
  if (exitCode !== SKIP_EXIT_STATUS) return null;
  const lines = output.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  return last.startsWith('SKIP: ') ? last.slice('SKIP: '.length).trim() || null : null;
}
