/**
 * 「保存整站以离线阅读」 (the footer's control, loaded on its first press): reads the
 * save list the build wrote next to sw.js (integrations/offline.ts: every file outside
 * the first visit's precache, with its revision and size), works out what this browser
 * does not have yet, says how much that is, and downloads it into the worker's `pages`
 * cache with progress. A second press after a deployment fetches only what changed.
 */
import { formatSize } from './offline.ts';

export interface SaveStrings {
  save: string;
  sizing: string;
  saving: string;
  saved: string;
  upToDate: string;
  failed: string;
}

type SaveEntry = [path: string, revision: string, bytes: number];

/** The header carrying a kept file's revision (service-worker.ts writes the same one). */
const REVISION = 'x-stack-atlas-revision';

/** Downloads running at once: the reader may be reading meanwhile. */
const PARALLEL = 4;

/** Fills `{name}` placeholders (the syntax of the site's t()). */
function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The entries still to download: not cached anywhere, or saved at another revision. */
export async function missing(entries: SaveEntry[]): Promise<SaveEntry[]> {
  const out: SaveEntry[] = [];
  for (const entry of entries) {
    const hit = await caches.match(entry[0]);
    const revision = hit?.headers.get(REVISION);
    // A page kept while reading has no revision (''): the worker refreshes it on each deployment.
    if (!hit || (revision && revision !== entry[1])) out.push(entry);
  }
  return out;
}

async function saveOne(cache: Cache, [path, revision]: SaveEntry): Promise<void> {
  const response = await fetch(path, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const headers = new Headers(response.headers);
  headers.set(REVISION, revision);
  await cache.put(path, new Response(await response.blob(), { status: 200, headers }));
}

export async function saveSite(root: HTMLElement): Promise<void> {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as SaveStrings;
  const button = root.querySelector<HTMLButtonElement>('button')!;
  const status = root.querySelector<HTMLElement>('[data-offline-status]')!;
  const bar = root.querySelector<HTMLProgressElement>('progress')!;
  const base = root.dataset.base ?? '/';
  button.disabled = true;
  status.textContent = strings.sizing;
  let done = 0;
  let todo: SaveEntry[] = [];
  try {
    const list = (await (await fetch(`${base}offline-manifest.json`, { cache: 'no-cache' })).json()) as {
      files: SaveEntry[];
    };
    todo = await missing(list.files);
    if (todo.length === 0) {
      status.textContent = strings.upToDate;
      return;
    }
    const size = formatSize(todo.reduce((sum, [, , bytes]) => sum + bytes, 0));
    const vars = () => ({ n: todo.length, size, done, percent: Math.floor((100 * done) / todo.length) });
    bar.max = todo.length;
    bar.value = 0;
    bar.hidden = false;
    status.textContent = format(strings.saving, vars());
    // Same name as the worker's `pages` cache (service-worker.ts: 'stack-atlas' + base + 'pages').
    const cache = await caches.open(`stack-atlas${base}pages`);
    const queue = todo.slice();
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let entry = queue.shift(); entry; entry = queue.shift()) {
          await saveOne(cache, entry);
          done += 1;
          bar.value = done;
          status.textContent = format(strings.saving, vars());
        }
      }),
    );
    status.textContent = format(strings.saved, vars());
    root.dataset.saved = '';
  } catch {
    status.textContent = format(strings.failed, { done, n: todo.length });
  } finally {
    bar.hidden = true;
    button.disabled = false;
  }
}
