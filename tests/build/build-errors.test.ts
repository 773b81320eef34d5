/**
 * Builds small fixture sites: a good one, and broken ones that must fail with a
 * message naming the file and the field, a non-zero exit, and the previous
 * output left untouched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures');

function buildFixture(name: string | null) {
  const dir = mkdtempSync(path.join(tmpdir(), `atlas-${name ?? 'minimal'}-`));
  const content = path.join(dir, 'content');
  cpSync(path.join(fixtures, 'minimal'), content, { recursive: true });
  if (name) cpSync(path.join(fixtures, 'broken', name), content, { recursive: true });
  const out = path.join(dir, 'dist');
  mkdirSync(out);
  writeFileSync(path.join(out, 'index.html'), 'previous good output');
  const result = spawnSync(path.join(root, 'node_modules/.bin/astro'), ['build'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      FORCE_COLOR: '0',
      STACK_ATLAS_CONTENT: content,
      STACK_ATLAS_OUT: out,
      STACK_ATLAS_CACHE: path.join(dir, 'cache'),
    },
    timeout: 180_000,
  });
  return { ...result, output: `${result.stdout}\n${result.stderr}`, out, dir };
}

describe('building fixture sites', () => {
  it('the minimal fixture builds', () => {
    const result = buildFixture(null);
    expect(result.status, result.output).toBe(0);
    expect(existsSync(path.join(result.out, 'cards/runc/index.html'))).toBe(true);
    expect(readFileSync(path.join(result.out, 'index.html'), 'utf8')).toContain('<html lang="zh-CN"');
  });

  const cases: Array<[string, RegExp]> = [
    ['note-bad-yaml', /notes\/bad\.md[\s\S]*(YAML|yaml|flow sequence|Unexpected)/],
    ['note-missing-title', /notes\/bad\.md[\s\S]*title/],
    ['note-invalid-date', /notes\/bad\.md[\s\S]*published/],
    ['note-tags-not-a-list', /notes\/bad\.md[\s\S]*tags/],
    ['note-draft-not-boolean', /notes\/bad\.md[\s\S]*draft/],
    ['note-unknown-wiki-link', /bad\.md[\s\S]*no-such-card/],
    ['note-invalid-mermaid', /bad\.md[\s\S]*(line|行)/i],
    ['card-unknown-relation', /cards\/bad\.md: relations\.0\.target: unknown card "no-such-card"/],
    ['card-unknown-layer', /cards\/bad\.md: layer: unknown layer "cloud"/],
    [
      'card-duplicate-alias',
      /cards\/(bad|namespaces)\.md: aliases: "namespace" is already used by card "(namespaces|bad)"/i,
    ],
    ['card-missing-source', /cards\/bad\.md[\s\S]*sources/],
    ['card-bad-kind', /cards\/bad\.md[\s\S]*kind/],
    ['example-unknown-card', /examples\/hello\/example\.yaml: cards\.1: unknown card "no-such-card"/],
  ];
  for (const [name, message] of cases) {
    it(`${name} fails the build with a clear message and keeps the previous output`, () => {
      const result = buildFixture(name);
      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toMatch(message);
      expect(readFileSync(path.join(result.out, 'index.html'), 'utf8')).toBe('previous good output');
      expect(readdirSync(result.out)).toEqual(['index.html']);
      expect(existsSync(path.join(result.dir, '.dist-staging'))).toBe(false);
    });
  }
});
