/**
 * `astro dev` hands changed content to pages in place: the data module's exports are live
 * bindings the integration replaces, so no page module has to run again; `astro build`
 * (which runs a dev server too, to sync content) still gets plain JSON.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ViteDevServer } from 'vite';
import { loadContent, type SiteContent } from '../../../src/integrations/content.ts';
import { diagramInputsKey } from '../../../src/integrations/diagram-inputs.ts';
import { dataId, virtualDataPlugin, type BuildData } from '../../../src/integrations/virtual-data.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const content = loadContent(root, 'tests/fixtures/minimal');

const withPosition = (from: SiteContent, id: string, position: string): SiteContent => ({
  ...from,
  atlas: { ...from.atlas, cards: from.atlas.cards.map((c) => (c.id === id ? { ...c, position } : c)) },
});

function buildData(from: SiteContent): BuildData {
  return {
    content: from,
    diagrams: () => Promise.resolve({}),
    site: 'https://example.org',
    base: '/',
    repository: undefined,
    pageFiles: () =>
      ({ notes: {}, cards: {}, examples: {}, chains: {} }) as unknown as ReturnType<BuildData['pageFiles']>,
    machine: null,
  };
}

function fakeServer() {
  const invalidated: string[] = [];
  const sent: unknown[] = [];
  const server = {
    moduleGraph: {
      getModuleById: (id: string) => ({ id }),
      invalidateModule: (module: { id: string }) => invalidated.push(module.id),
    },
    ws: { send: (message: unknown) => sent.push(message) },
  };
  return { server: server as unknown as ViteDevServer, invalidated, sent };
}

type Load = (id: string) => Promise<string | undefined>;
const resolved = `\0${dataId}`;

describe('the data module in astro dev', () => {
  it('takes a card edit in place: same module, new values, the browser reloads, nothing is invalidated', async () => {
    let current = buildData(content);
    const plugin = virtualDataPlugin(
      () => current,
      () => true,
    );
    const { server, invalidated, sent } = fakeServer();
    (plugin.configureServer as (s: ViteDevServer) => void)(server);
    const source = await (plugin.load as unknown as Load)(resolved);
    const data = (await import(`data:text/javascript,${encodeURIComponent(source!)}`)) as {
      cards: SiteContent['atlas']['cards'];
      version: number;
    };
    const runc = () => data.cards.find((c) => c.id === 'runc')!.position;
    const before = data.version;
    expect(runc()).toBe(content.atlas.byId.get('runc')!.position);

    current = buildData(withPosition(content, 'runc', '改过的定位'));
    await plugin.refresh();
    expect(runc()).toBe('改过的定位');
    expect(data.version).not.toBe(before);
    expect(invalidated).toEqual([]);
    expect(sent).toEqual([{ type: 'full-reload' }]);
    sent.length = 0;

    // pages see what a build's JSON module gives them (dates as strings), not the integration's objects
    const dated = withPosition(content, 'runc', '带日期');
    dated.atlas.cards.find((c) => c.id === 'runc')!.reviewed = new Date('2026-12-01') as never;
    current = buildData(dated);
    await plugin.refresh();
    expect(data.cards.find((c) => c.id === 'runc')!.reviewed).toBe('2026-12-01T00:00:00.000Z');

    // errors and their fixes still rebuild the module (so Astro's overlay shows and clears)
    plugin.update();
    expect(invalidated).toContain(resolved);
  });

  it('is plain JSON outside astro dev, even when a dev server is set up to sync content', async () => {
    const plugin = virtualDataPlugin(
      () => buildData(content),
      () => false,
    );
    const { server, sent } = fakeServer();
    (plugin.configureServer as (s: ViteDevServer) => void)(server);
    const source = await (plugin.load as unknown as Load)(resolved);
    expect(source).toContain('export const cards = [');
    expect(source).toContain('export const version = 0;');
    await plugin.refresh();
    expect(sent).toEqual([]);
  });
});

describe('what the diagrams are made from', () => {
  it('is unchanged when only a card’s prose changes, and changes with a name, relation or layer', () => {
    const key = diagramInputsKey(content);
    expect(diagramInputsKey(withPosition(content, 'runc', '别的说法'))).toBe(key);
    const renamed = {
      ...content,
      atlas: {
        ...content.atlas,
        cards: content.atlas.cards.map((c) => (c.id === 'runc' ? { ...c, name: 'runc2' } : c)),
      },
    };
    expect(diagramInputsKey(renamed)).not.toBe(key);
    const related = {
      ...content,
      atlas: {
        ...content.atlas,
        cards: content.atlas.cards.map((c) => (c.id === 'runc' ? { ...c, relations: [] } : c)),
      },
    };
    expect(diagramInputsKey(related)).not.toBe(key);
    const layers = { ...content, atlas: { ...content.atlas, layers: content.atlas.layers.slice(1) } };
    expect(diagramInputsKey(layers)).not.toBe(key);
  });
});
