/**
 * The offline worker as a reader meets it: sw.js is run in a sandbox with a fake
 * Cache Storage, network and tab list, through two deployments: what a first visit
 * downloads, what is kept as it is read or saved, and what a deployment refreshes.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  INDEX_SHELL_BYTES,
  MAX_FILE_BYTES,
  precacheManifest,
  printFunction,
  saveList,
  workerCode,
  workerSource,
} from '../../src/integrations/offline.ts';
import { missing } from '../../src/client/offline-save.ts';

const origin = 'https://atlas.test';

class FakeCache {
  readonly entries = new Map<string, Response>();
  private key(request: RequestInfo | URL): string {
    const url = new URL(typeof request === 'string' ? request : 'url' in request ? request.url : request.href, origin);
    return url.pathname;
  }
  async match(request: RequestInfo | URL) {
    return this.entries.get(this.key(request))?.clone();
  }
  async put(request: RequestInfo | URL, response: Response) {
    this.entries.set(this.key(request), response);
  }
  async keys() {
    return [...this.entries.keys()];
  }
  async delete(request: RequestInfo | URL) {
    return this.entries.delete(this.key(request));
  }
}

class FakeCaches {
  readonly stores = new Map<string, FakeCache>();
  async open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new FakeCache());
    return this.stores.get(name)!;
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  async match(request: RequestInfo | URL) {
    for (const store of this.stores.values()) {
      const hit = await store.match(request);
      if (hit) return hit;
    }
    return undefined;
  }
}

/** A deployment: path → text. */
type Deployment = Record<string, string>;

function browser() {
  const caches = new FakeCaches();
  const state = { online: true, server: {} as Deployment, fetched: [] as string[], tabs: ['tab-1'] };
  const network = async (input: RequestInfo | URL) => {
    const path = new URL(typeof input === 'string' ? input : 'url' in input ? input.url : input.href, origin).pathname;
    if (!state.online) throw new TypeError('Failed to fetch');
    state.fetched.push(path);
    const file = path.endsWith('/') ? `${path}index.html` : path;
    return file in state.server ? new Response(state.server[file]) : new Response('404', { status: 404 });
  };
  const install = async (sw: string) => {
    const listeners: Record<string, (event: unknown) => void> = {};
    let pending: Promise<unknown>[] = [];
    const self = {
      location: { origin },
      addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] = fn),
      skipWaiting: async () => undefined,
      clients: {
        claim: async () => undefined,
        matchAll: async () => state.tabs.map((id) => ({ id })),
        get: async (id: string) => (state.tabs.includes(id) ? { id } : undefined),
      },
    };
    vm.runInNewContext(sw, { self, caches, fetch: network, Response, Headers, Request, URL, setTimeout, clearTimeout });
    const dispatch = async (type: string, extra: object = {}) => {
      let responded: Promise<Response> | undefined;
      listeners[type]!({
        ...extra,
        waitUntil: (p: Promise<unknown>) => pending.push(p),
        respondWith: (p: Promise<Response>) => (responded = p),
      });
      const response = await responded;
      // waitUntil work (keeping a copy) may itself add more: wait for all of it.
      while (pending.length) {
        const now = pending;
        pending = [];
        await Promise.all(now);
      }
      return response;
    };
    await dispatch('install');
    await dispatch('activate');
    return {
      get: async (path: string, mode: RequestMode = 'cors') => {
        const request = { url: origin + path, method: 'GET', mode, headers: new Headers() } as Request;
        const response = await dispatch('fetch', { request });
        return response ? { status: response.status, text: await response.text() } : undefined;
      },
      /** What client/offline.ts posts after the first page loaded. */
      keep: (urls: string[]) => dispatch('message', { data: { type: 'keep', urls } }),
      /** What the footer's control asks before a press. */
      saveSize: async () => {
        let answer: unknown;
        await dispatch('message', {
          data: { type: 'save-size' },
          ports: [{ postMessage: (m: unknown) => (answer = m) }],
        });
        return answer;
      },
    };
  };
  return { caches, state, install };
}

