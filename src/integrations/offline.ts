/**
 * Writes sw.js, the offline worker (src/client/service-worker.ts), and the list of
 * everything else a reader may save for offline reading (`offline-manifest.json`).
 *
 * - The shell is precached on a first visit: the site's styles and scripts, the
 *   home, search and 404 pages, and what search needs to answer offline (Pagefind's
 *   script, WebAssembly, metadata, filters, the vocabulary and the page map; its
 *   word index too while that stays under INDEX_SHELL_BYTES). Everything has a content
 *   revision, so a new deployment downloads only what changed.
 * - The rest (pages, fragments, diagrams, machine-readable files; the word index of a
 *   large site) is cached as it is read, or all at once when the reader presses
 *   「保存整站以离线阅读」 (client/offline-save.ts reads offline-manifest.json).
 * - Fonts are in neither list: the self-hosted fonts are ~120 unicode-range subsets
 *   and a page needs only a few, which the worker caches when they are used.
 * - A file over MAX_FILE_BYTES is left out of both (named in the build log).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformWithOxc } from 'vite';
import { serviceWorker, type WorkerConfig } from '../client/service-worker.ts';
import type { BuiltSite } from './output.ts';

/** Extensions of the files a reader can take offline. */
const OFFLINE = /\.(?:html|css|js|mjs|json|svg|png|webp|avif|jpe?g|gif|ico|txt|xml|webmanifest|mmd|sh)$/;

/**
 * The live machine's files and its session chunk (xterm.js and the emulator glue, which
 * client/machine/boot.ts imports on the press): fetched on a run only, then cached by the
 * worker for the next run. (The chunk's few KB of CSS are linked by the pages and precached.)
 */
