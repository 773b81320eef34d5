/**
 * Runs the live examples in the emulated machine under Node: no root, nothing on the
 * host changes. Restores the snapshot built by build.ts once per example, types
 * `atlas-run <id>`, waits for the exit marker (bounded by machine.timeout, never a
 * fixed sleep), checks the machine assertions with the shared checker and, on PASS,
 * records content/examples/<id>/transcript.vm.json.
 *
 *   node tools/vm/run.ts [--no-record] [--no-build] [--inject] [--serial] [id ...]
 *
 * Examples run two at a time, each in its own process (--serial: one at a time).
 *
 * --inject  (for writing scripts) types the current machine scripts into the guest
 *           instead of rebuilding the image when they changed.
 * Ends with `N passed, N failed, N skipped`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zstdDecompressSync } from 'node:zlib';
import { checkAssertions } from '../../src/model/assertions.ts';
import { MACHINE_TRANSCRIPT, type AssertionResult, type MachineTranscript } from '../../src/model/example-schema.ts';
import { liveExamples, loadExamples, type Example } from '../../src/model/examples.ts';
import { buildImage, CACHE } from './build.ts';
import { guestScriptPath, runCommand, type Manifest } from './image.ts';
import { Machine, WaitTimeout, whenReady, type Emulator } from './machine.ts';

const require = createRequire(import.meta.url);

export interface VmRunResult {
  id: string;
  status: 'pass' | 'fail';
  reasons: string[];
  durationMs: number;
  /** Restore of the snapshot until the prompt answered. */
  restoreMs: number;
  exitCode: number | null;
  output: string;
  assertions: AssertionResult[];
  transcript: string | null;
}

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

