/**
 * Astro keeps rendered Markdown between builds (its data store) and reuses it while
 * a file is unchanged, but it cannot see changes to our Markdown plugins, the code
 * highlighter's settings or the dictionary. A digest of those inputs is kept next
 * to the store; when it changes, the store is dropped so every entry renders again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this module is in: the site's code, whose digest keys the build caches below. */
export const codeRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Files and folders (relative to the project root) whose content shapes rendered Markdown. */
export const renderingInputs = [
  'src/markdown',
  'src/integrations/markdown.ts',
  'src/diagrams/render',
  'src/i18n',
  'src/model/urls.ts',
  'src/model/safe-url.ts',
  'src/model/video-hosts.ts',
  'src/model/markup-safety.ts',
  'ec.config.mjs',
  'package-lock.json',
];

/**
 * Files whose content shapes a `<Code>` block's markup besides its props (data/code-cache.ts):
 * Expressive Code's settings, the labels it shows, the packages, the cache's own code.
 */
export const codeBlockInputs = [
  'ec.config.mjs',
  'astro.config.mjs',
  'src/config.ts',
  'src/i18n',
  'src/components/CodeBlock.astro',
  'src/components/CodeCapture.astro',
  'src/data/code-cache.ts',
  'package-lock.json',
];

function* files(root: string, entry: string): Generator<string> {
  const full = path.join(root, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) yield* files(root, path.join(entry, name));
  } else {
    yield entry;
  }
}

/** sha256 over the rendering inputs' paths and contents. */
export function renderingDigest(root: string, inputs: readonly string[] = renderingInputs): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of files(root, input))
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

/**
 * Drops Astro's data store when the rendering inputs changed since the last build; says whether it did.
 * `linked`: what an entry's Markdown renders from the rest of the content (markdownKey: card names,
 * aliases and remarks, note titles): Astro re-renders only changed files, so a renamed card would
 * otherwise keep its old name in every unchanged note and card body that links to it.
 */
export function invalidateStaleContent(root: string, astroCacheDir: string, linked = ''): boolean {
  const digest = `${renderingDigest(root)}:${createHash('sha256').update(linked).digest('hex')}`;
  const stamp = path.join(astroCacheDir, 'stack-atlas', 'rendering-digest');
  const previous = existsSync(stamp) ? readFileSync(stamp, 'utf8') : undefined;
  const store = path.join(astroCacheDir, 'data-store.json');
  const stale = previous !== digest && existsSync(store);
  if (stale) rmSync(store, { force: true });
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, digest);
  return stale;
}

/**
 * What shapes the generated diagrams besides the content (diagram-inputs.ts) and the deployment:
 * their generators and renderer, the model, labels, the site's colour tokens, Mermaid's version.
 */
export const diagramManifestInputs = [
  'src/diagrams',
  'src/model',
  'src/i18n',
  'src/styles/tokens.ts',
  'src/integrations/diagram-inputs.ts',
  'package-lock.json',
];

/**
 * A build cache file's data, if it was written by the same code (`code`: a renderingDigest of
 * what made it); undefined when there is none, it is unreadable, or the code changed.
 */
export async function readBuildCache(file: string, code: string): Promise<unknown> {
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as { code?: unknown; data?: unknown };
    return kept.code === code ? kept.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a build cache file whole (aside, then renamed: a reader never sees half a file). */
export async function writeBuildCache(file: string, code: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const fresh = `${file}.${process.pid}.tmp`;
  await writeFile(fresh, JSON.stringify({ code, data }));
  await rename(fresh, file);
}
