/**
 * The live machine's manifest (`.cache/vm/<key>/manifest.json`, written by
 * tools/vm/build.ts; see the contract in VM-CONTRACT.md) and what the site makes
 * of it: which files a reader downloads, from where, and how many bytes that is.
 * Pure: reading the folder and copying files is src/integrations/machine.ts.
 */
import { z } from 'zod';
import { exampleIdPattern } from './example-schema.ts';
import { paths } from './urls.ts';

const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a plain file name in the machine folder');

export const machinePackageSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  arch: z.string().min(1),
  source: z.string().min(1),
  sourceVersion: z.string().min(1),
  licence: z.string().min(1),
});

export const machineManifestSchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a folder-safe key'),
  v86: z.string().min(1),
  memoryMB: z.number().int().positive(),
  /** VGA memory of the saved state, if the image sets one (v86 restores into the same sizes). */
  vgaMemoryMB: z.number().int().positive().optional(),
  files: z.object({ bios: fileName, vgaBios: fileName, state: fileName }),
  bytes: z.record(z.string(), z.number().int().nonnegative()).default({}),
  compressedBytes: z.record(z.string(), z.number().int().nonnegative()).default({}),
  kernel: z.string().min(1),
  arch: z.string().min(1),
  cgroup: z.string().min(1),
  packages: z.array(machinePackageSchema).default([]),
  examples: z.array(z.string().regex(exampleIdPattern)).default([]),
  /** Command template typed to start example {id}. */
  run: z.string().includes('{id}', { message: 'must contain {id}' }),
  /** The guest shell's prompt, a fixed string. */
  prompt: z.string().min(1),
});

export type MachineManifest = z.infer<typeof machineManifestSchema>;
export type MachinePackage = z.infer<typeof machinePackageSchema>;

/** The v86 files shipped next to the image, from the `v86` npm package. */
export const V86_FILES = { wasm: 'v86.wasm', lib: 'libv86.mjs' } as const;

/** What pages know about the machine of this build. */
export interface MachineInfo {
  key: string;
  /** Site path of the machine's folder, relative to the base: `vm/<key>/`. */
  dir: string;
  v86: string;
  memoryMB: number;
  vgaMemoryMB?: number;
  /** File names inside `dir`. */
  files: { bios: string; vgaBios: string; state: string; wasm: string; lib: string };
  /** Bytes a reader downloads on the first run (every file above, as served). */
  downloadBytes: number;
  /** File name → bytes, as served. */
  fileBytes: Record<string, number>;
  kernel: string;
  arch: string;
  cgroup: string;
  packages: MachinePackage[];
  /** Example ids that run live. */
  examples: string[];
  run: string;
  prompt: string;
}

/** Page-side view of a manifest, given the byte size of each shipped file. */
export function machineInfo(manifest: MachineManifest, sizes: Record<string, number>): MachineInfo {
  const files = { ...manifest.files, ...V86_FILES };
  return {
    key: manifest.key,
    dir: `vm/${manifest.key}/`,
    v86: manifest.v86,
    memoryMB: manifest.memoryMB,
    ...(manifest.vgaMemoryMB ? { vgaMemoryMB: manifest.vgaMemoryMB } : {}),
    files,
    downloadBytes: Object.values(files).reduce((sum, name) => sum + (sizes[name] ?? 0), 0),
    fileBytes: Object.fromEntries(Object.values(files).map((name) => [name, sizes[name] ?? 0])),
    kernel: manifest.kernel,
    arch: manifest.arch,
    cgroup: manifest.cgroup,
    packages: manifest.packages,
    examples: manifest.examples,
    run: manifest.run,
    prompt: manifest.prompt,
  };
}

/** The command that starts example `id` in the guest. */
export function runCommand(machine: Pick<MachineInfo, 'run'>, id: string): string {
  return machine.run.replaceAll('{id}', id);
}

/** Where a Debian source package's files can be read, for the licences page. */
export function debianSourceUrl(pkg: Pick<MachinePackage, 'source' | 'sourceVersion'>): string {
  return `https://sources.debian.org/src/${encodeURIComponent(pkg.source)}/${encodeURIComponent(pkg.sourceVersion)}/`;
}

/** `12.6 MB` style size for the run button (decimal megabytes, as download sizes are usually stated). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Site paths (relative to the base) of the pages that run the machine: its live examples and the playground. */
export function machinePagePaths(machine: Pick<MachineInfo, 'examples'> | null): string[] {
  if (!machine) return [];
  return [...machine.examples.map((id) => paths.example(id)), paths.playground()];
}
