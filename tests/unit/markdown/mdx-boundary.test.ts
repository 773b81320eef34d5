import { compile } from '@mdx-js/mdx';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { remarkMdxBoundary } from '../../../src/markdown/mdx-boundary.ts';

/** Compiles an MDX note the way the build does, with the boundary first; resolves to the error message or ''. */
async function check(source: string, trusted = false): Promise<string> {
  try {
    await compile(new VFile({ path: 'content/notes/x.mdx', value: source }), {
      remarkPlugins: [[remarkMdxBoundary, { trusted }]],
    });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('remarkMdxBoundary', () => {
  it('refuses import and export with the line, since they run at build time', async () => {
    expect(
      await check("# 标题\n\nimport { readFileSync } from 'node:fs'\n\n{readFileSync('/etc/passwd', 'utf8')}\n"),
    ).toMatch(/^content\/notes\/x\.mdx:3:1: import and export are not allowed in notes/);
    expect(await check('export const secret = process.env.HOME\n')).toMatch(/import and export are not allowed/);
  });

  it('refuses expressions that call, reach the environment or climb to Function', async () => {
    expect(await check('{process.env.HOME}\n')).toMatch(/:1:1: this expression is not allowed in a note: name process/);
    expect(await check("{(await import('node:fs'))}\n")).toMatch(/AwaitExpression|ImportExpression/);
    expect(await check("{frontmatter.title.constructor.constructor('return process')()}\n")).toMatch(/CallExpression/);
    expect(await check("{frontmatter['constructor']}\n")).toMatch(/property constructor/);
    expect(await check('{(() => 1)}\n')).toMatch(/ArrowFunctionExpression/);
  });

  it('refuses components, spread attributes and handlers on HTML elements', async () => {
    expect(await check('<Secret />\n')).toMatch(/<Secret>: components are not available to notes/);
    expect(await check('<div {...frontmatter}>x</div>\n')).toMatch(/spread attributes/);
    expect(await check('<img src="a.png" onError="alert(1)" />\n')).toMatch(/<img onerror>: inline event handler/);
    expect(await check('<a href="javascript:alert(1)">x</a>\n')).toMatch(/only relative paths and http\(s\) URLs/);
  });

  it('lets notes read values and use HTML, and trusted repositories do anything', async () => {
    expect(
      await check(
        '# {frontmatter.title}\n\n{1 + 1} 和 {`a${frontmatter.x ?? "b"}`}\n\n<div className="note">好</div>\n',
      ),
    ).toBe('');
    expect(await check("import { readFileSync } from 'node:fs'\n\n<Secret />\n", true)).toBe('');
  });
});
