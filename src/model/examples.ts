/**
 * Reads the runnable examples from `<contentDir>/examples/<id>/` and validates them.
 * Used by the site (pages under /examples/<id>/) and by the runner. Every error
 * names the file and the field.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isSymlink, readContentFile } from './content-files.ts';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ContentError, ErrorCollector, formatZodError } from './errors.ts';
import {
  MACHINE_TRANSCRIPT,
  machineTranscriptSchema,
  type MachineMeta,
  type MachineTranscript,
  exampleIdPattern,
  exampleMetaSchema,
  SKIP_RECORD,
  skipRecordSchema,
  transcriptSchema,
  type ExampleMeta,
  type SkipRecord,
  type Transcript,
} from './example-schema.ts';

/** A text file of an example, with its path relative to the working directory. */
export interface ExampleFile {
  /** File name inside the example folder, e.g. `run.sh`. */
  name: string;
  /** Path as opened (for error messages and "edit this page" links). */
  path: string;
  text: string;
}

/** One validated example: the metadata of example.yaml plus its files. */
/** An example's live-machine section with its script read. */
export interface ExampleMachine extends Omit<MachineMeta, 'script' | 'assertions' | 'absent'> {
  script: ExampleFile & { sha256: string };
  /** The machine's assertions (the example's own when the section gives none). */
  assertions: ExampleMeta['assertions'];
  absent: ExampleMeta['absent'];
  /** transcript.vm.json, or null when it has not passed in the machine yet. */
  transcript: MachineTranscript | null;
  transcriptStale: boolean;
}

export interface Example extends Omit<ExampleMeta, 'files' | 'machine'> {
  id: string;
  /** The example folder, e.g. `content/examples/runc`. */
  dir: string;
  /** run.sh */
  script: ExampleFile & { sha256: string };
  /** README.md, Markdown in Chinese. */
  readme: ExampleFile;
  /** The files listed in `files:` of example.yaml, in that order. */
  files: ExampleFile[];
  /** transcript.json, or null when the example has not passed yet. */
  transcript: Transcript | null;
  /** True when run.sh changed after the transcript was recorded. */
  transcriptStale: boolean;
  /** skip.json: the last run on the recording machine found it could not run there, and why. */
  skipped: SkipRecord | null;
  /** True when run.sh changed after the skip was recorded. */
  skippedStale: boolean;
  /** How it runs in the live machine; null when it does not fit there (host runner only). */
  machine: ExampleMachine | null;
}

/** sha256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Validates the text of an example.yaml. */
export function parseExampleMeta(file: string, text: string): ExampleMeta {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = exampleMetaSchema.safeParse(data ?? {});
  if (!result.success) throw new ContentError(file, `invalid example metadata:\n${formatZodError(result.error, data)}`);
  return result.data;
}

/** Validates the text of a skip.json. */
export function parseSkipRecord(file: string, text: string): SkipRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ContentError(file, `invalid JSON: ${(error as Error).message}`);
  }
  const result = skipRecordSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid skip record:\n${formatZodError(result.error)}`);
  return result.data;
}

/** Validates the text of a transcript.vm.json. */
export function parseMachineTranscript(file: string, text: string): MachineTranscript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ContentError(file, `invalid JSON: ${(error as Error).message}`);
  }
  const result = machineTranscriptSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid machine transcript:\n${formatZodError(result.error)}`);
  return result.data;
}

function loadMachine(dir: string, id: string, meta: ExampleMeta, metaPath: string): ExampleMachine | null {
  if (!meta.machine) return null;
  const { script: name, assertions, absent, ...rest } = meta.machine;
  const file = path.join(dir, name);
  if (!existsSync(file) && !isSymlink(file)) {
    throw new ContentError(metaPath, `machine.script: ${name} not found in ${dir}`);
  }
  const text = readContentFile(file);
  if (!text.startsWith('#!/bin/sh\n'))
    throw new ContentError(file, 'must start with the line #!/bin/sh (busybox sh runs it)');
  const scriptSha256 = sha256(text);
  const transcriptFile = path.join(dir, MACHINE_TRANSCRIPT);
  let transcript: MachineTranscript | null = null;
  if (existsSync(transcriptFile)) {
    transcript = parseMachineTranscript(transcriptFile, readContentFile(transcriptFile));
    if (transcript.id !== id) {
      throw new ContentError(transcriptFile, `id: "${transcript.id}" does not match the folder name "${id}"`);
    }
  }
  return {
    ...rest,
    script: { name, path: file, text, sha256: scriptSha256 },
    assertions: assertions ?? meta.assertions,
    absent: absent ?? meta.absent,
    transcript,
    transcriptStale: transcript !== null && transcript.scriptSha256 !== scriptSha256,
  };
}