export function readManifest(dir = path.join(CACHE, 'current')): Manifest | null {
  const file = path.join(dir, 'manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null;
}

/** The snapshot and BIOS files, read once for the whole run. */
export function loadImage(dir: string, manifest: Manifest) {
  return {
    state: toArrayBuffer(zstdDecompressSync(readFileSync(path.join(dir, manifest.files.state)))),
    bios: toArrayBuffer(readFileSync(path.join(dir, manifest.files.bios))),
    vgaBios: toArrayBuffer(readFileSync(path.join(dir, manifest.files.vgaBios))),
  };
}

/**
 * A fresh emulator started from the snapshot. One per example: restoring a second state
 * into an emulator that has run leaves its serial console silent (v86 0.5.462).
 */
export async function startEmulator(image: ReturnType<typeof loadImage>, manifest: Manifest) {
  const { V86 } = (await import('v86')) as unknown as { V86: new (options: object) => Emulator };
  const emulator = new V86({
    wasm_path: require.resolve('v86/build/v86.wasm'),
    bios: { buffer: image.bios },
    vga_bios: { buffer: image.vgaBios },
    // a copy: v86 may keep the buffer as guest memory
    initial_state: { buffer: image.state.slice(0) },
    memory_size: manifest.memoryMB * 1024 * 1024,
    vga_memory_size: 2 * 1024 * 1024,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  const machine = new Machine(emulator);
  await whenReady(emulator);
  return { emulator, machine };
}

/** Types a file into the guest (base64 in chunks; busybox has base64). For --inject. */
async function inject(machine: Machine, guestPath: string, text: string): Promise<void> {
  const b64 = Buffer.from(text).toString('base64');
  await machine.exec(`mkdir -p ${path.posix.dirname(guestPath)}; : > /tmp/inject.b64`);
  for (let i = 0; i < b64.length; i += 600) await machine.exec(`echo ${b64.slice(i, i + 600)} >> /tmp/inject.b64`);
  const { exitCode } = await machine.exec(`base64 -d /tmp/inject.b64 > ${guestPath}`);
  if (exitCode !== 0) throw new Error(`could not write ${guestPath} in the guest`);
}

export async function runInMachine(
  example: Example,
  image: ReturnType<typeof loadImage>,
  manifest: Manifest,
  options: { record?: boolean; inject?: boolean } = {},
): Promise<VmRunResult> {
  const started = performance.now();
  const result: VmRunResult = {
    id: example.id,
    status: 'fail',
    reasons: [],
    durationMs: 0,
    restoreMs: 0,
    exitCode: null,
    output: '',
    assertions: [],
    transcript: null,
  };
  const vm = await startEmulator(image, manifest);
  try {
    return await runStarted(example, vm, manifest, options, started, result);
  } finally {
    vm.machine.close();
    await vm.emulator.destroy();
  }
}

async function runStarted(
  example: Example,
  vm: { emulator: Emulator; machine: Machine },
  manifest: Manifest,
  options: { record?: boolean; inject?: boolean },
  started: number,
  result: VmRunResult,
): Promise<VmRunResult> {
  const machineMeta = example.machine!;
  // the restored shell sits at its prompt: one empty line proves it answers
  const since = vm.machine.mark();
  vm.machine.sendLine('');
  await vm.machine.waitForPrompt({ since, timeoutMs: 120_000 });
  result.restoreMs = performance.now() - started;
  const expected = manifest.scripts[example.id]?.sha256;
  if (expected !== machineMeta.script.sha256) {
    if (!options.inject) {
      result.reasons.push(`${machineMeta.script.path} changed since the image was built; run node tools/vm/build.ts`);
      return { ...result, durationMs: performance.now() - started };
    }
    await inject(vm.machine, guestScriptPath(example.id, machineMeta.script.name), machineMeta.script.text);
  }
  const runStarted = performance.now();
  try {
    const { output, exitCode } = await vm.machine.runMarked(
      runCommand(example.id, manifest.run),
      machineMeta.timeout * 1000,
    );
    result.output = output;
    result.exitCode = exitCode;
  } catch (error) {
    if (!(error instanceof WaitTimeout)) throw error;
    result.output = vm.machine.textSince(since);
    result.reasons.push(`no end within machine.timeout (${machineMeta.timeout} s)`);
  }
  const runMs = performance.now() - runStarted;
  result.assertions = checkAssertions(result.output, machineMeta.assertions, machineMeta.absent);
  if (result.exitCode !== null && result.exitCode !== 0)
    result.reasons.push(`${machineMeta.script.name} exited with ${result.exitCode}`);
  for (const a of result.assertions.filter((a) => !a.ok))
    result.reasons.push(
      a.kind === 'present' ? `missing: ${a.description} (/${a.pattern}/)` : `present: ${a.description}: ${a.line}`,
    );
  result.status = result.reasons.length ? 'fail' : 'pass';
  result.durationMs = performance.now() - started;
  if (result.status === 'pass' && (options.record ?? true)) {
    const transcript: MachineTranscript = {
      id: example.id,
      result: 'pass',
      durationMs: Math.round(runMs),
      exitCode: result.exitCode ?? 0,
      scriptSha256: machineMeta.script.sha256,
      output: result.output,
      assertions: result.assertions,
      environment: {
        date: new Date().toISOString(),
        kernel: manifest.kernel,
        arch: manifest.arch,
        cgroup: manifest.cgroup,
        emulator: `v86 ${manifest.v86}`,
        image: manifest.key,
        memoryMB: manifest.memoryMB,
        node: process.version,
        packages: manifest.packages.map((p) => `${p.name} ${p.version}`),
      },
    };
    const file = path.join(example.dir, MACHINE_TRANSCRIPT);
    writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
    result.transcript = file;
  }
  return result;
}

/** Runs one example in this process and prints its result; true when it passed. */
async function runOne(
  example: Example,
  image: ReturnType<typeof loadImage>,
  manifest: Manifest,
  options: { record: boolean; inject: boolean },
): Promise<boolean> {
  const r = await runInMachine(example, image, manifest, options);
  const seconds = `${(r.durationMs / 1000).toFixed(1)} s, restore ${(r.restoreMs / 1000).toFixed(1)} s`;
  if (r.status === 'pass') {
    console.log(`PASS ${example.id} (${seconds}, ${r.assertions.length} assertions)`);
    return true;
  }
  console.log(`FAIL ${example.id} (${seconds})`);
  for (const reason of r.reasons) console.log(`  ${reason}`);
  console.log(r.output.replace(/^/gm, '  | '));
  return false;
}

/**
 * One child process per example, `workers` at a time: v86 runs a guest on one thread,
 * so two machines use both cores of a 2-core runner. Longest first (by the recorded
 * run), so the longest does not start last. Each child's output is printed whole when it ends.
 */
async function runInWorkers(examples: Example[], workers: number, childFlags: string[]): Promise<boolean[]> {
  const queue = [...examples].sort(
    (a, b) => (b.machine?.transcript?.durationMs ?? 0) - (a.machine?.transcript?.durationMs ?? 0),
  );
  const results = new Map<string, boolean>();
  const script = fileURLToPath(import.meta.url);
  const next = async (): Promise<void> => {
    const example = queue.shift();
    if (!example) return;
    const child = spawn(process.execPath, [script, '--no-build', '--child', ...childFlags, example.id], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    process.stdout.write(output.endsWith('\n') || !output ? output : `${output}\n`);
    if (code !== 0 && !/^FAIL /m.test(output))
      console.log(`FAIL ${example.id} (the run's process exited with ${code})`);
    results.set(example.id, code === 0);
    return next();
  };
  await Promise.all(Array.from({ length: Math.min(workers, examples.length) }, next));
  return examples.map((e) => results.get(e.id) === true);
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const flag of flags)
    if (!['--no-record', '--no-build', '--inject', '--child', '--serial'].includes(flag))
      throw new Error(
        `unknown option ${flag}; usage: node tools/vm/run.ts [--no-record] [--no-build] [--inject] [--serial] [id ...]`,
      );
  const ids = argv.filter((a) => !a.startsWith('--'));
  const all = liveExamples(loadExamples('content'));
  const unknown = ids.filter((id) => !all.some((e) => e.id === id));
  if (unknown.length) throw new Error(`not a live example (no machine: section): ${unknown.join(', ')}`);
  const examples = ids.length ? all.filter((e) => ids.includes(e.id)) : all;
  const options = { record: !flags.has('--no-record'), inject: flags.has('--inject') };
  const started = performance.now();
  if (!flags.has('--no-build') && !flags.has('--inject'))
    await buildImage({ log: (line) => console.log(line) }).catch((error: Error) => {
      console.log(`vm: live machine not built: ${error.message.split('\n')[0]}`);
    });
  const dir = path.join(CACHE, 'current');
  const manifest = readManifest(dir);
  if (!manifest) {
    console.log(`vm: no machine image in ${dir}: ${examples.length} live examples skipped`);
    console.log(`0 passed, 0 failed, ${examples.length} skipped`);
    return 0;
  }
  if (flags.has('--child')) {
    const image = loadImage(dir, manifest);
    let ok = true;
    for (const example of examples) ok = (await runOne(example, image, manifest, options)) && ok;
    return ok ? 0 : 1;
  }
  const workers = flags.has('--serial') ? 1 : Math.max(1, Math.min(2, availableParallelism()));
  const childFlags = [...flags].filter((f) => f === '--no-record' || f === '--inject');
  const outcomes = await runInWorkers(examples, workers, childFlags);
  const passed = outcomes.filter(Boolean).length;
  const failed = outcomes.length - passed;
  console.log(
    `vm: ${examples.length} live examples in v86 ${manifest.v86} (kernel ${manifest.kernel}, image ${manifest.key}), ${workers} at a time, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await main(process.argv.slice(2)));
}
