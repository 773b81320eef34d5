/**
 * Builds the live machine: fetches the pinned Debian packages (tools/vm/packages.ts)
 * with apt into a private apt state (the host's dpkg configuration is not touched),
 * checks each .deb's sha256, assembles an initramfs, boots it in v86 under Node, and
 * saves a snapshot taken at the shell prompt. Output: .cache/vm/<key>/ with
 * manifest.json, the BIOS files and state.bin.zst; .cache/vm/current points to it.
 *
 *   node tools/vm/build.ts [--out DIR] [--force]
 *
 * When the machine cannot be built here (no apt, no network, a pin gone from the
 * archive), it prints one line saying why and exits 0: the site falls back to
 * the recorded transcripts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { zstdCompressSync, constants as zlib } from 'node:zlib';
import { loadExamples, liveExamples } from '../../src/model/examples.ts';
import { writeCpio, type CpioEntry } from './cpio.ts';
import { readElfDeps } from './elf.ts';
import {
  atlasRunScript,
  CMDLINE,
  EXIT_MARKER,
  group,
  guestScriptPath,
  initScript,
  keyMaterial,
  MEMORY_MB,
  passwd,
  PROMPT,
  RUN_TEMPLATE,
  type Manifest,
} from './image.ts';
import { Machine, whenReady, type Emulator } from './machine.ts';
import { aptSpec, bootFiles, checkPin, KERNEL_RELEASE, packages, parseStanzas, type PackagePin } from './packages.ts';

const require = createRequire(import.meta.url);
export const V86_VERSION: string = (
  JSON.parse(readFileSync(require.resolve('v86/package.json'), 'utf8')) as { version: string }
).version.replace(/\+.*$/, '');

export const CACHE = '.cache/vm';
const APT_SOURCES = [
  // the bookworm point release only: the security suite's index moves faster than pins can follow
  'deb [arch=i386 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main',
  'deb [arch=i386 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main',
];

class CannotBuild extends Error {}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function debFile(pin: PackagePin): string {
  return path.join(CACHE, 'debs', path.basename(pin.filename));
}

/** apt-get / apt-cache with a private state, cache and sources list, architecture i386 only. */
function aptArgs(): string[] {
  const root = path.resolve(CACHE, 'apt');
  return [
    '-o',
    `Dir::State=${root}/state`,
    '-o',
    `Dir::State::status=${root}/state/status`,
    '-o',
    `Dir::Cache=${root}/cache`,
    '-o',
    `Dir::Etc::SourceList=${root}/sources.list`,
    '-o',
    `Dir::Etc::SourceParts=${root}/sources.list.d`,
    '-o',
    `Dir::Etc::Preferences=${root}/preferences`,
    '-o',
    `Dir::Etc::PreferencesParts=${root}/preferences.d`,
    '-o',
    'APT::Architecture=i386',
    '-o',
    'APT::Architectures=i386',
    '-o',
    'Debug::NoLocking=1',
    '-q',
  ];
}

function haveCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Downloads missing .debs through apt (which checks them against the signed index), then checks the pins. */
function fetchPackages(): void {
  const missing = packages.filter(
    (pin) => !existsSync(debFile(pin)) || sha256(readFileSync(debFile(pin))) !== pin.sha256,
  );
  if (!missing.length) return;
  if (!haveCommand('apt-get'))
    throw new CannotBuild('apt-get not found (a Debian or Ubuntu host is needed to fetch the packages)');
  const root = path.join(CACHE, 'apt');
  for (const dir of ['state/lists/partial', 'cache/archives/partial', 'sources.list.d', 'preferences.d'])
    mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, 'sources.list'), `${APT_SOURCES.join('\n')}\n`);
  writeFileSync(path.join(root, 'state/status'), '');
  const update = spawnSync('apt-get', [...aptArgs(), 'update'], { encoding: 'utf8' });
  if (update.status !== 0) {
    const line = `${update.stderr}`.split('\n').find((l) => l.startsWith('E:')) ?? `exit ${update.status}`;
    throw new CannotBuild(`apt-get update failed (${line.trim()})`);
  }
  const show = spawnSync('apt-cache', [...aptArgs(), 'show', ...missing.map((p) => p.name)], { encoding: 'utf8' });
  const stanzas = parseStanzas(show.stdout ?? '');
  const problems = missing.flatMap((pin) => checkPin(pin, stanzas));
  if (problems.length) throw new CannotBuild(`pins do not match the archive: ${problems.join('; ')}`);
  const debs = path.join(CACHE, 'debs');
  mkdirSync(debs, { recursive: true });
  const download = spawnSync('apt-get', [...aptArgs(), 'download', ...missing.map(aptSpec)], {
    cwd: debs,
    encoding: 'utf8',
  });
  if (download.status !== 0) {
    const line = `${download.stderr}`.split('\n').find((l) => l.startsWith('E:')) ?? `exit ${download.status}`;
    throw new CannotBuild(`apt-get download failed (${line.trim()})`);
  }
  for (const pin of missing) {
    // apt names the file with the epoch escaped (1%3a…); the pin's name has no epoch
    const found = readdirSync(debs).find(
      (f) => f.startsWith(`${pin.name}_`) && decodeURIComponent(f).includes(`_${pin.version}_`) && f.endsWith('.deb'),
    );
    if (!found) throw new CannotBuild(`apt-get download did not leave ${pin.name} ${pin.version}`);
    if (path.join(debs, found) !== debFile(pin)) renameSync(path.join(debs, found), debFile(pin));
    const actual = sha256(readFileSync(debFile(pin)));
    if (actual !== pin.sha256) throw new Error(`${debFile(pin)}: sha256 ${actual}, pinned ${pin.sha256}`);
  }
}