/** Validates the text of a transcript.json. */
export function parseTranscript(file: string, text: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ContentError(file, `invalid JSON: ${(error as Error).message}`);
  }
  const result = transcriptSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid transcript:\n${formatZodError(result.error)}`);
  return result.data;
}

function readRequired(dir: string, name: string): ExampleFile {
  const file = path.join(dir, name);
  if (!existsSync(file) && !isSymlink(file)) {
    throw new ContentError(file, `file not found (every example needs ${name})`);
  }
  return { name, path: file, text: readContentFile(file) };
}

/** Loads and validates one example folder. */
export function loadExample(contentDir: string, id: string): Example {
  const dir = path.join(contentDir, 'examples', id);
  if (isSymlink(dir)) {
    throw new ContentError(dir, 'is a symbolic link: examples are read from real folders only (copy it in instead)');
  }
  if (!exampleIdPattern.test(id)) {
    throw new ContentError(
      dir,
      `folder name "${id}" is not a valid example id (lowercase ASCII letters, digits and -)`,
    );
  }
  const metaFile = readRequired(dir, 'example.yaml');
  const meta = parseExampleMeta(metaFile.path, metaFile.text);
  const script = readRequired(dir, 'run.sh');
  if (!script.text.startsWith('#!/usr/bin/env bash\n')) {
    throw new ContentError(script.path, 'must start with the line #!/usr/bin/env bash');
  }
  const readme = readRequired(dir, 'README.md');
  const files = meta.files.map((name, index) => {
    const file = path.join(dir, name);
    if (!existsSync(file) && !isSymlink(file)) {
      throw new ContentError(metaFile.path, `files.${index}: ${name} not found in ${dir}`);
    }
    return { name, path: file, text: readContentFile(file) };
  });
  const transcriptFile = path.join(dir, 'transcript.json');
  let transcript: Transcript | null = null;
  if (existsSync(transcriptFile)) {
    transcript = parseTranscript(transcriptFile, readContentFile(transcriptFile));
    if (transcript.id !== id) {
      throw new ContentError(transcriptFile, `id: "${transcript.id}" does not match the folder name "${id}"`);
    }
  }
  const skipFile = path.join(dir, SKIP_RECORD);
  let skipped: SkipRecord | null = null;
  if (existsSync(skipFile)) {
    skipped = parseSkipRecord(skipFile, readContentFile(skipFile));
    if (skipped.id !== id) {
      throw new ContentError(skipFile, `id: "${skipped.id}" does not match the folder name "${id}"`);
    }
  }
  const scriptSha256 = sha256(script.text);
  const machine = loadMachine(dir, id, meta, metaFile.path);
  const { files: _names, machine: _machine, ...rest } = meta;
  return {
    ...rest,
    id,
    dir,
    script: { ...script, sha256: scriptSha256 },
    readme,
    files,
    transcript,
    transcriptStale: transcript !== null && transcript.scriptSha256 !== scriptSha256,
    skipped,
    skippedStale: skipped !== null && skipped.scriptSha256 !== scriptSha256,
    machine,
  };
}

/** Ids of the example folders under `<contentDir>/examples/`, sorted. */
export function listExampleIds(contentDir = 'content'): string[] {
  const root = path.join(contentDir, 'examples');
  if (!existsSync(root)) return [];
  return (
    readdirSync(root)
      // a link to a folder is listed too, so that loadExample refuses it by name
      .filter(
        (name) =>
          !name.startsWith('.') && (isSymlink(path.join(root, name)) || statSync(path.join(root, name)).isDirectory()),
      )
      .sort()
  );
}

/** Loads every example, ordered by `order` then id. Throws a ContentError on the first invalid one. */
export function loadExamples(contentDir = 'content'): Example[] {
  // Every example is checked, so one run lists the mistakes of all of them.
  const errors = new ErrorCollector();
  const examples = listExampleIds(contentDir).flatMap(
    (id) => errors.try(path.join(contentDir, 'examples', id), () => loadExample(contentDir, id)) ?? [],
  );
  errors.throwIfAny();
  return examples.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Examples that run live in the emulated machine (they have a `machine:` section). */
export function liveExamples(examples: Example[]): Example[] {
  return examples.filter((example) => example.machine !== null);
}

/** Examples that demonstrate a card, in list order. */
export function examplesForCard(examples: Example[], cardId: string): Example[] {
  return examples.filter((example) => (example.cards as string[]).includes(cardId));
}
