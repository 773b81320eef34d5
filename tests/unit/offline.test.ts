/**
 * The offline worker as a reader meets it: sw.js is run in a sandbox with a fake
 * Cache Storage, network and tab list, through two deployments.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, precacheManifest, workerSource } from '../../src/integrations/offline.ts';

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
      await Promise.all(pending);
      pending = [];
      return response;
    };
    await dispatch('install');
    await dispatch('activate');
    return {
      get: async (path: string, mode: RequestMode = 'cors') => {
        const request = { url: origin + path, method: 'GET', mode } as Request;
        const response = await dispatch('fetch', { request });
        return response ? { status: response.status, text: await response.text() } : undefined;
      },
    };
  };
  return { caches, state, install };
}

async function deploy(files: Deployment, base = '/') {
  const manifest = await precacheManifest(Object.keys(files), base, async (file) => files[file]!);
  const served: Deployment = Object.fromEntries(Object.entries(files).map(([file, text]) => [base + file, text]));
  return { manifest, served, sw: workerSource(manifest, base) };
}

describe('precache manifest', () => {
  it('takes pages, assets and the search bundle, not fonts, previews, the live machine or the worker; names what is too large', async () => {
    const big = 'x'.repeat(MAX_FILE_BYTES + 1);
    const files = {
      'index.html': 'home',
      'notes/big/index.html': big,
      '_astro/a.1234.js': 'js',
      'pagefind/pagefind-entry.json': '{}',
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
    const { entries, skipped } = await precacheManifest(
      Object.keys(files),
      '/atlas/',
      async (f) => files[f as keyof typeof files],
    );
    expect(entries.map(([url]) => url)).toEqual([
      '/atlas/_astro/a.1234.js',
      '/atlas/_astro/live-session.Cd34.css',
      '/atlas/index.html',
      '/atlas/pagefind/fragment/zh_abc.pf_fragment',
      '/atlas/pagefind/pagefind-entry.json',
    ]);
    expect(skipped).toEqual([['notes/big/index.html', MAX_FILE_BYTES + 1]]);
  });
});

describe('offline worker', () => {
  it('keeps two sites on one origin apart: each cleans up only the caches of its own base path', async () => {
    const b = browser();
    const a1 = await deploy({ 'index.html': 'A v1', '404.html': 'A 404' }, '/a/');
    const bSite = await deploy({ 'index.html': 'B', '404.html': 'B 404' }, '/b/');
    b.state.server = { ...a1.served, ...bSite.served };
    const siteA = await b.install(a1.sw);
    await b.install(bSite.sw);
    // a new version of B activates and drops B's old caches, never A's
    const b2 = await deploy({ 'index.html': 'B v2', '404.html': 'B 404' }, '/b/');
    b.state.server = { ...a1.served, ...b2.served };
    b.state.tabs = ['tab-2'];
    const siteB = await b.install(b2.sw);
    await siteB.get('/b/', 'navigate');
    b.state.online = false;
    expect((await siteA.get('/a/', 'navigate'))?.text).toBe('A v1');
    expect((await siteB.get('/b/', 'navigate'))?.text).toBe('B v2');
    expect([...b.caches.stores.keys()].filter((k) => k.startsWith('stack-atlas/a/precache-'))).toHaveLength(1);
  });

  const v1 = {
    'index.html': '首页 v1',
    'notes/a/index.html': '旧的正文',
    '404.html': '页面不存在',
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

  it('serves pages from the network first, and from the precache (or the 404 page) offline', async () => {
    const b = browser();
    const d1 = await deploy(v1);
    b.state.server = d1.served;
    const worker = await b.install(d1.sw);
    b.state.server = (await deploy(v2)).served; // deployed, but this worker is still v1
    expect((await worker.get('/notes/a/', 'navigate'))?.text).toBe('新的正文');
    b.state.online = false;
    expect((await worker.get('/notes/a/', 'navigate'))?.text).toBe('旧的正文');
    expect((await worker.get('/notes/a/?q=x', 'navigate'))?.text).toBe('旧的正文');
    expect((await worker.get('/no-such-page/', 'navigate'))?.text).toBe('页面不存在');
    // Assets come from the cache, query strings (Pagefind's ?ts=) ignored.
    expect((await worker.get('/pagefind/pagefind-entry.json?ts=1'))?.text).toBe('{"v":1}');
  });

  it('downloads only changed files for a new version, and keeps the old search files while an old tab is open', async () => {
    const b = browser();
    const d1 = await deploy(v1);
    b.state.server = d1.served;
    await b.install(d1.sw);
    const d2 = await deploy(v2);
    b.state.server = d2.served;
    b.state.fetched = [];
    const worker = await b.install(d2.sw);
    expect(b.state.fetched.sort()).toEqual([
      '/index.html',
      '/notes/a/index.html',
      '/pagefind/index/zh_new.pf_index',
      '/pagefind/pagefind-entry.json',
    ]);
    b.state.online = false;
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
