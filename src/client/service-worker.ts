/**
 * The offline worker, hand-written (no Workbox). `serviceWorker` is serialised
 * into sw.js with its configuration (src/integrations/offline.ts), so it must be
 * self-contained: no imports, no outside names.
 *
 * - Precache: the shell only (styles, scripts, the home, search and 404 pages, and
 *   what search needs offline; see integrations/offline.ts), in one cache per version.
 *   A file whose revision did not change is copied from the previous version's cache
 *   instead of downloaded again. `skipWaiting` + `clients.claim`: a new version takes
 *   over the open tabs as soon as it is installed (the page then shows "有新版本").
 * - Pages (navigations): network first, so the first reload after a deploy shows
 *   the new text, and each page read is kept in the `pages` cache; offline (or after
 *   a timeout) the cached copy, else the 404 page.
 * - Everything else: the current version's precache, then older versions' caches;
 *   files whose names carry a content hash (`_astro/`, Pagefind's chunks) from the
 *   `pages` cache, else the network; other files (diagrams, JSON) network first and
 *   kept. Older precache versions are kept until every tab that was open when they
 *   were replaced has gone or reloaded: such a tab's search still asks for the index
 *   files of the version it loaded, which the new deployment no longer has.
 * - What a reader read (or saved with 「保存整站以离线阅读」, client/offline-save.ts)
 *   stays in the `pages` cache across deployments: a new version re-downloads what
 *   changed (by the save list's revisions) and drops what no longer exists.
 * - The first page, loaded before the worker existed, is added when the page asks
 *   (`keep` message with the page, its fonts and images: client/offline.ts).
 * - Fonts (not precached, see offline.ts): cached the first time they are used.
 * - The live machine (`vm/<key>/` and its session chunk, never precached: 10–20 MB
 *   nobody asked for): cached the first time a reader runs it, so the next run works
 *   offline; another version's machine files are deleted when a new version activates.
 */

