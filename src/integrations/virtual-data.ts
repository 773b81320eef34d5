/**
 * The build's data, handed from the integration to pages and endpoints through
 * Vite (pages never read content files or the environment themselves):
 * - `virtual:stack-atlas/config`: where the content is (the content collections need it first);
 * - `virtual:stack-atlas/data`: the validated content and the rendered diagrams. Diagrams are
 *   made when the module is first loaded, so `astro dev` starts without rendering anything and
 *   renders on the first request. In dev the module is rebuilt when content changes.
 */
import type { Plugin, ViteDevServer } from 'vite';
import type { DiagramManifest } from '../diagrams/render/build.ts';
import type { Repository } from '../model/repository.ts';
import type { MachineInfo } from '../model/machine-manifest.ts';
import type { SiteContent } from './content.ts';
import type { PageFiles } from './git-dates.ts';

export const configId = 'virtual:stack-atlas/config';
export const dataId = 'virtual:stack-atlas/data';

export interface BuildData {
  content: SiteContent;
  diagrams: () => Promise<DiagramManifest>;
  site: string;
  base: string;
  /** Where the content is edited; undefined when no repository is configured. */
  repository: Repository | undefined;
  /** Each page's source file and last commit date, worked out once per content version. */
  pageFiles: () => PageFiles;
  /** The live machine, or null when no image was built. */
  machine: MachineInfo | null;
}

const json = (value: unknown) => JSON.stringify(value);

/** Source of the config module. */
export function configSource(data: Pick<BuildData, 'content' | 'site' | 'base' | 'repository'>): string {
  return [
    `export const repository = ${json(data.repository ?? null)};`,
    `export const site = ${json(data.site)};`,
    `export const base = ${json(data.base)};`,
    `export const contentDir = ${json(data.content.contentDir)};`,
    `export const noteSymlinks = ${json(data.content.noteSymlinks)};`,
  ].join('\n');
}

/** Source of the data module: plain JSON (the atlas' maps are rebuilt from cards and layers on the page side). */
export async function dataSource(data: BuildData): Promise<string> {
  const { content } = data;
  return [
    `export const cards = ${json(content.atlas.cards)};`,
    `export const layers = ${json(content.atlas.layers)};`,
    `export const chains = ${json(content.chains)};`,
    `export const examples = ${json(content.examples)};`,
    `export const redirects = ${json(content.redirects)};`,
    `export const pageFiles = ${json(data.pageFiles())};`,
    `export const diagrams = ${json(await data.diagrams())};`,
    `export const machine = ${json(data.machine)};`,
    `export const playground = ${json(content.playground)};`,
    // changes with each update in dev (liveDataSource): page-side caches compare it
    'export const version = 0;',
  ].join('\n');
}

/** Where `astro dev` keeps the current data for the live data module (shared through globalThis). */
const liveKey = 'stack-atlas.dev-data';

interface LiveData {
  /** The current values, with a version that changes with each update. */
  current: Record<string, unknown> & { version: number };
  /** Every evaluated instance of the data module takes new values through these. */
  appliers: Set<(values: LiveData['current']) => void>;
}

function live(): LiveData {
  const key = Symbol.for(liveKey);
  const shared = globalThis as { [key]?: LiveData };
  shared[key] ??= { current: { version: 0 }, appliers: new Set() };
  return shared[key];
}

/** The data module's values (what `dataSource` writes as JSON). */
async function dataValues(data: BuildData): Promise<Record<string, unknown>> {
  const { content } = data;
  return {
    cards: content.atlas.cards,
    layers: content.atlas.layers,
    chains: content.chains,
    examples: content.examples,
    redirects: content.redirects,
    pageFiles: data.pageFiles(),
    diagrams: await data.diagrams(),
    machine: data.machine,
    playground: content.playground,
  };
}

/**
 * Source of the data module in `astro dev`: the same exports, as live bindings over the
 * values the integration holds (the module runner runs in the dev server's process). A
 * content change then replaces the values in place: no module is evaluated again, so
 * the next page is served at once instead of after every page module ran again.
 */
export function liveDataSource(names: readonly string[]): string {
  const key = JSON.stringify(liveKey);
  return [
    `export let ${names.join(', ')}, version;`,
    `const apply = (d) => { ({ ${names.join(', ')}, version } = d); };`,
    `const shared = globalThis[Symbol.for(${key})];`,
    'apply(shared.current);',
    'shared.appliers.add(apply);',
  ].join('\n');
}

/**
 * The Vite plugin serving both modules. In dev, `update()` rebuilds them and reloads pages
 * (content errors and their fixes go that way, so the error overlay shows and clears);
 * `refresh()` hands good new data to the live data module and reloads the browser only.
 */
export function virtualDataPlugin(
  getData: () => BuildData,
  /** True in `astro dev` only (`astro build` runs a dev server too, to sync content). */
  isDev: () => boolean,
): Plugin & { update: () => void; refresh: () => Promise<void> } {
  let server: ViteDevServer | undefined;
  const ids = new Map([
    [configId, `\0${configId}`],
    [dataId, `\0${dataId}`],
  ]);
  const shared = live();
  const publish = async (data: BuildData) => {
    // through JSON as in a build's module: pages see strings for dates, copies not the integration's objects
    const values = { ...JSON.parse(json(await dataValues(data))), version: shared.current.version + 1 };
    shared.current = values;
    for (const apply of shared.appliers) apply(values);
    return Object.keys(values).filter((name) => name !== 'version');
  };
  return {
    name: 'stack-atlas:data',
    resolveId: (id) => ids.get(id),
    async load(id) {
      if (id === ids.get(configId)) return configSource(getData());
      if (id === ids.get(dataId)) {
        const data = getData();
        return server && isDev() ? liveDataSource(await publish(data)) : dataSource(data);
      }
      return undefined;
    },
    configureServer(devServer) {
      server = devServer;
    },
    update() {
      for (const id of ids.values()) {
        const module = server?.moduleGraph.getModuleById(id);
        if (module) server!.moduleGraph.invalidateModule(module);
      }
      server?.ws.send({ type: 'full-reload' });
    },
    async refresh() {
      if (!server || !isDev()) return;
      await publish(getData());
      server.ws.send({ type: 'full-reload' });
    },
  };
}