/** Unpacks a .deb (dpkg-deb -x) into .cache/vm/extract/<name>_<version>/ once. */
function extract(pin: PackagePin): string {
  const dir = path.join(CACHE, 'extract', `${pin.name}_${pin.version.replace(/[:]/g, '%3a')}`);
  if (existsSync(path.join(dir, '.done'))) return dir;
  if (!haveCommand('dpkg-deb')) throw new CannotBuild('dpkg-deb not found (package dpkg)');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('dpkg-deb', ['-x', debFile(pin), dir]);
  writeFileSync(path.join(dir, '.done'), '');
  return dir;
}

/** Reads a file of an unpacked package, following symlinks inside the package root. */
function readInPackage(root: string, rel: string, depth = 0): Buffer {
  const full = path.join(root, rel);
  const stat = lstatSync(full);
  if (stat.isSymbolicLink()) {
    if (depth > 8) throw new Error(`${full}: too many symlinks`);
    const target = readlinkSync(full);
    const next = target.startsWith('/') ? target.slice(1) : path.join(path.dirname(rel), target);
    return readInPackage(root, next, depth + 1);
  }
  return readFileSync(full);
}

const LIBRARY_DIRS = ['lib/i386-linux-gnu', 'usr/lib/i386-linux-gnu', 'lib'];

