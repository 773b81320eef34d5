/**
 * `astro dev` only. Astro writes its content data store (the rendered entries pages
 * read) 500 ms after the last change, and only then tells the browser to reload: half
 * of the time from saving a note to seeing it. A save changes one entry, so there is
 * nothing to gather: once the entry is stored, the store is written at once.
 *
 * An entry with images waits for Astro's own timing: Astro writes the list of images the
 * pages import after the same delay, and a page must not name an image missing there.
 *
 * Astro does not expose its store, so its class is found where Astro keeps it and the
 * instance is remembered at its next `set`. If that file or method is not there (another
 * Astro version), nothing changes: the store is written after Astro's own delay.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { devContent } from '../data/strict-loader.ts';

interface DataStore {
  set: (...args: unknown[]) => unknown;
  waitUntilSaveComplete?: () => Promise<void>;
}

const patched = Symbol.for('stack-atlas.store-writer');
const current = Symbol.for('stack-atlas.store-writer.current');

/** Makes stored entries reach the data store file at once; says why not when it cannot. */
export function writeStoreAtOnce(root: string): string | undefined {
  let module: { MutableDataStore?: { prototype: DataStore } };
  try {
    // required, not imported: this module runs in the runner that loaded the config, and a
    // dynamic import there would load a second copy through that runner (closed by then)
    const require = createRequire(path.join(root, 'package.json'));
    const file = path.join(path.dirname(require.resolve('astro/package.json')), 'dist/content/mutable-data-store.js');
    if (!existsSync(file)) return `${file} not found`;
    module = require(file) as typeof module;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const proto = module.MutableDataStore?.prototype as
    (DataStore & { [patched]?: boolean; [current]?: DataStore }) | undefined;
  if (!proto || typeof proto.set !== 'function' || typeof proto.waitUntilSaveComplete !== 'function') {
    return 'MutableDataStore.set / waitUntilSaveComplete not found';
  }
  if (!proto[patched]) {
    // (kept on the class: a restarted dev server loads this module again, the class stays)
    const set = proto.set;
    proto.set = function (this: DataStore, ...args: unknown[]) {
      proto[current] = this;
      return set.apply(this, args);
    };
    proto[patched] = true;
  }
  let timer: NodeJS.Timeout | undefined;
  /** Until then, Astro's own order: its list of images first, then the store (a page must not name an image it lacks). */
  let imagesUntil = 0;
  devContent().stored = (images) => {
    if (images) imagesUntil = Date.now() + 1000;
    if (Date.now() < imagesUntil) {
      clearTimeout(timer);
      return;
    }
    // several entries of one save (a renamed note) are written together
    clearTimeout(timer);
    timer = setTimeout(() => void proto[current]?.waitUntilSaveComplete?.().catch(() => undefined), 10);
  };
  return undefined;
}
