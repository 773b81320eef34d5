/** The error collector and its messages: one line per error, sorted, with file, line and a suggestion. */
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  ContentError,
  ContentErrors,
  didYouMean,
  ErrorCollector,
  formatErrors,
  toContentErrors,
} from '../../../src/model/errors.ts';
import { parseYamlText } from '../../../src/model/yaml-places.ts';
import { readFrontmatter } from '../../../src/model/load.ts';
import { buildAtlas } from '../../../src/model/atlas.ts';
import type { Card, Layer } from '../../../src/model/types.ts';

describe('ErrorCollector', () => {
  it('keeps every error and reports them sorted by file, then line and column', () => {
    const errors = new ErrorCollector();
    errors.try('/c/b.md', () => {
      throw new ContentError('/c/b.md', 'second file', { line: 2, column: 1 });
    });
    errors.add(new ContentError('/c/a.md', 'later line', { line: 9, column: 3 }));
    errors.add(new ContentError('/c/a.md', 'earlier line', { line: 4, column: 7 }));
    expect(() => errors.throwIfAny()).toThrow(ContentErrors);
    expect(formatErrors(errors.errors, '/c').split('\n')).toEqual([
      'a.md:4:7: earlier line',
      'a.md:9:3: later line',
      'b.md:2:1: second file',
    ]);
  });

  it('throws nothing when nothing went wrong, and the single error itself when there is one', () => {
    const errors = new ErrorCollector();
    expect(errors.try('/x', () => 42)).toBe(42);
    expect(() => errors.throwIfAny()).not.toThrow();
    errors.add(new ContentError('/x', 'only'));
    expect(() => errors.throwIfAny()).toThrow(/^\/x: only$/);
  });

  it('prints as one line when logged, never as a dump of its fields', () => {
    const error = new ContentError('/c/a.md', 'bad', { line: 1, column: 2 });
    const printed = inspect(error);
    expect(printed).toContain('/c/a.md:1:2: bad');
    expect(printed).not.toMatch(/reason:|ancestors|column:|name:|\{/);
  });
});

describe('toContentErrors', () => {
  it('turns a unified message (file:line:column in the text) into a placed error without its fields', () => {
    const thrown = Object.assign(new Error('Failed to parse Markdown file "/n/x.md":\n/n/x.md:7:1: never closed'), {
      ancestors: undefined,
      cause: undefined,
      fatal: true,
      file: '/n/x.md',
    });
    const [error] = toContentErrors(thrown, '/fallback');
    expect(error!.file).toBe('/n/x.md');
    expect([error!.line, error!.column, error!.reason]).toEqual([7, 1, 'never closed']);
  });

  it('names the fallback file for an error that names none', () => {
    const [error] = toContentErrors(new Error('boom'), '/n/y.md');
    expect(error!.locate('y.md')).toBe('y.md: boom');
  });
});

describe('didYouMean', () => {
  it('suggests the nearest known name, and nothing when none is near', () => {
    expect(didYouMean('namespcaes', ['namespaces', 'runc'])).toBe('; did you mean "namespaces"?');
    expect(didYouMean('runtime-lo', ['kernel', 'runtime-low'])).toBe('; did you mean "runtime-low"?');
    expect(didYouMean('gadget', ['kernel', 'runtime-low'])).toBe('');
  });
});

describe('YAML lines', () => {
  it('finds the line of a field in the file, frontmatter counted', () => {
    const text = '---\ntitle: x\npublished: 2026-13-45\nrelations:\n  - { type: uses, target: nope }\n---\nbody';
    const { locate } = readFrontmatter('/n/x.md', text);
    expect(locate(['published'])).toEqual({ line: 3, column: 12 });
    expect(locate(['relations', 0, 'target'])?.line).toBe(5);
  });

  it('gives a syntax error its line in the file, not in the frontmatter', () => {
    const text = '---\ntitle: 缩进\npublished: 2025-04-19\ntags:\n  - a\n - b\n---\n';
    expect(() => readFrontmatter('/n/x.md', text)).toThrow(/^\/n\/x\.md:6:1: invalid YAML frontmatter: /);
    expect(() => parseYamlText('/l.yaml', 'a: [1\n')).toThrow(/^\/l\.yaml:2:1: invalid YAML: /);
  });
});

describe('buildAtlas', () => {
  const layers = [{ id: 'kernel', name: 'K', en: 'K', description: 'k', aside: false, entry: [] }] as Layer[];
  const card = (id: string, extra: Partial<Card> = {}): Card =>
    ({
      id,
      file: `/c/${id}.md`,
      name: id,
      zh: id,
      aliases: [],
      layer: 'kernel',
      kind: 'concept',
      position: 'p',
      features: [],
      relations: [],
      history: [],
      status: 'active',
      remarks: [],
      traits: {},
      sources: [],
      reviewed: '2026-01-01',
      order: 100,
      concepts: [],
      ...extra,
    }) as Card;

  it('reports every mistake at once, with the nearest id', () => {
    const cards = [
      card('namespaces'),
      card('crun', { relations: [{ type: 'uses', target: 'namespcaes', historical: false }] }),
      card('youki', { layer: 'kernal' }),
    ];
    let message = '';
    try {
      buildAtlas(cards, layers, '/c/layers.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('/c/crun.md: relations.0.target: unknown card "namespcaes"; did you mean "namespaces"?');
    expect(message).toContain('/c/youki.md: layer: unknown layer "kernal"; did you mean "kernel"?');
  });

  it('reports a shared alias on the card changed last, the one being edited', () => {
    const cards = [card('crun', { aliases: ['OCI runtime'] }), card('runc', { aliases: ['OCI runtime'] })];
    // `changed` was saved after the other card
    const changed = (file: string) => new Map([[file, 2]]);
    expect(() => buildAtlas(cards, layers, '/c/layers.yaml', changed('/c/crun.md'))).toThrow(
      /^\/c\/crun\.md: aliases\.0: "OCI runtime" is already used by card "runc"/,
    );
    expect(() => buildAtlas(cards, layers, '/c/layers.yaml', changed('/c/runc.md'))).toThrow(
      /^\/c\/runc\.md: aliases\.0: "OCI runtime" is already used by card "crun"/,
    );
  });
});