export const MACHINE_FILES = [/^vm\//, /^_astro\/live-session\.[^/]+\.js$/];

/** Never listed: the worker and its list, host config, link previews, fonts, the live machine (cached when run). */
const NEVER = [
  /^sw\.js$/,
  /^offline-manifest\.json$/,
  /^_headers$/,
  /^_redirects$/,
  /^og\//,
  /\.(?:woff2?|ttf|otf|eot)$/,
  ...MACHINE_FILES,
];

/** The shell: styles, scripts, the pages search and offline need, and search's own files. */
const SHELL = [
  /^_astro\/[^/]+\.(?:css|js|mjs)$/,
  /^(?:index|404)\.html$/,
  /^search\/index\.html$/,
  /^(?:favicon\.[a-z]+|manifest\.webmanifest)$/,
  /^pagefind\/(?:pagefind\.js|pagefind-entry\.json|[^/]+\.pf_meta|wasm\.[^/]+\.pagefind|[^/]+\.json)$/,
  /^pagefind\/filter\//,
];

/** Pagefind's word index: in the shell while small enough, else cached as searches use it. */
const WORD_INDEX = /^pagefind\/index\//;

/** Largest word index (bytes on disk, already compressed) a first visit downloads. */
export const INDEX_SHELL_BYTES = 512 * 1024;

/** Largest file worth keeping offline. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** How long a page request may take before the worker shows the cached copy. */
const NETWORK_TIMEOUT_MS = 5000;

/** The list a reader's 「保存整站」 downloads (offline-manifest.json). */
export const SAVE_LIST_FILE = 'offline-manifest.json';

export interface PrecacheManifest {
  /** [URL path, revision] of the shell, precached on a first visit. */
  entries: Array<[string, string]>;
  /** Bytes of the shell on disk, and as a compressing host sends them. */
  bytes: number;
  transfer: number;
  /** [URL path, revision, bytes] of everything else, cached when read or saved. */
  rest: Array<[string, string, number]>;
  restBytes: number;
  /** Files left out for their size: [path, bytes]. */
  skipped: Array<[string, number]>;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** What a compressing host sends: Pagefind's own files are compressed already. */
function transferSize(file: string, data: string | Buffer): number {
  if (/\.(?:pf_\w+|pagefind|png|webp|avif|jpe?g|gif)$/.test(file)) return Buffer.byteLength(data);
  return gzipSync(data, { level: 9 }).byteLength;
}

/** Which files are precached and which are left for later, given the site's files (relative paths) and a way to read each. */
export async function precacheManifest(
  files: string[],
  base: string,
  read: (file: string) => Promise<string | Buffer>,
): Promise<PrecacheManifest> {
  const manifest: PrecacheManifest = { entries: [], bytes: 0, transfer: 0, rest: [], restBytes: 0, skipped: [] };
  const wanted = files.filter((f) => (OFFLINE.test(f) || f.startsWith('pagefind/')) && !NEVER.some((re) => re.test(f)));
  // Each file's figures, not its data: holding every file until the shell is known held the whole site.
  const found: Array<{ file: string; revision: string; bytes: number; transfer: number }> = [];
  for (const file of wanted.sort()) {
    const data = await read(file);
    const bytes = Buffer.byteLength(data);
    if (bytes > MAX_FILE_BYTES) manifest.skipped.push([file, bytes]);
    else {
      // Only a file that may be in the shell is compressed (the word index is already compressed: no cost).
      const transfer = SHELL.some((re) => re.test(file)) || WORD_INDEX.test(file) ? transferSize(file, data) : 0;
      found.push({ file, revision: sha(data).slice(0, 16), bytes, transfer });
    }
  }
  const indexBytes = found.filter((f) => WORD_INDEX.test(f.file)).reduce((sum, f) => sum + f.bytes, 0);
  const inShell = (file: string) =>
    SHELL.some((re) => re.test(file)) || (WORD_INDEX.test(file) && indexBytes <= INDEX_SHELL_BYTES);
  for (const { file, revision, bytes, transfer } of found) {
    if (inShell(file)) {
      manifest.entries.push([base + file, revision]);
      manifest.bytes += bytes;
      manifest.transfer += transfer;
    } else {
      manifest.rest.push([base + file, revision, bytes]);
      manifest.restBytes += bytes;
    }
  }
  return manifest;
}

/** The text of sw.js for a manifest. */
export function workerSource(
  manifest: Pick<PrecacheManifest, 'entries' | 'rest' | 'restBytes'>,
  base: string,
  machineDir: string | null = null,
  machineAssets: string[] = [],
  /** The worker function's JavaScript (default: as this module was loaded; builds pass workerCode()). */
  code: string = serviceWorker.toString(),
): string {
  const config: WorkerConfig = {
    // A new machine is a new version too: its activation drops the older machine's cached files.
    version: sha(JSON.stringify(manifest.entries) + (machineDir ?? '') + machineAssets.join()).slice(0, 12),
    base,
    precache: manifest.entries,
    notFound: `${base}404.html`,
    saveList: base + SAVE_LIST_FILE,
    saveSize: { files: manifest.rest.length, bytes: manifest.restBytes },
    networkTimeoutMs: NETWORK_TIMEOUT_MS,
    machine: machineDir === null ? null : base + machineDir,
    machineAssets: machineAssets.map((file) => base + file),
  };
  return (
    `// Stack Atlas offline worker ${config.version} (src/client/service-worker.ts; manifest by src/integrations/offline.ts)\n` +
    `(${code})(${JSON.stringify(config)});\n`
  );
}

/**
 * A function's source printed by Oxc as plain JavaScript: the same text for the same code however
 * its module was loaded. Node's own type stripping (astro.config.mjs and this integration load
 * without Vite) leaves blanks where the types were; Vite's loader printed its own way.
 */
export async function printFunction(source: string): Promise<string> {
  const { code } = await transformWithOxc(`(${source})`, 'function.js', { lang: 'js', sourcemap: false });
  return code.trim().replace(/^\(([\s\S]*)\);?$/, '$1');
}

/** The worker function as sw.js carries it. */
export const workerCode = (): Promise<string> => printFunction(serviceWorker.toString());

/** The save list: what 「保存整站以离线阅读」 downloads, with sizes. */
export function saveList(manifest: PrecacheManifest): string {
  return JSON.stringify({ files: manifest.rest, bytes: manifest.restBytes });
}

/** Writes sw.js and the save list for the built site (the Pagefind bundle included); returns the summary lines. */
export async function writeServiceWorker(site: BuiltSite, machineDir: string | null = null): Promise<string[]> {
  // The search index is written after the output was read: list its folder now.
  const pagefind = (
    await readdir(path.join(site.dir, 'pagefind'), { recursive: true, withFileTypes: true }).catch(() => [])
  )
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(site.dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  const files = [...new Set([...site.files, ...pagefind])];
  const manifest = await precacheManifest(files, site.base, (file) => readFile(path.join(site.dir, file)));
  const assets = site.files.filter((file) => MACHINE_FILES.some((re) => re.test(file)) && !file.startsWith('vm/'));
  await writeFile(
    path.join(site.dir, 'sw.js'),
    workerSource(manifest, site.base, machineDir, assets, await workerCode()),
  );
  await writeFile(path.join(site.dir, SAVE_LIST_FILE), saveList(manifest));
  const lines = manifest.skipped.map(
    ([file, bytes]) =>
      `offline: warning: ${file} is not kept offline (${mib(bytes)}, over ${mib(MAX_FILE_BYTES)}); it is only available online`,
  );
  lines.push(
    `offline: first visit precaches ${manifest.entries.length} files (${mib(manifest.bytes)}, ${kib(manifest.transfer)} compressed)` +
      `; ${manifest.rest.length} more (${mib(manifest.restBytes)}) are cached as read or saved` +
      `${manifest.skipped.length ? `, ${manifest.skipped.length} too large (named above)` : ''}; fonts are cached when used`,
  );
  return lines;
}
