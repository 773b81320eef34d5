/**
 * `virtual:stack-atlas/data`: the build's content and diagrams, handed from the
 * integration to pages and endpoints through Vite (pages never read content
 * files or the environment themselves). In `astro dev` the module is rebuilt when
 * the integration reloads content.
 */
import type { Plugin, ViteDevServer } from 'vite';
import type { DiagramManifest } from '../diagrams/render/build.ts';
import type { SiteContent } from './content.ts';

export const virtualId = 'virtual:stack-atlas/data';
const resolvedId = `\0${virtualId}`;

export interface BuildData {
  content: SiteContent;
  diagrams: DiagramManifest;
  site: string;
  base: string;
}

/** The module's source: plain data as JSON (the atlas' maps are rebuilt from cards and layers by the page side). */
export function moduleSource(data: BuildData): string {
  const { content } = data;
  const json = (value: unknown) => JSON.stringify(value);
  return [
    `export const site = ${json(data.site)};`,
    `export const base = ${json(data.base)};`,
    `export const contentDir = ${json(content.contentDir)};`,
    `export const cards = ${json(content.atlas.cards)};`,
    `export const layers = ${json(content.atlas.layers)};`,
    `export const chains = ${json(content.chains)};`,
    `export const examples = ${json(content.examples)};`,
    `export const redirects = ${json(content.redirects)};`,
    `export const diagrams = ${json(data.diagrams)};`,
  ].join('\n');
}

/** The Vite plugin serving the module; `update()` swaps the data and reloads pages in dev. */
export function virtualDataPlugin(getData: () => BuildData): Plugin & { update: () => void } {
  let server: ViteDevServer | undefined;
  return {
    name: 'stack-atlas:data',
    resolveId: (id) => (id === virtualId ? resolvedId : undefined),
    load: (id) => (id === resolvedId ? moduleSource(getData()) : undefined),
    configureServer(devServer) {
      server = devServer;
    },
    update() {
      const module = server?.moduleGraph.getModuleById(resolvedId);
      if (module) server!.moduleGraph.invalidateModule(module);
      server?.ws.send({ type: 'full-reload' });
    },
  };
}