export interface WorkerConfig {
  /** Hash of the manifest: names the cache of this version. */
  version: string;
  /** Base path the site is served under (`/`, `/stack-atlas/`). */
  base: string;
  /** [URL path, content revision] of every precached file. */
  precache: Array<[string, string]>;
  /** The 404 page, for offline navigations to pages the precache does not have. */
  notFound: string;
  /** URL path of the save list (offline-manifest.json: every file outside the precache, with revisions). */
  saveList: string;
  /** Files on the save list and their bytes, for the control to state before a press. */
  saveSize: { files: number; bytes: number };
  /** How long a page request may take before the cached copy is shown (ms). */
  networkTimeoutMs: number;
  /** URL path of the current live machine's folder (`<base>vm/<key>/`), or null without one. */
  machine: string | null;
  /** URL paths of the machine's session chunk (not precached either, cached on a run). */
  machineAssets: string[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the worker's globals are not in the DOM typings */
export function serviceWorker(config: WorkerConfig): void {
  const sw = self as any;
  // Every cache name carries the base path: two atlases on one origin (GitHub Pages project
  // sites /a/ and /b/) each clean up only their own caches.
  const SCOPE = 'stack-atlas' + config.base;
  const PREFIX = SCOPE + 'precache-';
  const CACHE = PREFIX + config.version;
  const FONTS = SCOPE + 'fonts';
  // Pages and files read or saved; the client's save (client/offline-save.ts) writes here too.
  const PAGES = SCOPE + 'pages';
  // Files whose names change with their content: a cached copy is never stale.
  const HASHED = ['_astro/', 'pagefind/index/', 'pagefind/filter/', 'pagefind/fragment/'].map((p) => config.base + p);
  const MACHINE = SCOPE + 'machine';
  const MACHINES = config.base + 'vm/';
  const META = SCOPE + 'meta';
  const RETIRED_KEY = config.base + '__retired-caches';
  const REVISION = 'x-stack-atlas-revision';
  const FONT = /\.(?:woff2?|ttf|otf|eot)$/;

  /** Precache key of a request path: `/a/` and `/a` → `/a/index.html`; the query string never matters. */
  function keysFor(url: URL): string[] {
    const path = url.pathname;
    if (path.endsWith('/')) return [path + 'index.html'];
    return /\.[^/]*$/.test(path) ? [path] : [path, path + '/index.html'];
  }

  async function withRevision(response: Response, revision: string): Promise<Response> {
    const headers = new Headers(response.headers);
    headers.set(REVISION, revision);
    // A fresh Response also drops `redirected`, which browsers refuse for navigations.
    return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
  }

  async function precacheOne(cache: Cache, older: Cache[], url: string, revision: string): Promise<void> {
    const current = await cache.match(url);
    if (current && current.headers.get(REVISION) === revision) return;
    for (const old of older) {
      const hit = await old.match(url);
      if (hit && hit.headers.get(REVISION) === revision) return cache.put(url, hit);
    }
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`precache: ${url}: HTTP ${response.status}`);
    await cache.put(url, await withRevision(response, revision));
  }

  sw.addEventListener('install', (event: any) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
        const older = await Promise.all(names.reverse().map((name) => caches.open(name)));
        const queue = config.precache.slice();
        // A few downloads at a time: the reader's page is loading too.
        const workers = Array.from({ length: 6 }, async () => {
          for (let entry = queue.shift(); entry; entry = queue.shift())
            await precacheOne(cache, older, entry[0], entry[1]);
        });
        await Promise.all(workers);
        await sw.skipWaiting();
      })(),
    );
  });

  type Retired = Record<string, string[]>;

  async function readRetired(): Promise<Retired> {
    const response = await (await caches.open(META)).match(RETIRED_KEY);
    return response ? ((await response.json()) as Retired) : {};
  }

  async function writeRetired(retired: Retired): Promise<void> {
    const body = JSON.stringify(retired);
    await (
      await caches.open(META)
    ).put(RETIRED_KEY, new Response(body, { headers: { 'content-type': 'application/json' } }));
  }

  /** Deletes older versions no open tab can still need (every tab open at their retirement is gone). */
  async function prune(): Promise<void> {
    const retired = await readRetired();
    let changed = false;
    for (const [name, ids] of Object.entries(retired)) {
      const alive = (await Promise.all(ids.map((id) => sw.clients.get(id)))).some(Boolean);
      if (!alive) {
        await caches.delete(name);
        delete retired[name];
        changed = true;
      }
    }
    if (changed) await writeRetired(retired);
  }

  sw.addEventListener('activate', (event: any) => {
    event.waitUntil(
      (async () => {
        const open = (await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })) as Array<{
          id: string;
        }>;
        const retired = await readRetired();
        for (const name of await caches.keys()) {
          if (name.startsWith(PREFIX) && name !== CACHE && !retired[name]) retired[name] = open.map((c) => c.id);
        }
        await writeRetired(retired);
        await prune();
        // Another machine's files (an older key) will never be asked for again.
        const machineCache = await caches.open(MACHINE);
        for (const request of await machineCache.keys()) {
          const path = new URL(request.url).pathname;
          if (!isMachineFile(path)) await machineCache.delete(request);
        }
        await sw.clients.claim();
        await refreshKept().catch(() => undefined);
      })(),
    );
  });

  type SaveList = { files: Array<[string, string, number]> };

  /**
   * After a deployment: pages and files kept from an older version are brought up to
   * date (saved ones by revision, read ones always: the worker does not know theirs),
   * and those the new version no longer has are dropped. Nothing to do on a first visit.
   */
  async function refreshKept(): Promise<void> {
    const cache = await caches.open(PAGES);
    const kept = (await cache.keys()).map(
      (request) => new URL(typeof request === 'string' ? request : request.url, sw.location.origin).pathname,
    );
    if (kept.length === 0) return;
    const response = await fetch(config.saveList, { cache: 'no-cache' });
    if (!response.ok) return;
    const revisions = new Map(((await response.json()) as SaveList).files.map(([file, revision]) => [file, revision]));
    const shell = new Set(config.precache.map(([file]) => file));
    const queue = kept.slice();
    const workers = Array.from({ length: 4 }, async () => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        const revision = revisions.get(file);
        if (revision === undefined || shell.has(file)) {
          // Gone from the site, or now in the precache: not needed here any more.
          await cache.delete(file);
          continue;
        }
        // A hashed name still listed is the same file; a saved file with the same revision too.
        if (HASHED.some((prefix) => file.startsWith(prefix))) continue;
        if ((await cache.match(file))?.headers.get(REVISION) === revision) continue;
        const fresh = await fetch(file, { cache: 'no-cache' }).catch(() => undefined);
        if (fresh?.ok) await cache.put(file, await withRevision(fresh, revision));
      }
    });
    await Promise.all(workers);
  }

  /** This version's precache, then older versions' (an old tab's search files), then (for hashed names or `everywhere`) the kept files. */
  async function fromCaches(url: URL, everywhere = false): Promise<Response | undefined> {
    const cache = await caches.open(CACHE);
    const hashed = everywhere || HASHED.some((prefix) => url.pathname.startsWith(prefix));
    for (const key of keysFor(url)) {
      const hit = (await cache.match(key)) ?? (await olderMatch(key)) ?? (hashed ? await caches.match(key) : undefined);
      if (hit) return hit;
    }
    return undefined;
  }

  async function olderMatch(key: string): Promise<Response | undefined> {
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      const hit = await (await caches.open(name)).match(key);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Where a page or file is kept in the `pages` cache (`/a/` → `/a/index.html`), or undefined (`/a`: unknown). */
  function keepKey(url: URL): string | undefined {
    const keys = keysFor(url);
    return keys.length === 1 ? keys[0] : undefined;
  }

  /** Keeps a copy of a successful response in the `pages` cache. */
  async function keep(key: string | undefined, response: Response): Promise<void> {
    if (!key || response.status !== 200 || response.type === 'opaque') return;
    await (await caches.open(PAGES)).put(key, await withRevision(response.clone(), ''));
  }

  async function page(event: any, request: Request, url: URL): Promise<Response> {
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timeout')), config.networkTimeoutMs);
        fetch(request).then(
          (response) => {
            clearTimeout(timer);
            resolve(response);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
      // A page read is a page kept (the 404 page for a missing one is not).
      if (!response.redirected) event.waitUntil(keep(keepKey(url), response).catch(() => undefined));
      return response;
    } catch {
      const cached = (await fromCaches(url, true)) ?? (await caches.match(config.notFound));
      return cached ?? Response.error();
    }
  }

  async function asset(event: any, request: Request, url: URL): Promise<Response> {
    const cached = await fromCaches(url);
    if (cached) return cached;
    try {
      const response = await fetch(request);
      if (!request.headers.has('range')) event.waitUntil(keep(keepKey(url), response).catch(() => undefined));
      return response;
    } catch (error) {
      const kept = await fromCaches(url, true);
      if (kept) return kept;
      throw error;
    }
  }

  async function font(request: Request): Promise<Response> {
    const cache = await caches.open(FONTS);
    const hit = await cache.match(request);
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  }

  /** A file of this version's live machine (its folder or its session chunk)? */
  function isMachineFile(path: string): boolean {
    return (config.machine !== null && path.startsWith(config.machine)) || config.machineAssets.includes(path);
  }

  /** A live machine's file: the cache, else the network (kept when complete; the folder's files never change). */
  async function machineFile(request: Request, url: URL): Promise<Response> {
    const cache = await caches.open(MACHINE);
    const hit = await cache.match(url.pathname);
    if (hit) return hit;
    const response = await fetch(request);
    if (response.status === 200 && !request.headers.has('range')) await cache.put(url.pathname, response.clone());
    return response;
  }

  sw.addEventListener('fetch', (event: any) => {
    const request = event.request as Request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    if (url.origin !== sw.location.origin || !url.pathname.startsWith(config.base)) return;
    if (request.mode === 'navigate') {
      event.respondWith(page(event, request, url));
      // A navigation is when tabs come and go: drop versions nobody needs any more.
      event.waitUntil(prune());
    } else if (url.pathname.startsWith(MACHINES) || config.machineAssets.includes(url.pathname)) {
      event.respondWith(machineFile(request, url));
    } else if (FONT.test(url.pathname)) {
      event.respondWith(font(request));
    } else {
      event.respondWith(asset(event, request, url));
    }
  });

  /**
   * `{ type: 'keep', urls }` from a page: the page and the fonts and images it loaded
   * before this worker controlled it (the first visit), kept like any page read later.
   */
  sw.addEventListener('message', (event: any) => {
    const data = event.data as { type?: string; urls?: unknown } | null;
    // `{ type: 'save-size' }` with a port: how much 「保存整站」 would download at most.
    if (data?.type === 'save-size') {
      event.ports?.[0]?.postMessage(config.saveSize);
      return;
    }
    if (data?.type !== 'keep' || !Array.isArray(data.urls)) return;
    event.waitUntil(
      Promise.all(
        data.urls.map(async (href: unknown) => {
          if (typeof href !== 'string') return;
          const url = new URL(href, sw.location.origin);
          if (url.origin !== sw.location.origin || !url.pathname.startsWith(config.base)) return;
          if (url.pathname.startsWith(MACHINES) || config.machineAssets.includes(url.pathname)) return;
          if (FONT.test(url.pathname)) {
            await font(new Request(url.href));
            return;
          }
          const key = keepKey(url);
          if (!key || (await fromCaches(url, true))) return;
          // Usually answered by the browser's HTTP cache: the page has just loaded it.
          const response = await fetch(url.href).catch(() => undefined);
          if (response && !response.redirected) await keep(key, response);
        }),
      ).catch(() => undefined),
    );
  });
}
