/**
 * A content-loader context for running Astro's real glob loader (under strictLoader) outside
 * Astro, as `astro dev` gives it: a watcher that emits only what the test emits (so a lost
 * event stays lost), a store, and entry types whose reads and renders the test can see and hold.
 */
import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';

export interface StoredEntry {
  id: string;
  data: Record<string, unknown>;
  digest?: string | number;
  filePath?: string;
  rendered?: { html: string };
}

export interface FakeLoader {
  context: LoaderContext;
  entries: Map<string, StoredEntry>;
  errors: string[];
  /** The loader's info lines (`Reloaded data from x.md` once a save is fully handled). */
  infos: string[];
  watcher: EventEmitter;
  /** Files read so far (one per read). */
  reads: string[];
  /** Run once, synchronously, when the loader next logs an error. */
  onError?: (() => void) | undefined;
}

/**
 * `render`: when given, entries are rendered with it (Astro's Markdown renderer's place);
 * it gets the file and the body and returns the HTML or throws.
 */
export function fakeLoader(dir: string, render?: (file: string, body: string) => Promise<string>): FakeLoader {
  const root = pathToFileURL(`${dir}/`);
  const entries = new Map<string, StoredEntry>();
  const watcher = Object.assign(new EventEmitter(), { add: () => {} });
  const loader: FakeLoader = { entries, errors: [], infos: [], watcher, reads: [], context: undefined as never };
  const entryType = {
    extensions: ['.md'],
    getEntryInfo: ({ contents, fileUrl }: { contents: string; fileUrl: URL }) => {
      loader.reads.push(fileUrl.pathname);
      const title = /^title: (.*)$/m.exec(contents)?.[1];
      const body = contents.replace(/^---\n[\s\S]*?\n---\n/, '');
      return { data: title ? { title } : {}, body, slug: '', rawData: contents };
    },
    ...(render && {
      getRenderFunction: async () => async (entry: { filePath: string; body: string }) => ({
        html: await render(entry.filePath, entry.body),
      }),
    }),
  };
  const logger = {
    info: (message: string) => void loader.infos.push(message),
    warn: () => {},
    debug: () => {},
    error: (message: string) => {
      loader.errors.push(message);
      const run = loader.onError;
      loader.onError = undefined;
      run?.();
    },
    label: 'test',
    options: {},
    fork: () => logger,
  };
  loader.context = {
    collection: 'notes',
    config: { root, srcDir: new URL('src/', root) },
    logger,
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: StoredEntry) => (entries.set(entry.id, entry), true),
      has: (id: string) => entries.has(id),
      keys: () => entries.keys(),
      values: () => entries.values(),
      delete: (id: string) => entries.delete(id),
      addModuleImport: () => {},
      addAssetImports: () => {},
    },
    meta: new Map(),
    parseData: async ({ data }: { data: Record<string, unknown> }) => {
      if (typeof data.title !== 'string') throw new Error('title is required');
      return data;
    },
    generateDigest: (data: unknown) => createHash('sha256').update(String(data)).digest('hex'),
    watcher,
    entryTypes: new Map([['.md', entryType]]),
  } as unknown as LoaderContext;
  return loader;
}