async function deploy(files: Deployment, base = '/') {
  const manifest = await precacheManifest(Object.keys(files), base, async (file) => files[file]!);
  const served: Deployment = Object.fromEntries(Object.entries(files).map(([file, text]) => [base + file, text]));
  served[`${base}offline-manifest.json`] = saveList(manifest);
  // The worker as a build prints it (workerCode), not as this test's loader compiled it.
  return { manifest, served, sw: workerSource(manifest, base, null, [], await workerCode()) };
}

describe('precache manifest', () => {
  const files = {
    'index.html': 'home',
    '404.html': '404',
    'search/index.html': 'search',
    'notes/a/index.html': 'a note',
    'notes/big/index.html': 'x'.repeat(MAX_FILE_BYTES + 1),
    'diagrams/stack.svg': '<svg/>',
    '_astro/a.1234.js': 'js',
    '_astro/b.5678.css': 'css',
    'pagefind/pagefind.js': 'pf',
    'pagefind/pagefind-worker.js': 'worker',
    'pagefind/wasm.zh-cn.pagefind': 'wasm',
    'pagefind/pagefind-entry.json': '{}',
    'pagefind/pagefind.zh-cn_1.pf_meta': 'meta',
    'pagefind/pages.json': '{"pages":[]}',
    'pagefind/index/zh_1.pf_index': 'words',
    'pagefind/filter/zh_1.pf_filter': 'filter',
    'pagefind/fragment/zh_abc.pf_fragment': 'f',
    '_astro/font.woff2': 'font',
    'og/site.png': 'png',
    'sw.js': 'old',
    _headers: 'h',
    // The live machine is fetched only when a reader presses run.
    'vm/k1/manifest.json': '{}',
    'vm/k1/libv86.mjs': 'js',
    '_astro/live-session.Ab12.js': 'xterm',
    '_astro/live-session.Cd34.css': 'css',
  };
  const read = async (f: string) => files[f as keyof typeof files];

  it('a first visit takes the shell and what search needs; pages, fragments and diagrams wait; never fonts, previews, the machine or the worker', async () => {
    const { entries, rest, restBytes, skipped } = await precacheManifest(Object.keys(files), '/atlas/', read);
    expect(entries.map(([url]) => url)).toEqual([
      '/atlas/404.html',
      '/atlas/_astro/a.1234.js',
      '/atlas/_astro/b.5678.css',
      '/atlas/_astro/live-session.Cd34.css',
      '/atlas/index.html',
      '/atlas/pagefind/filter/zh_1.pf_filter',
      '/atlas/pagefind/index/zh_1.pf_index',
      '/atlas/pagefind/pagefind-entry.json',
      '/atlas/pagefind/pagefind.js',
      '/atlas/pagefind/pagefind.zh-cn_1.pf_meta',
      '/atlas/pagefind/pages.json',
      '/atlas/pagefind/wasm.zh-cn.pagefind',
      '/atlas/search/index.html',
    ]);
    expect(rest.map(([url]) => url)).toEqual([
      '/atlas/diagrams/stack.svg',
      '/atlas/notes/a/index.html',
      '/atlas/pagefind/fragment/zh_abc.pf_fragment',
      '/atlas/pagefind/pagefind-worker.js',
    ]);
    expect(restBytes).toBe('<svg/>'.length + 'a note'.length + 'f'.length + 'worker'.length);
    expect(skipped).toEqual([['notes/big/index.html', MAX_FILE_BYTES + 1]]);
  });

  it("a large site's word index is cached as searches read it, not on the first visit", async () => {
    const big = { ...files, 'pagefind/index/zh_2.pf_index': 'w'.repeat(INDEX_SHELL_BYTES) };
    const { entries, rest } = await precacheManifest(Object.keys(big), '/', async (f) => big[f as keyof typeof big]);
    expect(entries.filter(([url]) => url.includes('/index/'))).toEqual([]);
    expect(rest.map(([url]) => url)).toEqual(
      expect.arrayContaining(['/pagefind/index/zh_1.pf_index', '/pagefind/index/zh_2.pf_index']),
    );
  });
});

