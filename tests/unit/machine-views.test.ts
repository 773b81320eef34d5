import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../src/model/load.ts';
import { cardsJson, cardsJsonSchemaDocument, graphJson, llmsTxt } from '../../src/model/machine-views.ts';

const atlas = loadAtlas('tests/fixtures/minimal');
const site = 'https://atlas.example';

describe('machine-readable views', () => {
  it('cards.json validates against the published JSON Schema', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(cardsJsonSchemaDocument());
    const data = cardsJson(atlas, site, '/stack-atlas/');
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    const runc = data.cards.find((c) => c.id === 'runc')!;
    expect(runc.url).toBe('https://atlas.example/stack-atlas/cards/runc/');
    expect(runc.reviewed).toBe('2026-11-01');
    expect(runc.sources).toEqual([{ id: null, title: 'runc', url: 'https://github.com/opencontainers/runc' }]);
    expect(data.cards.find((c) => c.id === 'namespaces')!.usedBy).toEqual([{ type: 'uses', source: 'runc' }]);
  });

  it('a broken cards.json fails the schema', () => {
    const validate = new Ajv2020({ strict: false }).compile(cardsJsonSchemaDocument());
    const data = cardsJson(atlas, site, '/');
    (data.cards[0] as { status: string }).status = 'gadget';
    expect(validate(data)).toBe(false);
    // kinds are open (a site adds its own in site.yaml), but still ids
    const other = cardsJson(atlas, site, '/');
    (other.cards[0] as { kind: string }).kind = 'Not a kind';
    expect(validate(other)).toBe(false);
  });

  it('graph.json has one node per card and one edge per relation', () => {
    const graph = graphJson(atlas, site, '/');
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['namespaces', 'runc']);
    expect(graph.edges).toEqual([{ source: 'runc', target: 'namespaces', type: 'uses', via: null, historical: false }]);
  });

  it('llms.txt lists layers, cards and notes with absolute links', () => {
    const text = llmsTxt(atlas, [{ slug: 'hello', title: '你好' }], site, '/', {
      name: 'Stack Atlas',
      tagline: '容器技术栈图谱',
      description: '描述',
    });
    // the heading is the site's name from site.yaml, not one written into the code
    expect(text).toMatch(/^# Stack Atlas（容器技术栈图谱）\n\n> 描述\n/);
    expect(text).toContain('- [runc（OCI 参考运行时）](https://atlas.example/cards/runc/): 按 OCI 规范创建并启动容器');
    expect(text).toContain('- [你好](https://atlas.example/notes/hello/)');
  });
});
