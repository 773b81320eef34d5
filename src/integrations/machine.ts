/**
 * The live machine at build time: finds the image tools/vm/build.ts made
 * (`.cache/vm/current`, a symlink to `.cache/vm/<key>/` or a `current.json`
 * naming the key), and after the build copies it with v86's own files into
 * `dist/vm/<key>/`. No image is no error: the build says so in one line and
 * the example pages keep their transcripts.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ContentError, formatZodError } from '../model/errors.ts';
import { machineInfo, machineManifestSchema, V86_FILES, type MachineInfo } from '../model/machine-manifest.ts';

/** Where tools/vm/build.ts leaves its images, relative to the project root. */
export const MACHINE_CACHE = '.cache/vm';

export type MachineLookup =
  { machine: MachineInfo; sourceDir: string; v86Dir: string } | { machine: null; reason: string };

/** The folder `current` points at, or why there is none. */
function currentDir(cache: string): string | { reason: string } {
  const link = path.join(cache, 'current');
  // Resolved, so messages name the image's own folder.
  if (existsSync(link) && statSync(link).isDirectory()) return realpathSync(link);
  const json = path.join(cache, 'current.json');
  if (existsSync(json)) {
    const key = (JSON.parse(readFileSync(json, 'utf8')) as { key?: unknown }).key;
    if (typeof key !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key))
      throw new ContentError(json, 'key: expected the name of a folder next to it');
    return path.join(cache, key);
  }
  return { reason: `no machine image in ${MACHINE_CACHE}/ (tools/vm/build.ts makes one)` };
}

/** Reads and checks the current image; a broken image (not a missing one) fails the build, naming the file. */
export function findMachine(root: string, cacheDir = path.join(root, MACHINE_CACHE)): MachineLookup {
  const dir = currentDir(cacheDir);
  if (typeof dir !== 'string') return { machine: null, ...dir };
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return { machine: null, reason: `${manifestFile} not found` };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (error) {
    throw new ContentError(manifestFile, `invalid JSON: ${(error as Error).message}`);
  }
  const parsed = machineManifestSchema.safeParse(data);
  if (!parsed.success)
    throw new ContentError(manifestFile, `invalid machine manifest:\n${formatZodError(parsed.error)}`);
  const manifest = parsed.data;
  const require = createRequire(path.join(root, 'package.json'));
  const v86Package = require.resolve('v86/package.json');
  const v86Dir = path.join(path.dirname(v86Package), 'build');
  const installed = (JSON.parse(readFileSync(v86Package, 'utf8')) as { version: string }).version.split('+')[0];
  // A saved state only restores in the v86 build that made it.
  if (installed !== manifest.v86) {
    return {
      machine: null,
      reason: `the image was made with v86 ${manifest.v86} but ${installed} is installed; run tools/vm/build.ts again`,
    };
  }
  const sizes: Record<string, number> = {};
  for (const name of Object.values(manifest.files)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new ContentError(manifestFile, `files: ${name} not found in ${dir}`);
    sizes[name] = statSync(file).size;
  }
  for (const name of Object.values(V86_FILES)) sizes[name] = statSync(path.join(v86Dir, name)).size;
  return { machine: machineInfo(manifest, sizes), sourceDir: dir, v86Dir };
}

/** One line for the build log. */
export function machineSummary(lookup: MachineLookup): string {
  if (!lookup.machine) return `live machine: none, example pages show their transcripts (${lookup.reason})`;
  const m = lookup.machine;
  return (
    `live machine: ${m.key} (Linux ${m.kernel} ${m.arch}, cgroup ${m.cgroup}), ` +
    `${(m.downloadBytes / 1e6).toFixed(1)} MB per first run, live examples: ${m.examples.join(', ') || 'none'}`
  );
}

/** Copies the image and v86's files into `<outDir>/vm/<key>/`; returns the summary line. */
export async function copyMachine(lookup: MachineLookup, outDir: string): Promise<string> {
  if (!lookup.machine) return 'live machine: nothing to copy';
  const target = path.join(outDir, lookup.machine.dir);
  await mkdir(target, { recursive: true });
  const { files } = lookup.machine;
  const fromImage = [files.bios, files.vgaBios, files.state, 'manifest.json'];
  await Promise.all([
    ...fromImage.map((name) => copyFile(path.join(lookup.sourceDir, name), path.join(target, name))),
    ...Object.values(V86_FILES).map((name) => copyFile(path.join(lookup.v86Dir, name), path.join(target, name))),
  ]);
  return `live machine: copied ${fromImage.length + 2} files into ${lookup.machine.dir}`;
}
