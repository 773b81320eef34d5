/**
 * Runs the runnable examples and records their transcripts.
 *
 *   node tools/examples/cli.ts [options] [id ...]
 *
 *   --list            list the examples and exit
 *   --no-record       do not rewrite transcript.json files
 *   --verbose         print each example's output
 *   --content D       content folder (default: content)
 *   --isolation M     where scripts run: auto (default), root, host or none (see sandbox.ts)
 *   --rebuild-root    build the Debian root again even when the cache has one
 *   --cache D         cache folder of the Debian root (default: $STACK_ATLAS_EXAMPLES_CACHE or .cache/examples-root)
 *
 * Without ids every example runs that has no `machine:` section (those run in the
 * emulated machine, tools/vm/run.ts); named ids run whatever they are. Ends with the line `N passed, N failed, N skipped`;
 * the exit status is 1 when any example failed, 2 on usage, content or set-up errors.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { liveExamples, loadExamples, type Example } from '../../src/model/examples.ts';
import { systemProbe, type HostProbe } from './requirements.ts';
import { runExample, sandboxToolVersions, type RunResult, type ToolVersions } from './runner.ts';
import {
  chooseIsolation,
  commandsInRoot,
  DEFAULT_CACHE_DIR,
  prepareSandbox,
  ROOT_RELEASE,
  type Isolation,
  type Sandbox,
} from './sandbox.ts';

interface CliOptions {
  ids: string[];
  list: boolean;
  record: boolean;
  verbose: boolean;
  contentDir: string;
  isolation: Isolation | 'auto';
  rebuildRoot: boolean;
  cacheDir: string;
}

const usage =
  'usage: node tools/examples/cli.ts [--list] [--no-record] [--verbose] [--content DIR] ' +
  '[--isolation auto|root|host|none] [--rebuild-root] [--cache DIR] [id ...]';

const isolations = ['auto', 'root', 'host', 'none'] as const;

/** Parses the command line; throws with a usage message on unknown options. */
export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    ids: [],
    list: false,
    record: true,
    verbose: false,
    contentDir: 'content',
    isolation: 'auto',
    rebuildRoot: false,
    cacheDir: process.env.STACK_ATLAS_EXAMPLES_CACHE || DEFAULT_CACHE_DIR,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--list') options.list = true;
    else if (arg === '--no-record') options.record = false;
    else if (arg === '--verbose' || arg === '-v') options.verbose = true;
    else if (arg === '--content') options.contentDir = argv[++i] ?? '';
    else if (arg === '--cache') options.cacheDir = argv[++i] ?? '';
    else if (arg === '--rebuild-root') options.rebuildRoot = true;
    else if (arg === '--isolation' || arg.startsWith('--isolation=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[++i] ?? '');
      if (!(isolations as readonly string[]).includes(value)) {
        throw new Error(`--isolation takes ${isolations.join(', ')}\n${usage}`);
      }
      options.isolation = value as CliOptions['isolation'];
    } else if (arg === '--help' || arg === '-h') throw new Error(usage);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage}`);
    else options.ids.push(arg);
  }
  if (!options.contentDir) throw new Error(`--content needs a folder\n${usage}`);
  if (!options.cacheDir) throw new Error(`--cache needs a folder\n${usage}`);
  return options;
}

/** One line saying where the examples run. */
export function describeSandbox(sandbox: Sandbox): string {
  if (sandbox.isolation === 'root') {
    return `examples run in: ${sandbox.os} root (tools from Debian ${ROOT_RELEASE}) on ${sandbox.hostOs}, in fresh mount, PID, network, UTS and IPC namespaces`;
  }
  if (sandbox.isolation === 'host') {
    return `examples run in: the host's ${sandbox.os}, in fresh mount, PID, network, UTS and IPC namespaces`;
  }
  return `examples run in: the host's ${sandbox.os} directly (no sandbox: leftovers touch the host)`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The progress line of one result, e.g. `[3/10] runc ... PASS (0.8 s)`. */
