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
  ].join('\n');
}

/** The Vite plugin serving both modules; `update()` rebuilds them and reloads pages in dev. */
export function virtualDataPlugin(getData: () => BuildData): Plugin & { update: () => void } {
  let server: ViteDevServer | undefined;
  const ids = new Map([
    [configId, `\0${configId}`],
    [dataId, `\0${dataId}`],
  ]);
  return {
    name: 'stack-atlas:data',
    resolveId: (id) => ids.get(id),
    async load(id) {
      if (id === ids.get(configId)) return configSource(getData());
      if (id === ids.get(dataId)) return dataSource(getData());
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
  };
}
