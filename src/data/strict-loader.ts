/**
 * Astro's glob loader logs a Markdown render error (an unknown wiki link, an
 * invalid Mermaid fence) and carries on with an empty page. This wrapper turns
 * every error it logs into a failed build, keeping the loader's own message.
 *
 * In `astro dev` the loader renders an entry again only when its file changed, but an
 * entry also depends on the atlas (wiki links, auto-links, correction markers) and on
 * files next to it (images). The integration says so through `devContent`: its `salt`
 * joins every entry's digest, and each collection lists its files so that the
 * integration can announce them as changed; the loader then renders them again.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';

/** What Astro's loaders read a content file with (Astro's `ContentEntryType`, the part used here). */
interface EntryType {
  getEntryInfo(params: { fileUrl: URL; contents: string }): unknown;
}

export interface DevContent {
  /** Joins every entry's digest: a new salt makes every entry render again when it is next synced. */
  salt: string;
  /** Each collection's entry files (absolute paths), as the loader holds them now. */
  files: Map<string, () => string[]>;
  /**
   * Called when a saved file's entry was stored after the first sync (the integration writes
   * the store at once); `images`: the entry has images, whose import list Astro writes later.
   */
  stored?: ((images: boolean) => void) | undefined;
  /**
   * Render errors of files saved after the first sync, by absolute file (Astro's loader only
   * logs them and stores the entry without a body): the integration shows them in the page
   * until the file renders again or is removed.
   */
  renderErrors: Map<string, RenderError>;
  /** Called when `renderErrors` changed. */
  renderErrorsChanged?: (() => void) | undefined;
}

/**
 * Shared by the integration and the content collections through globalThis: the
 * collections are loaded by Vite, so they see other module instances than the integration.
 */
export function devContent(): DevContent {
  const key = Symbol.for('stack-atlas.dev-content');
  const shared = globalThis as { [key]?: DevContent };
  shared[key] ??= { salt: '', files: new Map(), renderErrors: new Map() };
  return shared[key];
}

/** One logged render error: the file, and the message as Markdown plugins give it (`file:line:column: what`). */
export interface RenderError {
  file: string;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/**
 * The file and place of a message Astro's loader logged (`Error rendering x.md: Failed to
 * parse Markdown file "/abs/x.md":` then the plugin's `/abs/x.md:12:9: what`), or undefined.
 */
export function renderErrorOf(message: string): RenderError | undefined {
  const file = /file "([^"]+\.mdx?)"/.exec(message)?.[1] ?? /(\/[^\s"':]+\.mdx?)\b/.exec(message)?.[1];
  if (!file) return undefined;
  const detail = message.slice(message.indexOf('\n') + 1).trim();
  const place = detail.startsWith(`${file}:`) ? /^:(\d+):(\d+): ([\s\S]*)$/.exec(detail.slice(file.length)) : null;
  if (place) return { file, line: Number(place[1]), column: Number(place[2]), message: place[3]!.trim() };
  return { file, message: detail || message };
}