/** The initramfs entries: taken files, the libraries they need, /init, users, examples' scripts. */
function assemble(
  roots: Map<string, string>,
  init: string,
  atlasRun: string,
  scripts: Record<string, { guest: string; text: string }>,
) {
  const files = new Map<string, { data: Uint8Array; mode: number }>();
  // soname → [package root, path]
  const libraries = new Map<string, [string, string]>();
  for (const pin of packages) {
    if (!pin.libraries) continue;
    const root = roots.get(pin.name)!;
    for (const dir of LIBRARY_DIRS) {
      if (!existsSync(path.join(root, dir))) continue;
      for (const name of readdirSync(path.join(root, dir)))
        if (/\.so(\.|$)/.test(name)) libraries.set(name, [root, `${dir}/${name}`]);
    }
  }
  const queue: string[] = [];
  for (const pin of packages) {
    const root = roots.get(pin.name)!;
    for (const rel of pin.take) {
      files.set(rel, { data: readInPackage(root, rel), mode: 0o755 });
      queue.push(rel);
    }
  }
  const missing: string[] = [];
  while (queue.length) {
    const rel = queue.shift()!;
    const deps = readElfDeps(files.get(rel)!.data);
    if (!deps) continue;
    for (const soname of deps.needed) {
      const found = libraries.get(soname);
      if (!found) {
        missing.push(`${soname} (needed by ${rel})`);
        continue;
      }
      const target = `lib/i386-linux-gnu/${soname}`;
      if (files.has(target)) continue;
      files.set(target, { data: readInPackage(found[0], found[1]), mode: 0o755 });
      queue.push(target);
    }
  }
  if (missing.length) throw new Error(`tools/vm/packages.ts: no pinned package provides ${missing.join(', ')}`);
  const encode = (s: string) => new TextEncoder().encode(s);
  files.set('init', { data: encode(init), mode: 0o755 });
  files.set('atlas/bin/atlas-run', { data: encode(atlasRun), mode: 0o755 });
  files.set('etc/passwd', { data: encode(`${passwd}\n`), mode: 0o644 });
  files.set('etc/group', { data: encode(`${group}\n`), mode: 0o644 });
  for (const { guest, text } of Object.values(scripts)) files.set(guest.slice(1), { data: encode(text), mode: 0o755 });

  const dirs = new Set<string>([
    'dev',
    'proc',
    'sys',
    'tmp',
    'run',
    'root',
    'home',
    'bin',
    'sbin',
    'usr/bin',
    'usr/sbin',
    'etc',
  ]);
  for (const rel of files.keys()) {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const entries: CpioEntry[] = [];
  const sortedDirs = [...dirs].sort();
  for (const dir of sortedDirs) entries.push({ path: dir, type: 'dir', mode: dir === 'tmp' ? 0o1777 : 0o755 });
  entries.push({ path: 'dev/console', type: 'chardev', major: 5, minor: 1 });
  entries.push({ path: 'home/atlas', type: 'dir', mode: 0o755 });
  for (const [rel, { data, mode }] of [...files].sort(([a], [b]) => a.localeCompare(b)))
    entries.push({ path: rel, type: 'file', data, mode });
  return { cpio: writeCpio(entries), fileCount: files.size };
}

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** Boots the kernel and initramfs in v86, waits for the prompt, returns facts and a snapshot. */
async function bootAndSnapshot(kernel: Uint8Array, initrd: Uint8Array, bios: Uint8Array, vgaBios: Uint8Array) {
  const { V86 } = (await import('v86')) as unknown as { V86: new (options: object) => Emulator };
  const emulator = new V86({
    wasm_path: require.resolve('v86/build/v86.wasm'),
    bios: { buffer: toArrayBuffer(bios) },
    vga_bios: { buffer: toArrayBuffer(vgaBios) },
    bzimage: { buffer: toArrayBuffer(kernel) },
    initrd: { buffer: toArrayBuffer(initrd) },
    cmdline: process.env.VM_DEBUG ? CMDLINE.replace(/quiet loglevel=3/, 'loglevel=7') : CMDLINE,
    memory_size: MEMORY_MB * 1024 * 1024,
    vga_memory_size: 2 * 1024 * 1024,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  const machine = new Machine(emulator);
  // VM_DEBUG=1 shows the guest's serial console while it boots
  if (process.env.VM_DEBUG) machine.onOutput((text) => process.stderr.write(text));
  const started = performance.now();
  try {
    await whenReady(emulator);
    // boot time follows the CPU the host grants: 30 s on an idle machine, many minutes under heavy load
    await machine.waitForPrompt({ timeoutMs: 1_800_000 });
    const bootSeconds = (performance.now() - started) / 1000;
    const facts = await machine.exec(
      `uname -r; uname -m; awk '$2 == "/sys/fs/cgroup" {print $3}' /proc/mounts; cat /sys/fs/cgroup/cgroup.controllers; grep -c overlay /proc/filesystems`,
      120_000,
    );
    const [kernelRelease = '', arch = '', cgroupFs = '', controllers = '', overlay = ''] = facts.output
      .trim()
      .split('\n');
    if (cgroupFs.trim() !== 'cgroup2') throw new Error(`guest /sys/fs/cgroup is ${cgroupFs}, expected cgroup2`);
    if (overlay.trim() !== '1') throw new Error('overlay.ko did not load in the guest');
    // a clean screen for whoever restores the snapshot, caches dropped for a smaller state
    await machine.exec('sync; echo 3 > /proc/sys/vm/drop_caches; clear', 120_000);
    const since = machine.mark();
    machine.sendLine('');
    await machine.waitForPrompt({ since, timeoutMs: 60_000 });
    const state = new Uint8Array(await emulator.save_state());
    return {
      state,
      bootSeconds,
      kernelRelease: kernelRelease.trim(),
      arch: arch.trim(),
      controllers: controllers.trim(),
    };
  } finally {
    machine.close();
    await emulator.destroy();
  }
}

function parseArgs(argv: string[]) {
  let out = CACHE;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i] ?? out;
    else if (argv[i] === '--force') force = true;
    else throw new Error(`unknown argument ${argv[i]}; usage: node tools/vm/build.ts [--out DIR] [--force]`);
  }
  return { out, force };
}

/** Builds (or finds) the image; returns its directory, or null when it cannot be built here. */
export async function buildImage(options: { out?: string; force?: boolean; log?: (line: string) => void } = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const out = options.out ?? CACHE;
  const started = performance.now();
  const live = liveExamples(loadExamples('content'));
  const scripts = Object.fromEntries(
    live.map((e) => [e.id, { guest: guestScriptPath(e.id, e.machine!.script.name), text: e.machine!.script.text }]),
  );
  const init = initScript(KERNEL_RELEASE);
  const atlasRun = atlasRunScript(Object.fromEntries(Object.entries(scripts).map(([id, s]) => [id, s.guest])));
  const key = sha256(
    keyMaterial({
      packages,
      v86: V86_VERSION,
      init,
      atlasRun,
      scripts: Object.fromEntries(Object.entries(scripts).map(([id, s]) => [id, s.text])),
    }),
  ).slice(0, 16);
  const dir = path.join(out, key);
  const current = path.join(out, 'current');
  const point = () => {
    rmSync(current, { force: true });
    symlinkSync(key, current);
  };
  if (!options.force && existsSync(path.join(dir, 'manifest.json'))) {
    point();
    log(`vm: image ${key} is up to date (${dir}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return dir;
  }
  fetchPackages();
  const roots = new Map(packages.map((pin) => [pin.name, extract(pin)]));
  const { cpio, fileCount } = assemble(roots, init, atlasRun, scripts);
  if (process.env.VM_DEBUG) writeFileSync(path.join(out, 'initrd.cpio'), cpio);
  const read = (f: { package: string; path: string }) => readInPackage(roots.get(f.package)!, f.path);
  const kernel = read(bootFiles.kernel);
  const bios = read(bootFiles.bios);
  const vgaBios = read(bootFiles.vgaBios);
  log(
    `vm: initramfs ${(cpio.length / 1e6).toFixed(1)} MB (${fileCount} files), booting kernel ${KERNEL_RELEASE} in v86 ${V86_VERSION}…`,
  );
  const boot = await bootAndSnapshot(kernel, cpio, bios, vgaBios);
  const compressed = zstdCompressSync(boot.state, { params: { [zlib.ZSTD_c_compressionLevel]: 12 } });
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'bios.bin'), bios);
  writeFileSync(path.join(tmp, 'vgabios-stdvga.bin'), vgaBios);
  writeFileSync(path.join(tmp, 'state.bin.zst'), compressed);
  const manifest: Manifest = {
    key,
    v86: V86_VERSION,
    memoryMB: MEMORY_MB,
    files: { bios: 'bios.bin', vgaBios: 'vgabios-stdvga.bin', state: 'state.bin.zst' },
    bytes: { 'bios.bin': bios.length, 'vgabios-stdvga.bin': vgaBios.length, 'state.bin.zst': compressed.length },
    stateRawBytes: boot.state.length,
    kernel: boot.kernelRelease,
    arch: boot.arch,
    cgroup: 'v2',
    cmdline: CMDLINE,
    prompt: PROMPT,
    exitMarker: EXIT_MARKER,
    run: RUN_TEMPLATE,
    packages: packages.map(({ name, version, arch, source, sourceVersion, licence }) => ({
      name,
      version,
      arch,
      source,
      sourceVersion,
      licence,
    })),
    examples: Object.keys(scripts),
    scripts: Object.fromEntries(
      Object.entries(scripts).map(([id, s]) => [id, { path: s.guest, sha256: sha256(s.text) }]),
    ),
    timings: {
      bootSeconds: Math.round(boot.bootSeconds),
      buildSeconds: Math.round((performance.now() - started) / 1000),
    },
    builtAt: new Date().toISOString(),
  };
  writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  point();
  log(
    `vm: image ${key} built in ${manifest.timings.buildSeconds} s (boot ${manifest.timings.bootSeconds} s): ` +
      `state ${(boot.state.length / 1e6).toFixed(1)} MB raw, ${(compressed.length / 1e6).toFixed(1)} MB zstd; ` +
      `kernel ${boot.kernelRelease} ${boot.arch}, cgroup v2 (${boot.controllers})`,
  );
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  try {
    await buildImage(args);
  } catch (error) {
    if (error instanceof CannotBuild) {
      console.log(`vm: live machine not built: ${error.message}`);
      process.exit(0);
    }
    throw error;
  }
  process.exit(0);
}