describe('offline worker', () => {
  it('keeps two sites on one origin apart: each cleans up only the caches of its own base path', async () => {
    const b = browser();
    const a1 = await deploy({ 'index.html': 'A v1', '404.html': 'A 404', 'notes/x/index.html': 'A note' }, '/a/');
    const bSite = await deploy({ 'index.html': 'B', '404.html': 'B 404' }, '/b/');
    b.state.server = { ...a1.served, ...bSite.served };
    const siteA = await b.install(a1.sw);
    await siteA.get('/a/notes/x/', 'navigate');
    await b.install(bSite.sw);
    // a new version of B activates and drops B's old caches, never A's
    const b2 = await deploy({ 'index.html': 'B v2', '404.html': 'B 404' }, '/b/');
    b.state.server = { ...a1.served, ...b2.served };
    b.state.tabs = ['tab-2'];
    const siteB = await b.install(b2.sw);
    await siteB.get('/b/', 'navigate');
    b.state.online = false;
    expect((await siteA.get('/a/', 'navigate'))?.text).toBe('A v1');
    expect((await siteA.get('/a/notes/x/', 'navigate'))?.text).toBe('A note');
    expect((await siteB.get('/b/', 'navigate'))?.text).toBe('B v2');
    expect([...b.caches.stores.keys()].filter((k) => k.startsWith('stack-atlas/a/precache-'))).toHaveLength(1);
  });

  const v1 = {
    'index.html': '首页 v1',
    'notes/a/index.html': '旧的正文',
    'notes/b/index.html': '另一篇',
    'notes/gone/index.html': '将被删除',
    '404.html': '页面不存在',
    'diagrams/stack.svg': '<svg>v1</svg>',
    'pagefind/pagefind-entry.json': '{"v":1}',
    'pagefind/index/zh_old.pf_index': '旧索引',
  };
  const v2 = {
    ...v1,
    'index.html': '首页 v2',
    'notes/a/index.html': '新的正文',
    'pagefind/pagefind-entry.json': '{"v":2}',
    'pagefind/index/zh_new.pf_index': '新索引',
  } as Deployment;
  delete v2['pagefind/index/zh_old.pf_index'];
  delete v2['notes/gone/index.html'];

  it('a first visit downloads the shell only; pages are network first, kept as read, and offline the kept copy (else the 404 page)', async () => {
    const b = browser();
    const d1 = await deploy(v1);
    b.state.server = d1.served;
    const worker = await b.install(d1.sw);
    expect(b.state.fetched.sort()).toEqual([
      '/404.html',
      '/index.html',
      '/pagefind/index/zh_old.pf_index',
      '/pagefind/pagefind-entry.json',
    ]);
    b.state.server = (await deploy(v2)).served; // deployed, but this worker is still v1
    expect((await worker.get('/notes/a/', 'navigate'))?.text).toBe('新的正文');
    b.state.online = false;
    expect((await worker.get('/notes/a/', 'navigate'))?.text).toBe('新的正文');
    expect((await worker.get('/notes/a/?q=x', 'navigate'))?.text).toBe('新的正文');
    // Never read, never saved: not here.
    expect((await worker.get('/notes/b/', 'navigate'))?.text).toBe('页面不存在');
    expect((await worker.get('/no-such-page/', 'navigate'))?.text).toBe('页面不存在');
    // Assets come from the cache, query strings (Pagefind's ?ts=) ignored.
    expect((await worker.get('/pagefind/pagefind-entry.json?ts=1'))?.text).toBe('{"v":1}');
  });

  it('keeps the first page (loaded before the worker) when the page asks', async () => {
    const b = browser();
    const d1 = await deploy(v1);
    b.state.server = d1.served;
    const worker = await b.install(d1.sw);
    await worker.keep([`${origin}/notes/b/`, `${origin}/diagrams/stack.svg`, 'https://elsewhere.test/x.svg']);
    // The footer states the save list's size before a press: pages, diagrams, never the shell.
    expect(await worker.saveSize()).toEqual({
      files: 4,
      bytes: ['旧的正文', '另一篇', '将被删除', '<svg>v1</svg>'].reduce((n, t) => n + Buffer.byteLength(t), 0),
    });
    b.state.online = false;
    expect((await worker.get('/notes/b/', 'navigate'))?.text).toBe('另一篇');
    expect((await worker.get('/diagrams/stack.svg'))?.text).toBe('<svg>v1</svg>');
    expect(b.state.fetched).not.toContain('/x.svg');
  });

  it('downloads only changed files for a new version, refreshes kept pages, drops deleted ones, and keeps old search files while an old tab is open', async () => {
    const b = browser();
    const d1 = await deploy(v1);
    b.state.server = d1.served;
    const first = await b.install(d1.sw);
    await first.get('/notes/a/', 'navigate');
    await first.get('/notes/gone/', 'navigate');
    const d2 = await deploy(v2);
    b.state.server = d2.served;
    b.state.fetched = [];
    const worker = await b.install(d2.sw);
    expect(b.state.fetched.sort()).toEqual([
      '/index.html',
      '/notes/a/index.html',
      '/offline-manifest.json',
      '/pagefind/index/zh_new.pf_index',
      '/pagefind/pagefind-entry.json',
    ]);
    b.state.online = false;
    expect((await worker.get('/notes/a/', 'navigate'))?.text).toBe('新的正文');
    expect((await worker.get('/notes/gone/', 'navigate'))?.text).toBe('页面不存在');
    // tab-1 loaded v1's search index and still asks for its files.
    expect((await worker.get('/pagefind/index/zh_old.pf_index'))?.text).toBe('旧索引');
    expect((await worker.get('/pagefind/pagefind-entry.json'))?.text).toBe('{"v":2}');
    // Once that tab has gone (reloaded: a new client), the old version is dropped on the next navigation.
    b.state.tabs = ['tab-2'];
    await worker.get('/', 'navigate');
    expect([...b.caches.stores.keys()].filter((k) => k.startsWith('stack-atlas/precache-'))).toHaveLength(1);
    await expect(worker.get('/pagefind/index/zh_old.pf_index')).rejects.toThrow('Failed to fetch');
  });
});

