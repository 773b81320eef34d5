/**
 * `astro dev` only. When dev restarts itself (site.yaml or astro.config.mjs saved), Vite
 * makes a new server with a new file watcher and closes the old one, but Astro's content
 * layer keeps the watcher it was started with: its loaders then hear no saved file again
 * and pages stay as they were, silently (withastro/astro#12976, still so in Astro 7).
 *
 * So the first watcher hands its methods over to the newest one, and the content layer
 * syncs again once the restarted server has loaded the content config: its loaders then
 * listen again, through the old watcher, to the new one.
 *
 * Astro does not expose its content layer; it is found where Astro keeps it, like the
 * store in store-writer.ts. If it is not there (another Astro version), a restart warns
 * that saved content needs `npm run dev` restarted by hand.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What of a chokidar watcher Astro's loaders and ours use. */
const handedOver = ['on', 'off', 'once', 'addListener', 'removeListener', 'emit', 'add', 'unwatch', 'getWatched'];

type Watcher = Record<string, unknown> & { on: (...args: unknown[]) => unknown };
interface Watchers {
  first?: Watcher;
  current?: Watcher;
}
interface ConfigContext {
  status: string;
}
interface AstroContent {
  layer: { get: () => { sync: () => Promise<void> } | null };
  config: { subscribe: (listener: (context: ConfigContext) => void) => () => void };
}

/** Kept on globalThis: the restarted server loads this module again. */
function watchers(): Watchers {
  const key = Symbol.for('stack-atlas.watchers');
  const shared = globalThis as { [key]?: Watchers };
  return (shared[key] ??= {});
}

/** Astro's content layer and content config, from Astro's own files; a reason when they are not there. */
function astroContent(root: string): AstroContent | string {
  try {
    // required, not imported: this module runs in the runner that loaded the config (see store-writer.ts)
    const require = createRequire(path.join(root, 'package.json'));
    const dist = path.join(path.dirname(require.resolve('astro/package.json')), 'dist/content');
    const files = ['instance.js', 'utils.js'].map((file) => path.join(dist, file));
    const missing = files.find((file) => !existsSync(file));
    if (missing) return `${missing} not found`;
    const layer = (require(files[0]!) as { globalContentLayer?: AstroContent['layer'] }).globalContentLayer;
    const config = (require(files[1]!) as { globalContentConfigObserver?: AstroContent['config'] })
      .globalContentConfigObserver;
    if (typeof layer?.get !== 'function' || typeof config?.subscribe !== 'function') {
      return 'globalContentLayer / globalContentConfigObserver not found';
    }
    return { layer, config };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Called with each dev server's watcher. The first is remembered; on a later one (a restart)
 * the first forwards to it, and the content layer syncs once the new content config is loaded.
 * Returns why saved content will not reach pages after this restart, if it will not.
 */
export function handOverWatcher(watcher: Watcher, root: string): string | undefined {
  const state = watchers();
  if (!state.first || state.first === watcher) {
    state.first = watcher;
    state.current = watcher;
    return undefined;
  }
  state.current = watcher;
  const first = state.first;
  for (const name of handedOver) {
    // own properties shadow chokidar's methods on the closed watcher; each call goes to the newest
    first[name] = (...args: unknown[]) => {
      const target = state.current!;
      const method = target[name] as (...args: unknown[]) => unknown;
      const result = method.apply(target, args);
      // chaining (`watcher.on(…).on(…)`) stays on the object the caller holds
      return result === target ? first : result;
    };
  }
  const astro = astroContent(root);
  if (typeof astro === 'string') return astro;
  // the restarted server loads the content config (the card schema may have changed with
  // site.yaml's kinds); then the loaders sync, and in doing so listen again
  const stop = astro.config.subscribe((context) => {
    if (context.status === 'loading') return;
    stop();
    if (context.status === 'loaded') void astro.layer.get()?.sync();
  });
  return undefined;
}

/**
 * `get` of the newest dev server: the content layer renders notes with the Markdown processor
 * of the server it started with, whose integration hears no saved file after a restart; through
 * this, that processor reads the content the newest integration keeps current.
 */
export function newestOf<T>(name: string, get: () => T): () => T {
  const key = Symbol.for(`stack-atlas.newest.${name}`);
  const shared = globalThis as { [key]?: () => T };
  shared[key] = get;
  return () => shared[key]!();
}

interface SiteRestart {
  /** When a restart was asked for and has not started a new server yet. */
  askedAt?: number | undefined;
}

/** A restart asked for that never came (Astro kept the old config) stops blocking after this. */
const RESTART_GIVE_UP_MS = 60_000;

function siteRestart(): SiteRestart {
  const key = Symbol.for('stack-atlas.site-restart');
  const shared = globalThis as { [key]?: SiteRestart };
  return (shared[key] ??= {});
}

/**
 * The file the integration registers with Astro as a watch file: writing it restarts dev.
 * Not site.yaml itself: an editor's save can be seen half written (empty), and Astro starts
 * one restart per event, the next while the last still runs, which left dev answering no
 * request. Written only for a site.yaml that is valid and new, one restart at a time.
 */
export function restartStamp(root: string): string {
  return path.join(root, '.astro', 'stack-atlas-restart');
}

/** Asks dev to restart (read site.yaml again), unless a restart already asked for is under way. */
export function askRestart(root: string): boolean {
  const state = siteRestart();
  if (state.askedAt !== undefined && Date.now() - state.askedAt < RESTART_GIVE_UP_MS) return false;
  state.askedAt = Date.now();
  mkdirSync(path.dirname(restartStamp(root)), { recursive: true });
  writeFileSync(restartStamp(root), `${state.askedAt}\n`);
  return true;
}

/** Called by each new dev server: whether it is the restart asked for (then the next may be asked). */
export function restartDone(): boolean {
  const state = siteRestart();
  const asked = state.askedAt !== undefined;
  state.askedAt = undefined;
  return asked;
}
