/**
 * Writes sw.js, the offline worker (src/client/service-worker.ts), with a precache
 * manifest computed from the output: every page, script, stylesheet, diagram,
 * example script, machine-readable file and the whole Pagefind bundle, each with
 * a content revision so a new deployment downloads only what changed.
 *
 * - Fonts are NOT precached but cached when first used: the self-hosted fonts are
 *   ~120 unicode-range subsets (~4.8 MB, 70 % of the site) and a page needs only a
 *   few; offline pages fall back to the system CJK font (font-display: swap).
 * - A file over MAX_FILE_BYTES is left out (a reader should not download it just
 *   to have the site offline) and named in the build log.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serviceWorker, type WorkerConfig } from '../client/service-worker.ts';
import type { BuiltSite } from './output.ts';

/** Extensions of the precached files. */
const PRECACHED = /\.(?:html|css|js|mjs|json|svg|png|webp|avif|jpe?g|gif|ico|txt|xml|webmanifest|mmd|sh)$/;

/**
 * The live machine's files and its session chunk (xterm.js and the emulator glue, which
 * client/machine/boot.ts imports on the press): fetched on a run only, then cached by the
 * worker for the next run. (The chunk's few KB of CSS are linked by the pages and precached.)
 */
export const MACHINE_FILES = [/^vm\//, /^_astro\/live-session\.[^/]+\.js$/];

/** Never precached: the worker itself, host config, link previews, fonts, the live machine (cached when run). */
const NEVER = [/^sw\.js$/, /^_headers$/, /^_redirects$/, /^og\//, /\.(?:woff2?|ttf|otf|eot)$/, ...MACHINE_FILES];

/** Largest file worth precaching. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** How long a page request may take before the worker shows the cached copy. */
const NETWORK_TIMEOUT_MS = 5000;

export interface PrecacheManifest {
  entries: Array<[string, string]>;
  bytes: number;
  /** Files left out for their size: [path, bytes]. */
  skipped: Array<[string, number]>;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** Which files are precached, given the site's files (relative paths) and a way to read each. */
export async function precacheManifest(
  files: string[],
  base: string,
  read: (file: string) => Promise<string | Buffer>,
): Promise<PrecacheManifest> {
  const manifest: PrecacheManifest = { entries: [], bytes: 0, skipped: [] };
  const wanted = files.filter(
    (f) => (PRECACHED.test(f) || f.startsWith('pagefind/')) && !NEVER.some((re) => re.test(f)),
  );
  for (const file of wanted.sort()) {
    const data = await read(file);
    const bytes = Buffer.byteLength(data);
    if (bytes > MAX_FILE_BYTES) {
      manifest.skipped.push([file, bytes]);
      continue;
    }
    manifest.entries.push([base + file, sha(data).slice(0, 16)]);
    manifest.bytes += bytes;
  }
  return manifest;
}

/** The text of sw.js for a manifest. */
export function workerSource(
  manifest: PrecacheManifest,
  base: string,
  machineDir: string | null = null,
  machineAssets: string[] = [],
): string {
  const config: WorkerConfig = {
    // A new machine is a new version too: its activation drops the older machine's cached files.
    version: sha(JSON.stringify(manifest.entries) + (machineDir ?? '') + machineAssets.join()).slice(0, 12),
    base,
    precache: manifest.entries,
    notFound: `${base}404.html`,
    networkTimeoutMs: NETWORK_TIMEOUT_MS,
    machine: machineDir === null ? null : base + machineDir,
    machineAssets: machineAssets.map((file) => base + file),
  };
  return (
    `// Stack Atlas offline worker ${config.version} (src/client/service-worker.ts; manifest by src/integrations/offline.ts)\n` +
    `(${serviceWorker.toString()})(${JSON.stringify(config)});\n`
  );
}

/** Writes sw.js for the built site (the Pagefind bundle included); returns the summary lines. */
export async function writeServiceWorker(site: BuiltSite, machineDir: string | null = null): Promise<string[]> {
  // The search index is written after the output was read: list its folder now.
  const pagefind = (
    await readdir(path.join(site.dir, 'pagefind'), { recursive: true, withFileTypes: true }).catch(() => [])
  )
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(site.dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  const files = [...new Set([...site.files, ...pagefind])];
  const manifest = await precacheManifest(
    files,
    site.base,
    async (file) => site.html.get(file) ?? readFile(path.join(site.dir, file)),
  );
  const assets = site.files.filter((file) => MACHINE_FILES.some((re) => re.test(file)) && !file.startsWith('vm/'));
  await writeFile(path.join(site.dir, 'sw.js'), workerSource(manifest, site.base, machineDir, assets));
  const lines = manifest.skipped.map(
    ([file, bytes]) =>
      `offline: warning: ${file} is not precached (${mib(bytes)}, over ${mib(MAX_FILE_BYTES)}); it is only available online`,
  );
  lines.push(
    `offline: ${manifest.entries.length} files precached (${mib(manifest.bytes)})` +
      `${manifest.skipped.length ? `, ${manifest.skipped.length} too large (named above)` : ''}; fonts are cached when first used`,
  );
  return lines;
}
