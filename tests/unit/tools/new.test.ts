/** `npm run new`: each starter passes the real content checks, and nothing is ever overwritten. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/integrations/content.ts';
import { createStarter } from '../../../tools/new.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the minimal fixture site to write starters into. */
function contentCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-new-'));
  temps.push(dir);
  const content = path.join(dir, 'content');
  cpSync(path.join(root, 'tests/fixtures/minimal'), content, { recursive: true });
  return content;
}

function run(args: string[], content: string) {
  // Node 22 from the npm `node` package, as `npm run new` uses (type stripping).
  const node = path.join(root, 'node_modules/.bin/node');
  return spawnSync(node, ['tools/new.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STACK_ATLAS_CONTENT: content },
  });
}

describe('npm run new', () => {
  it('starts a card, a note and an example that the content loader accepts as they are', () => {
    const content = contentCopy();
    const now = new Date('2026-12-06T08:00:00Z');
    expect(createStarter('card', 'cilium', content, now)).toEqual([path.join(content, 'cards/cilium.md')]);
    expect(createStarter('note', 'guide/setup', content, now)).toEqual([path.join(content, 'notes/guide/setup.md')]);
    expect(createStarter('example', 'hello-world', content, now).map((f) => path.basename(f))).toEqual([
      'example.yaml',
      'run.sh',
      'README.md',
    ]);
    const site = loadContent(root, content);
    const card = site.atlas.cards.find((c) => c.id === 'cilium');
    expect(card).toMatchObject({ layer: 'kernel', kind: 'concept', reviewed: '2026-12-06' });
    expect(card!.sources[0]!.url).toMatch(/^https:\/\//);
    const note = site.noteFiles.find((n) => n.slug === 'guide/setup');
    expect(note?.data).toMatchObject({ draft: true, title: '待填写：标题' });
    const example = site.examples.find((e) => e.id === 'hello-world');
    expect(example).toMatchObject({ cards: ['cilium'], verified: [], transcript: null });
    expect(example!.script.text).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(statSync(path.join(content, 'examples/hello-world/run.sh')).mode & 0o111).not.toBe(0);
    // The starter's own assertion matches what its run.sh prints.
    expect(new RegExp(example!.assertions[0]!.pattern, 'm').test('hello from hello-world\n')).toBe(true);
  });

  it('refuses an id that exists or is invalid, and never overwrites', () => {
    const content = contentCopy();
    const runc = path.join(content, 'cards/runc.md');
    const before = readFileSync(runc, 'utf8');
    expect(() => createStarter('card', 'runc', content)).toThrow(`${runc} already exists; nothing was written`);
    expect(readFileSync(runc, 'utf8')).toBe(before);
    expect(() => createStarter('note', 'hello', content)).toThrow(/notes\/hello\.md already exists and has that URL/);
    writeFileSync(path.join(content, 'notes/setup.mdx'), 'mine');
    expect(() => createStarter('note', 'setup', content)).toThrow(/setup\.mdx already exists/);
    expect(readFileSync(path.join(content, 'notes/setup.mdx'), 'utf8')).toBe('mine');
    expect(() => createStarter('card', 'Cilium', content)).toThrow(/^"Cilium" is not a valid card id/);
    expect(() => createStarter('example', '../escape', content)).toThrow(/is not a valid example id/);
    expect(() => createStarter('note', 'a/../../b', content)).toThrow(/is not a valid note id/);
    expect(existsSync(path.join(content, 'cards/Cilium.md'))).toBe(false);
  });

  it('as a command: honours STACK_ATLAS_CONTENT, exits non-zero with a message when refused', () => {
    const content = contentCopy();
    const made = run(['card', 'cilium'], content);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain(`created ${path.join(content, 'cards/cilium.md')}`);
    const again = run(['card', 'cilium'], content);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('cilium.md already exists; nothing was written');
    const bad = run(['card', 'No Good'], content);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('"No Good" is not a valid card id');
    const usage = run(['chain'], content);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: npm run new -- card|note|example <id>');
  });
});