describe('saving the whole site', () => {
  it('downloads what is missing or saved at another revision, not pages already read', async () => {
    const store = new FakeCaches();
    const pages = await store.open('stack-atlas/pages');
    await pages.put('/notes/read/index.html', new Response('read', { headers: { 'x-stack-atlas-revision': '' } }));
    await pages.put('/notes/same/index.html', new Response('s', { headers: { 'x-stack-atlas-revision': 'r1' } }));
    await pages.put('/notes/old/index.html', new Response('o', { headers: { 'x-stack-atlas-revision': 'r0' } }));
    const global = globalThis as { caches?: unknown };
    global.caches = store;
    try {
      const todo = await missing([
        ['/notes/read/index.html', 'r9', 10],
        ['/notes/same/index.html', 'r1', 10],
        ['/notes/old/index.html', 'r1', 10],
        ['/notes/new/index.html', 'r1', 10],
      ]);
      expect(todo.map(([path]) => path)).toEqual(['/notes/old/index.html', '/notes/new/index.html']);
    } finally {
      delete global.caches;
    }
  });
});

describe('the worker text', () => {
  it('is printed the same whether types were stripped to blanks (Node) or dropped (a bundler)', async () => {
    const stripped = 'function f(config            )       {\n  const n = config.count        ;\n  return n + 1;\n}';
    const compact = 'function f(config) {\n\tconst n = config.count;\n\treturn n + 1;\n}';
    expect(await printFunction(stripped)).toBe(await printFunction(compact));
    expect(await printFunction(compact)).toBe('function f(config) {\n\tconst n = config.count;\n\treturn n + 1;\n}');
  });
});