export function formatResult(index: number, total: number, result: RunResult): string {
  const head = `[${index}/${total}] ${result.id} ...`;
  if (result.status === 'pass') return `${head} PASS (${seconds(result.durationMs)})`;
  if (result.status === 'skip') return `${head} SKIP (${result.reasons.join('; ')})`;
  return `${head} FAIL (${result.reasons.join('; ')})`;
}

/** The closing summary line. */
export function summaryLine(results: RunResult[]): string {
  const count = (status: RunResult['status']) => results.filter((r) => r.status === status).length;
  return `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}

function selectExamples(all: Example[], ids: string[]): Example[] {
  if (!ids.length) return all;
  const unknown = ids.filter((id) => !all.some((e) => e.id === id));
  if (unknown.length) {
    throw new Error(
      `unknown example${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${all.map((e) => e.id).join(', ')})`,
    );
  }
  return ids.map((id) => all.find((e) => e.id === id)!);
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  let examples: Example[];
  try {
    options = parseArgs(argv);
    const all = loadExamples(options.contentDir);
    // the kernel-level examples run in the emulated machine (npm test phase `live`, no root);
    // the host runs them only when named
    examples = options.ids.length ? selectExamples(all, options.ids) : all.filter((e) => e.machine === null);
    const live = liveExamples(all).map((e) => e.id);
    if (!options.ids.length && live.length && !options.list) {
      console.log(`in the emulated machine instead (npm run examples:vm): ${live.join(', ')}`);
    }
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (options.list) {
    for (const e of examples) {
      const state = e.transcript ? (e.transcriptStale ? 'transcript stale' : 'transcript ok') : 'no transcript';
      console.log(`${e.id.padEnd(12)} ${e.title}  [${e.cards.join(', ')}] (timeout ${e.timeout} s, ${state})`);
    }
    return 0;
  }
  const isolation = chooseIsolation(options.isolation, readFileSync('/etc/os-release', 'utf8'));
  let sandbox: Sandbox;
  const started = performance.now();
  try {
    sandbox = await prepareSandbox(isolation, { cacheDir: options.cacheDir, rebuild: options.rebuildRoot });
  } catch (error) {
    console.error(`cannot set up the examples' sandbox: ${(error as Error).message}`);
    return 2;
  }
  console.log(describeSandbox(sandbox));
  const allCommands = [...new Set(examples.flatMap((e) => e.requirements.commands))].sort();
  let probe: HostProbe = systemProbe();
  if (sandbox.rootfs) {
    const found = commandsInRoot(sandbox.rootfs, allCommands);
    probe = { ...probe, hasCommand: (command) => found.has(command) };
  }
  let versions: ToolVersions | null = null;
  const versionsOf = () =>
    (versions ??= sandbox.isolation === 'none' ? null : sandboxToolVersions(sandbox, allCommands)) ?? {
      tools: {},
      packages: {},
    };
  const setupMs = performance.now() - started;
  if (setupMs > 5000) console.log(`(sandbox set up in ${seconds(setupMs)})`);

  const results: RunResult[] = [];
  for (const [i, example] of examples.entries()) {
    const result = await runExample(example, {
      record: options.record,
      probe,
      sandbox,
      versions: sandbox.isolation === 'none' ? undefined : () => versionsOf(),
    });
    results.push(result);
    console.log(formatResult(i + 1, examples.length, result));
    if (options.verbose || result.status === 'fail') {
      const lines = result.output.trimEnd().split('\n');
      const shown = options.verbose ? lines : lines.slice(-25);
      if (result.output) console.log(shown.map((l) => `    | ${l}`).join('\n'));
    }
    if (result.zombies.length) console.log(`    (zombies left for init to reap: ${result.zombies.join(', ')})`);
    for (const line of result.removed) console.log(`    runner removed: ${line}`);
  }
  console.log(summaryLine(results));
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
