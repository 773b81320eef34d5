/**
 * Zod schemas of a runnable example: its metadata (`example.yaml`) and the
 * transcript the runner records when it passes (`transcript.json`).
 */
import { z } from 'zod';

/** Example ids are folder names under content/examples/: ASCII, stable in URLs. */
export const exampleIdPattern = /^[a-z0-9][a-z0-9-]*$/;

/** Kernel features `requirements.kernel` can ask for; see requirements.ts for the checks. */
export const kernelFeatures = [
  'overlay',
  'user-namespaces',
  'pid-namespaces',
  'net-namespaces',
  'mount-namespaces',
  'uts-namespaces',
  'ipc-namespaces',
  'cgroup-namespaces',
] as const;

/** `v1` is also met by the hybrid layout (v1 controllers next to an empty v2 mount). */
export const cgroupRequirements = ['v1', 'v2', 'any'] as const;

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'm');
    return true;
  } catch {
    return false;
  }
}

const regexSource = z
  .string({ error: 'expected a regular expression (a string)' })
  .min(1, 'must not be empty')
  .refine(isRegex, 'not a valid JavaScript regular expression');

/** One expectation on the output; `pattern` is matched with the `m` flag. */
export const assertionSchema = z.strictObject({
  pattern: regexSource,
  description: z.string().min(1, 'say what the match proves'),
});

/** A claim of a note that the example demonstrates. */
export const claimSchema = z.strictObject({
  /** Slug of the note, e.g. `container-background`. */
  note: z.string().regex(exampleIdPattern, 'expected a note slug (lowercase ASCII, digits, -)'),
  /** Heading of the note the claim sits under, as written there. */
  section: z.string().min(1).optional(),
  /** The claim in the note's words. */
  quote: z.string().min(1),
});

export const requirementsSchema = z.strictObject({
  root: z.boolean().default(false),
  /** Commands that must be on PATH. Their versions go into the transcript. */
  commands: z.array(z.string().regex(/^[A-Za-z0-9._+-]+$/, 'expected a command name')).default([]),
  cgroup: z.enum(cgroupRequirements).default('any'),
  kernel: z.array(z.enum(kernelFeatures)).default([]),
  /**
   * What the host sandbox must leave writable that it otherwise makes read-only:
   * `sysfs` for unprivileged system containers, which mount a sysfs of their own (the
   * kernel refuses that under a read-only one).
   */
  writable: z.array(z.enum(['sysfs'])).default([]),
});

/**
 * How the example runs in the live machine (an emulated Debian 12 i386 kernel with a
 * busybox userland, tools/vm/): its own script, because run.sh is written for bash
 * and a full Debian root, and assertions where the output differs. An example with
 * this section is live: the Node VM runner and the browser run it, the host runner does not.
 */
export const machineSchema = z.strictObject({
  /** Script in the example folder, run with busybox sh in the machine, e.g. `vm.sh`. */
  script: z.string().regex(/^[A-Za-z0-9._-]+\.sh$/, 'expected a .sh file name in the example folder'),
  /** Seconds before the Node runner gives up waiting for the script's end (emulated: generous). */
  timeout: z.number().int().min(1).max(1800),
  /** Patterns that must all match the machine's output; default: the example's `assertions`. */
  assertions: z.array(assertionSchema).min(1, 'give at least one assertion').optional(),
  /** Patterns that must not match; default: the example's `absent`. */
  absent: z.array(assertionSchema).optional(),
  /** Code paths that this script runs in the machine. */
  verified: z.array(z.string().min(1)).default([]),
});

export const exampleMetaSchema = z.strictObject({
  /** Chinese title. */
  title: z.string().min(1),
  /** One or two Chinese sentences for lists and link previews. */
  summary: z.string().min(1),
  /** Position in the list of examples (lower first). */
  order: z.number().int().default(100),
  /** Card ids; checked against content/cards/ when the site is built. */
  cards: z
    .array(z.string().regex(exampleIdPattern, 'expected a card id (lowercase ASCII, digits, -)'))
    .min(1, 'name at least one card'),
  claims: z.array(claimSchema).min(1, 'name at least one claim of a note'),
  requirements: requirementsSchema,
  /** Seconds before the runner stops the script (SIGTERM to its process group, then SIGKILL). */
  timeout: z.number().int().min(1).max(600),
  /** Patterns that must all match the recorded output. */
  assertions: z.array(assertionSchema).min(1, 'give at least one assertion'),
  /** Patterns that must not match (error messages, leftovers). */
  absent: z.array(assertionSchema).default([]),
  /**
   * Code paths that really ran when the transcript was recorded: written from a recorded run
   * (transcript.json, skip.json), so a new example, which has none, leaves it empty.
   */
  verified: z.array(z.string().min(1)).default([]),
  /** Code paths the script has but that were not run here (e.g. cgroup v2). */
  unverified: z.array(z.string().min(1)).default([]),
  /** Further files of the example shown with the script, relative to its folder. */
  files: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected a file name in the example folder')).default([]),
  /** Runs live in the emulated machine (see machineSchema). */
  machine: machineSchema.optional(),
});

