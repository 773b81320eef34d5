import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyMachine, findMachine, machineSummary } from '../../../src/integrations/machine.ts';
import { debianSourceUrl, machinePagePaths, runCommand } from '../../../src/model/machine-manifest.ts';

const root = process.cwd();
const v86Version = (
  JSON.parse(readFileSync(path.join(root, 'node_modules/v86/package.json'), 'utf8')) as { version: string }
).version.split('+')[0]!;

function image(manifest: Record<string, unknown>, how: 'symlink' | 'json' = 'symlink') {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'atlas-vm-'));
  const dir = path.join(cache, 'k1');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const name of ['bios.bin', 'vgabios-stdvga.bin']) writeFileSync(path.join(dir, name), 'b'.repeat(100));
  writeFileSync(path.join(dir, 'state.bin.zst'), 's'.repeat(1000));
  if (how === 'symlink') symlinkSync('k1', path.join(cache, 'current'));
  else writeFileSync(path.join(cache, 'current.json'), JSON.stringify({ key: 'k1' }));
  return cache;
}

const manifest = {
  key: 'k1',
  v86: v86Version,
  memoryMB: 128,
  files: { bios: 'bios.bin', vgaBios: 'vgabios-stdvga.bin', state: 'state.bin.zst' },
  kernel: '6.1.0-50-686',
  arch: 'i686',
  cgroup: 'v2',
  packages: [
    {
      name: 'busybox-static',
      version: '1:1.35.0-4+b3',
      arch: 'i386',
      source: 'busybox',
      sourceVersion: '1:1.35.0-4',
      licence: 'GPL-2.0',
    },
  ],
  examples: ['namespaces', 'cgroups'],
  run: 'atlas-run {id}',
  prompt: 'atlas# ',
};

describe('the live machine at build time', () => {
  it('is no error when there is no image: one line says why', () => {
    const lookup = findMachine(root, path.join(os.tmpdir(), 'atlas-no-such-cache'));
    expect(lookup.machine).toBeNull();
    expect(machineSummary(lookup)).toMatch(
      /^live machine: none, example pages show their transcripts \(no machine image/,
    );
  });

  it('reads the image current points to (symlink or current.json) and counts what a reader downloads', () => {
    for (const how of ['symlink', 'json'] as const) {
      const lookup = findMachine(root, image(manifest, how));
      expect(lookup.machine?.key).toBe('k1');
      const wasm = readFileSync(path.join(root, 'node_modules/v86/build/v86.wasm')).length;
      const lib = readFileSync(path.join(root, 'node_modules/v86/build/libv86.mjs')).length;
      expect(lookup.machine?.downloadBytes).toBe(100 + 100 + 1000 + wasm + lib);
      expect(machineSummary(lookup)).toContain('live examples: namespaces, cgroups');
    }
  });

  it('names the manifest and the field when the image is broken', () => {
    const cache = image({ ...manifest, run: 'atlas-run' });
    expect(() => findMachine(root, cache)).toThrow(
      /k1\/manifest\.json: invalid machine manifest:\n {2}- run: must contain \{id\}/,
    );
    const missing = image({ ...manifest, files: { ...manifest.files, state: 'gone.zst' } });
    expect(() => findMachine(root, missing)).toThrow(/manifest\.json: files: gone\.zst not found/);
  });

  it('refuses a snapshot made with another v86 (it would not restore), without failing the build', () => {
    const lookup = findMachine(root, image({ ...manifest, v86: '0.0.1' }));
    expect(lookup.machine).toBeNull();
    expect(machineSummary(lookup)).toContain('made with v86 0.0.1');
  });

  it('copies the image and v86 into vm/<key>/', async () => {
    const lookup = findMachine(root, image(manifest));
    const out = mkdtempSync(path.join(os.tmpdir(), 'atlas-dist-'));
    expect(await copyMachine(lookup, out)).toBe('live machine: copied 6 files into vm/k1/');
    for (const name of ['manifest.json', 'bios.bin', 'vgabios-stdvga.bin', 'state.bin.zst', 'v86.wasm', 'libv86.mjs'])
      expect(readFileSync(path.join(out, 'vm/k1', name)).length).toBeGreaterThan(0);
  });

  it('knows its pages, commands and source links', () => {
    expect(machinePagePaths(null)).toEqual([]);
    expect(machinePagePaths({ examples: ['namespaces'] })).toEqual(['examples/namespaces/', 'playground/']);
    expect(runCommand({ run: 'atlas-run {id}' }, 'cgroups')).toBe('atlas-run cgroups');
    expect(debianSourceUrl({ source: 'busybox', sourceVersion: '1:1.35.0-4' })).toBe(
      'https://sources.debian.org/src/busybox/1%3A1.35.0-4/',
    );
  });
});
