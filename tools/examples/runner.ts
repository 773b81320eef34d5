/**
 * Runs one example: checks its requirements, runs run.sh in its own process
 * group with a time bound, captures stdout+stderr, checks the assertions,
 * looks for leftovers, and on PASS writes transcript.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeLeaks, diffSnapshots, takeSnapshot, TAG_VARIABLE, type LeakReport } from './leaks.ts';
import type { Example } from '../../src/model/examples.ts';
import { checkRequirements, systemProbe, type HostProbe } from './requirements.ts';
import type { Assertion, AssertionResult, Environment, Transcript } from '../../src/model/example-schema.ts';

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
  /** New zombie processes (reaped later by init); informational. */
  zombies: string[];
  /** Path of the transcript written, if any. */
  transcript: string | null;
}

export interface RunOptions {
  /** Write transcript.json on PASS (default true). */
  record?: boolean;
  probe?: HostProbe;
  /** Grace period between SIGTERM and SIGKILL after the timeout (default 10 s). */
  graceMs?: number;
  /** Overrides example.timeout (seconds); for tests. */
  timeoutSeconds?: number;
  /** Check for leftovers (default true). */
  checkLeaks?: boolean;
}

/** Matches every assertion against the output; `absent` patterns must not match. */
export function checkAssertions(output: string, assertions: Assertion[], absent: Assertion[] = []): AssertionResult[] {
  const lineOf = (match: RegExpExecArray) => {
    const start = output.lastIndexOf('\n', match.index) + 1;
    const end = output.indexOf('\n', match.index + match[0].length);
    return output.slice(start, end === -1 ? undefined : end);
  };
  return [
    ...assertions.map((a): AssertionResult => {
      const match = new RegExp(a.pattern, 'm').exec(output);
      return match
        ? { kind: 'present', pattern: a.pattern, description: a.description, ok: true, line: lineOf(match) }
        : { kind: 'present', pattern: a.pattern, description: a.description, ok: false };
    }),
    ...absent.map((a): AssertionResult => {
      const match = new RegExp(a.pattern, 'm').exec(output);
      return match
        ? { kind: 'absent', pattern: a.pattern, description: a.description, ok: false, line: lineOf(match) }
        : { kind: 'absent', pattern: a.pattern, description: a.description, ok: true };
    }),
  ];
}

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

/** The environment recorded in a transcript. */
export function collectEnvironment(
  commands: string[],
  probe: HostProbe = systemProbe(),
  date = new Date(),
): Environment {
  const tools: Record<string, string> = {};
  for (const command of commands) tools[command] = toolVersion(command);
  return {
    date: date.toISOString(),
    kernel: os.release(),
    arch: os.machine(),
    os: osName(),
    cgroup: probe.cgroup(),
    root: probe.isRoot(),
    node: process.version,
    tools,
  };
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
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Process group of the script (its PID); members may still be alive. */
  pgid: number;
}

/** Runs `bash run.sh` in a new process group; resolves when bash exits or is killed. */
function runScript(example: Example, tag: string, timeoutMs: number, graceMs: number): Promise<ScriptRun> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'atlas-runner-'));
  const outFile = path.join(scratch, 'output.txt');
  const fd = openSync(outFile, 'w');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // one file for stdout and stderr keeps their order, and a daemon that
    // wrongly survives the script cannot keep the runner waiting on a pipe
    const child = spawn('bash', [path.resolve(example.script.path)], {
      cwd: path.resolve(example.dir),
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, [TAG_VARIABLE]: tag, LC_ALL: 'C.UTF-8' },
    });
    closeSync(fd);
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid!, 'SIGTERM'); // the script's EXIT trap cleans up
      grace = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), graceMs);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(grace);
      const durationMs = performance.now() - started;
      const output = readFileSync(outFile, 'utf8');
      rmSync(scratch, { recursive: true, force: true });
      resolve({ output, exitCode: code, signal, timedOut, durationMs, pgid: child.pid! });
    });
  });
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
    zombies: [] as string[],
    transcript: null,
  };
  const check = checkRequirements(example.requirements, probe);
  if (!check.ok) return { ...base, status: 'skip', reasons: check.reasons };

  const tag = randomBytes(8).toString('hex');
  const checkLeaks = options.checkLeaks ?? true;
  const before = checkLeaks ? takeSnapshot({ tag }) : null;
  const timeoutMs = (options.timeoutSeconds ?? example.timeout) * 1000;
  const run = await runScript(example, tag, timeoutMs, options.graceMs ?? 10_000);

  let report: LeakReport | null = null;
  if (before) {
    report = diffSnapshots(before, takeSnapshot({ tag }));
    // daemons may take a moment to exit after their parent script: look again once
    if (report.processes.length) {
      await new Promise((r) => setTimeout(r, 1000));
      report = diffSnapshots(before, takeSnapshot({ tag }));
    }
  }
  // whatever is still in the script's process group is reported above; now stop it
  killGroup(run.pgid, 'SIGKILL');
  const leaks = report ? describeLeaks(report) : [];
  const assertions = checkAssertions(run.output, example.assertions, example.absent);

  const reasons: string[] = [];
  if (run.timedOut) reasons.push(`timed out after ${timeoutMs / 1000} s`);
  else if (run.exitCode !== 0) reasons.push(run.signal ? `killed by ${run.signal}` : `exit status ${run.exitCode}`);
  for (const a of assertions.filter((r) => !r.ok)) {
    reasons.push(
      a.kind === 'present' ? `missing: ${a.description} (/${a.pattern}/)` : `unexpected: ${a.description} (${a.line})`,
    );
  }
  if (leaks.length) reasons.push(`left behind: ${leaks.join('; ')}`);

  const result: RunResult = {
    ...base,
    status: reasons.length ? 'fail' : 'pass',
    reasons,
    durationMs: run.durationMs,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    output: run.output,
    assertions,
    leaks,
    zombies: report ? report.zombies.map((p) => `${p.pid} ${p.comm}`) : [],
  };
  if (result.status === 'pass' && (options.record ?? true)) {
    const transcript: Transcript = {
      id: example.id,
      result: 'pass',
      durationMs: Math.round(run.durationMs),
      exitCode: run.exitCode ?? 0,
      scriptSha256: example.script.sha256,
      output: run.output,
      assertions,
      environment: collectEnvironment(example.requirements.commands, probe),
    };
    const file = path.join(example.dir, 'transcript.json');
    writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
    result.transcript = file;
  }
  return result;
}