export function strictLoader(inner: Loader): Loader {
  return {
    ...inner,
    name: `strict-${inner.name}`,
    load: async (context: LoaderContext) => {
      const errors: string[] = [];
      const logger = Object.create(context.logger) as LoaderContext['logger'];
      /**
       * The file whose render failed just now (the loader stores its entry, without a body, right
       * after), with the error shown for it before, put back if this render turns out outdated.
       */
      let failing: { file: string; before: RenderError | undefined } | undefined;
      logger.error = (message: string) => {
        errors.push(message);
        context.logger.error(message);
        const found = context.watcher && synced ? renderErrorOf(message) : undefined;
        if (found) {
          const dev = devContent();
          failing = { file: found.file, before: dev.renderErrors.get(found.file) };
          dev.renderErrors.set(found.file, found);
          dev.renderErrorsChanged?.();
        }
      };
      let generateDigest = context.generateDigest;
      let store = context.store;
      let parseData = context.parseData;
      let entryTypes: Map<string, EntryType> | undefined;
      /** Set once the first load is done: later stores come from saves. */
      let synced = false;
      if (context.watcher) {
        const dev = devContent();
        const fileOf = (filePath: string) => fileURLToPath(new URL(filePath, context.config.root));
        generateDigest = (data) => `${context.generateDigest(data)}${dev.salt}`;
        dev.files.set(context.collection, () =>
          [...context.store.values()].flatMap((entry) => (entry.filePath ? [fileOf(entry.filePath)] : [])),
        );
        /** The digest of what the file holds now (undefined once it is gone). */
        const textDigest = (file: string) => {
          try {
            return context.generateDigest(readFileSync(file, 'utf8'));
          } catch {
            return undefined;
          }
        };
        // A save can be read half written, and two renders of one file can overlap and finish
        // in either order: a render of text the file no longer holds is not stored, and the
        // file is read again.
        store = Object.create(context.store) as LoaderContext['store'];
        store.set = (entry) => {
          if (entry.filePath && entry.digest !== undefined) {
            const now = textDigest(fileOf(entry.filePath));
            // (the salt may have changed since: only the text's own digest is compared)
            if (now !== undefined && !String(entry.digest).startsWith(now)) {
              // read while the file was being written, or overtaken: read it again
              const file = fileOf(entry.filePath);
              setTimeout(() => context.watcher?.emit('change', file), 100);
              // a new entry is kept meanwhile, so that its page exists
              if (context.store.has(entry.id)) return false;
            }
          }
          if (entry.filePath) {
            const file = fileOf(entry.filePath);
            const failed = failing?.file === file ? failing : undefined;
            failing = undefined;
            // Begun before the salt last changed (the atlas changed meanwhile): a newer render of
            // this file is on its way, and this one must not replace it, nor its error be shown.
            const outdated = entry.digest !== undefined && !String(entry.digest).endsWith(dev.salt);
            if (outdated && context.store.has(entry.id)) {
              if (failed) {
                if (failed.before) dev.renderErrors.set(file, failed.before);
                else dev.renderErrors.delete(file);
                dev.renderErrorsChanged?.();
              }
              return false;
            }
            // stored after a good render: a mistake shown for this file is gone
            if (!failed && dev.renderErrors.delete(file)) dev.renderErrorsChanged?.();
          }
          const changed = context.store.set(entry);
          if (changed && synced) {
            // images (Markdown or a cover): Astro lists them in a module of its own, written after a delay
            dev.stored?.(Boolean(entry.assetImports?.length) || JSON.stringify(entry.data).includes('__ASTRO_IMAGE_'));
          }
          return changed;
        };
        // A save can be read half written (an empty file fails its schema: no title yet), and
        // the write that completes it may bring no event of its own (the truncation and the
        // write share one modification time). A failed read is checked against the file
        // shortly after: if the file no longer holds what was read, it is read again. A real
        // mistake holds what was read, so it is not read again and never loops.
        const lastRead = new Map<string, string>();
        const readAgainIfStale = (file: string) => {
          for (const delay of [150, 1000]) {
            setTimeout(() => {
              const now = textDigest(file);
              const read = lastRead.get(file);
              if (now !== undefined && read !== undefined && now !== read) context.watcher?.emit('change', file);
            }, delay);
          }
        };
        // (entryTypes is passed to loaders but not part of LoaderContext's public type)
        const types = (context as LoaderContext & { entryTypes?: Map<string, EntryType> }).entryTypes;
        if (types) {
          entryTypes = new Map(
            [...types].map(([extension, type]) => {
              const recording = Object.create(type) as EntryType;
              recording.getEntryInfo = (params) => {
                const file = fileURLToPath(params.fileUrl);
                lastRead.set(file, context.generateDigest(params.contents));
                // unreadable frontmatter, perhaps cut off mid-write (thrown, or rejected)
                const failed = (error: unknown) => {
                  readAgainIfStale(file);
                  throw error;
                };
                try {
                  const info = type.getEntryInfo(params);
                  return info instanceof Promise ? info.catch(failed) : info;
                } catch (error) {
                  return failed(error);
                }
              };
              return [extension, recording];
            }),
          );
        }
        parseData = (async (props) => {
          try {
            return await context.parseData(props);
          } catch (error) {
            if (props.filePath) readAgainIfStale(props.filePath);
            throw error;
          }
        }) as LoaderContext['parseData'];
      }
      await inner.load({ ...context, logger, generateDigest, store, parseData, ...(entryTypes ? { entryTypes } : {}) });
      synced = true;
      if (errors.length) throw new Error(`content errors:\n${errors.join('\n')}`);
    },
  };
}
