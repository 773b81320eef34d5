/** The writing guide's snippets are what the content checks accept: each YAML block is validated by the real schema. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseChain } from '../../../src/model/chains.ts';
import { exampleMetaSchema, machineSchema } from '../../../src/model/example-schema.ts';
import { loadAtlas, parseCard } from '../../../src/model/load.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const guideFile = path.join(root, 'content/notes/authoring-guide.md');
const guide = readFileSync(guideFile, 'utf8');
const blocks = [...guide.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
const atlas = loadAtlas(path.join(root, 'content'));

describe('the writing guide (content/notes/authoring-guide.md)', () => {
  it('has a card, a call chain, an example and a machine section among its YAML snippets', () => {
    expect(blocks).toHaveLength(4);
  });

  it('shows a card that passes the card schema and relates to real cards', () => {
    const card = parseCard('content/cards/crun.md', `${blocks.find((b) => b.startsWith('---'))!}\n正文\n`);
    for (const relation of card.relations) expect(atlas.byId.has(relation.target), relation.target).toBe(true);
    expect(atlas.layers.map((l) => l.id)).toContain(card.layer);
  });

  it('shows a call chain that parses against the real cards and layers', () => {
    const chain = parseChain(
      'content/chains/pod.yaml',
      blocks.find((b) => b.includes('participants:'))!,
      atlas,
    );
    expect(chain.steps.length).toBeGreaterThan(1);
  });

  it('shows an example and a machine section that pass their schemas', () => {
    const example = exampleMetaSchema.parse(parseYaml(blocks.find((b) => b.includes('requirements:'))!));
    for (const id of example.cards) expect(atlas.byId.has(id), id).toBe(true);
    expect(example.verified).toEqual([]);
    const machine = parseYaml(blocks.find((b) => b.startsWith('machine:'))!) as { machine: unknown };
    expect(machineSchema.safeParse(machine.machine).success).toBe(true);
  });
});
