/** A Markdown file shaped to stall the parser is refused at its line; real notes pass untouched. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, bodyFirstLine, markdownLimitProblems } from '../../src/model/markdown-limits.ts';

const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- x`).join('\n');

describe('Markdown limits', () => {
  it('passes every note and card of the real content', () => {
    for (const dir of ['content/notes', 'content/cards']) {
      for (const name of readdirSync(dir).filter((f) => /\.mdx?$/.test(f))) {
        const text = readFileSync(path.join(dir, name), 'utf8');
        expect(markdownLimitProblems(text), name).toEqual([]);
      }
    }
  });

  it('refuses lists or quotes nested deeper than the limit, at the first line over it', () => {
    expect(markdownLimitProblems(nestedList(MAX_NESTING))).toEqual([]);
    const [problem] = markdownLimitProblems(`text\n\n${nestedList(3000)}`, 5);
    expect(problem).toMatchObject({ line: 5 + 2 + 64, column: 1 });
    expect(problem!.message).toMatch(/^nested 65 levels deep \(block quotes and list indentation\); at most 64/);
    expect(markdownLimitProblems('>'.repeat(2000) + ' x')[0]!.message).toMatch(/^nested 2000 levels deep/);
    expect(markdownLimitProblems('- '.repeat(2000) + 'x')[0]!.message).toMatch(/^nested \d+ levels deep/);
  });

  it('refuses a block with thousands of emphasis or link markers, naming the block', () => {
    expect(markdownLimitProblems('*a'.repeat(2000))).toEqual([]);
    const [problem] = markdownLimitProblems(`intro\n\n${'*a'.repeat(50_000)}\n`, 10);
    expect(problem).toMatchObject({ line: 12 });
    expect(problem!.message).toMatch(/^too many emphasis and link markers \(\* _ \[ \] \( \)\): 50000 in the block/);
    // spread over many blocks, the weight adds up
    expect(markdownLimitProblems(Array.from({ length: 40 }, () => '[a]('.repeat(300)).join('\n\n'))).toHaveLength(1);
  });

  it('counts a table row by row and skips fenced code', () => {
    const row = `| ${'_a'.repeat(1000)} |`;
    const table = ['| h |', '|---|', ...Array.from({ length: 20 }, () => row)].join('\n');
    expect(markdownLimitProblems(table)).toEqual([]);
    const code = ['```', '*a'.repeat(50_000), '  '.repeat(500) + 'deep', '```'].join('\n');
    expect(markdownLimitProblems(code)).toEqual([]);
    // an unfenced copy of the same rows is one block
    expect(markdownLimitProblems(Array.from({ length: 20 }, () => row).join('\n'))).toHaveLength(1);
  });

  it('finds the line a body starts on', () => {
    const text = '---\ntitle: x\n---\nbody\n';
    expect(bodyFirstLine(text, 'body\n')).toBe(4);
  });
});
