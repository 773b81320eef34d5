import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlayground, playgroundShows } from '../../../src/model/playground.ts';

function folder(yaml: string | null) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-playground-'));
  if (yaml !== null) writeFileSync(path.join(dir, 'playground.yaml'), yaml);
  return dir;
}
const known = (id: string) => ['namespaces', 'cgroups'].includes(id);

describe('the playground’s guided path', () => {
  it('reads the steps and says which cards it shows', () => {
    const playground = loadPlayground(
      folder(
        'steps:\n  - id: ns\n    title: 命名空间\n    cards: [namespaces]\n    text: 说明\n    command: unshare --pid --fork sh\n',
      ),
      known,
    );
    expect(playground.steps.map((s) => s.command)).toEqual(['unshare --pid --fork sh']);
    expect(playgroundShows(playground, 'namespaces')).toBe(true);
    expect(playgroundShows(playground, 'cgroups')).toBe(false);
  });

  it('is empty without a file', () => {
    expect(loadPlayground(folder(null), known)).toEqual({ steps: [] });
  });

  it('names the file and the field: unknown card, a command over two lines, a repeated id', () => {
    const step = (id: string, cards: string, command: string) =>
      `  - id: ${id}\n    title: t\n    cards: [${cards}]\n    text: x\n    command: ${command}\n`;
    expect(() => loadPlayground(folder(`steps:\n${step('a', 'kubernetes', 'ls')}`), known)).toThrow(
      /playground\.yaml: steps\.0\.cards\.0: unknown card "kubernetes"/,
    );
    expect(() => loadPlayground(folder(`steps:\n${step('a', 'cgroups', '|\n      ls\n      id')}`), known)).toThrow(
      /playground\.yaml: invalid playground:\n {2}- steps\.0\.command: must be one line/,
    );
    expect(() =>
      loadPlayground(folder(`steps:\n${step('a', 'cgroups', 'ls')}${step('a', 'cgroups', 'id')}`), known),
    ).toThrow(/steps\.1\.id: "a" is used twice/);
  });
});
