/**
 * Expressive Code's `<Code>` highlights every block again on every build: Shiki's grammars
 * over the example scripts were about 2.4 s of CPU in a rebuild with nothing changed
 * (issue 28). `components/CodeBlock.astro` keeps each block's markup in a disk cache, keyed
 * by a digest of its props and of everything else that shapes it (the salt, from the
 * integration: Expressive Code's config, the dictionary, the package versions, the site's
 * language and base path). The integration hands the folder and salt over through
 * `globalThis` (pages are rendered in its process); without them nothing is kept.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CodeCacheSettings {
  /** Folder of the kept blocks. */
  dir: string;
  /** Digest of what shapes a block besides its props. */
  salt: string;
}

const settingsKey = Symbol.for('stack-atlas.code-cache');
type Shared = { [settingsKey]?: CodeCacheSettings };

/** Called by the integration at set-up; `undefined` turns the cache off. */
export function setCodeCache(settings: CodeCacheSettings | undefined): void {
  (globalThis as Shared)[settingsKey] = settings;
}

/** Digest of a block's props (all of them, in a stable order) and the salt; undefined when there is no cache. */
export function codeBlockKey(props: Record<string, unknown>): string | undefined {
  const settings = (globalThis as Shared)[settingsKey];
  if (!settings) return undefined;
  const sorted = Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(settings.salt).update('\0').update(JSON.stringify(sorted)).digest('hex');
}

const file = (dir: string, key: string) => path.join(dir, `${key}.html`);

/** The kept markup of a block, if any. */
export function keptCodeBlock(key: string): string | undefined {
  const settings = (globalThis as Shared)[settingsKey];
  if (!settings) return undefined;
  try {
    return readFileSync(file(settings.dir, key), 'utf8');
  } catch {
    return undefined;
  }
}

/** Keeps a block's markup (written aside, then renamed: a reader never sees half a file). */
export function keepCodeBlock(key: string, html: string): void {
  const settings = (globalThis as Shared)[settingsKey];
  if (!settings) return;
  mkdirSync(settings.dir, { recursive: true });
  const tmp = `${file(settings.dir, key)}.${process.pid}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, file(settings.dir, key));
}

const blocksSeen = new WeakMap<object, number>();

/**
 * The position of the next block on the page answering `request` (0, 1, …). The page's first
 * block is the one Expressive Code puts its stylesheet and script links into, so its markup
 * depends on its place and it is never kept.
 */
export function nextBlockOnPage(request: object): number {
  const position = blocksSeen.get(request) ?? 0;
  blocksSeen.set(request, position + 1);
  return position;
}

const pageTurns = new WeakMap<object, Promise<unknown>>();

/**
 * Runs `render` after the page's previous block finished. Expressive Code's Shiki plugin gives
 * a page's blocks different token colours depending on how their highlighting steps interleave
 * (seen: the first JavaScript block of the site with light-theme tokens cut differently from the
 * dark ones); one block at a time, in page order, every block's markup depends on its own input only.
 */
export function inTurn<T>(request: object, render: () => Promise<T>): Promise<T> {
  const previous = pageTurns.get(request) ?? Promise.resolve();
  const turn = previous.then(render, render);
  pageTurns.set(
    request,
    turn.catch(() => undefined),
  );
  return turn;
}