export const assertionResultSchema = z.strictObject({
  kind: z.enum(['present', 'absent']),
  pattern: z.string(),
  description: z.string(),
  ok: z.boolean(),
  /** The matching line (for `present`) or the offending line (for `absent`). */
  line: z.string().optional(),
});

export const environmentSchema = z.strictObject({
  /** ISO date of the run. */
  date: z.string(),
  /** `uname -r`. */
  kernel: z.string(),
  arch: z.string(),
  /** PRETTY_NAME from /etc/os-release of the system whose tools ran (the Debian root's, or the host's). */
  os: z.string(),
  /** PRETTY_NAME of the host when the tools came from a separate Debian root (isolation `root`). */
  host: z.string().optional(),
  /**
   * Where the script ran: `root` = a Debian root built by the runner, `host` = the host's
   * files, both in fresh mount, PID, network, UTS and IPC namespaces; `none` = plainly on
   * the host. Absent in transcripts recorded before the sandbox existed.
   */
  isolation: z.enum(['root', 'host', 'none']).optional(),
  cgroup: z.strictObject({
    version: z.enum(['v1', 'v2', 'none']),
    layout: z.enum(['v1', 'hybrid', 'v2', 'none']),
  }),
  root: z.boolean(),
  node: z.string(),
  /** Command name → first line of its version output. */
  tools: z.record(z.string(), z.string()),
  /** Command name → `<Debian package> <version>` that ships it, where dpkg knows it. */
  packages: z.record(z.string(), z.string()).optional(),
});

export const transcriptSchema = z.strictObject({
  id: z.string().regex(exampleIdPattern),
  /** Only passing runs are recorded. */
  result: z.literal('pass'),
  durationMs: z.number().nonnegative(),
  exitCode: z.number().int(),
  /** sha256 of run.sh when it was recorded; a mismatch marks the transcript as stale. */
  scriptSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Combined stdout and stderr, in order. */
  output: z.string(),
  assertions: z.array(assertionResultSchema),
  environment: environmentSchema,
});

/** The machine a live example ran in, recorded in transcript.vm.json. */
export const machineEnvironmentSchema = z.strictObject({
  date: z.string(),
  /** `uname -r` in the guest. */
  kernel: z.string(),
  /** `uname -m` in the guest. */
  arch: z.string(),
  cgroup: z.literal('v2'),
  /** The emulator and its version, e.g. `v86 0.5.462`. */
  emulator: z.string(),
  /** Key of the machine image (tools/vm/build.ts). */
  image: z.string(),
  memoryMB: z.number().int().positive(),
  /** Node that ran the emulator. */
  node: z.string(),
  /** Debian packages the machine is made of: `<name> <version>`. */
  packages: z.array(z.string()),
});

/**
 * A passing run of an example's machine script under the emulator (transcript.vm.json):
 * a transcript whose `scriptSha256` is the machine script's and whose environment is the guest's.
 */
export const machineTranscriptSchema = transcriptSchema.extend({ environment: machineEnvironmentSchema });

/** File name of the machine transcript in the example folder. */
export const MACHINE_TRANSCRIPT = 'transcript.vm.json';

/** Exit status by which run.sh says it cannot run on this machine (with a last line `SKIP: <reason>`). */
export const SKIP_EXIT_STATUS = 77;
/** File name of a skip record in the example folder. */
export const SKIP_RECORD = 'skip.json';

/**
 * What the runner records when run.sh itself found that this machine cannot run it
 * (exit status 77, last line `SKIP: <reason>`): the reason measured and the output
 * that shows it. Kept next to transcript.json, which only ever holds passing runs.
 */
export const skipRecordSchema = z.strictObject({
  id: z.string().regex(exampleIdPattern),
  result: z.literal('skip'),
  /** The script's own `SKIP:` line, without the prefix. */
  reason: z.string().min(1),
  durationMs: z.number().nonnegative(),
  exitCode: z.number().int(),
  scriptSha256: z.string().regex(/^[0-9a-f]{64}$/),
  output: z.string(),
  environment: environmentSchema,
});

export type Assertion = z.infer<typeof assertionSchema>;
export type MachineMeta = z.infer<typeof machineSchema>;
export type MachineEnvironment = z.infer<typeof machineEnvironmentSchema>;
export type MachineTranscript = z.infer<typeof machineTranscriptSchema>;
export type SkipRecord = z.infer<typeof skipRecordSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type Requirements = z.infer<typeof requirementsSchema>;
export type RequirementsInput = z.input<typeof requirementsSchema>;
export type ExampleMeta = z.infer<typeof exampleMetaSchema>;
export type ExampleMetaInput = z.input<typeof exampleMetaSchema>;
export type AssertionResult = z.infer<typeof assertionResultSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type Transcript = z.infer<typeof transcriptSchema>;
export type KernelFeature = (typeof kernelFeatures)[number];
