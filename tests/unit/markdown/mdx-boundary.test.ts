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

/** Compiles with the frontmatter Astro puts on the file; resolves to the error message or ''. */
async function checkWith(source: string, frontmatter: Record<string, unknown>): Promise<string> {
  try {
    await compile(new VFile({ path: 'content/notes/x.mdx', value: source, data: { astro: { frontmatter } } }), {
      remarkPlugins: [[remarkMdxBoundary, {}]],
    });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('remarkMdxBoundary: expressions that would throw while the page is built', () => {
  const frontmatter = { title: '标题', published: new Date('2025-04-19'), tags: ['a'], links: { home: '/' } };

  it('names the file, the line and what would be thrown', async () => {
    expect(await checkWith('# 标题\n\n正文\n\n{frontmatter.author.name}\n', frontmatter)).toBe(
      "content/notes/x.mdx:5:1: this expression throws when the page is built: TypeError: Cannot read properties of undefined (reading 'name') " +
        '(read a field that may be missing with ?. or ?? (frontmatter.a?.b ?? ""))',
    );
    expect(await checkWith('段落里 {frontmatter.tags[3].x} 也算\n', frontmatter)).toMatch(
      /^content\/notes\/x\.mdx:1:5: this expression throws when the page is built: TypeError: Cannot read properties of undefined \(reading 'x'\)/,
    );
    expect(await checkWith('{1n + 1}\n', frontmatter)).toMatch(/:1:1: .*TypeError: Cannot mix BigInt/);
    expect(await checkWith('{"x" in frontmatter.title}\n', frontmatter)).toMatch(/:1:1: .*TypeError: Cannot use 'in'/);
    expect(await checkWith('<a href={frontmatter.links.missing.url}>x</a>\n', frontmatter)).toMatch(
      /^content\/notes\/x\.mdx:1:1: <a href=\{…\}>: throws when the page is built: TypeError/,
    );
    expect(await checkWith('{<b>{frontmatter.x.y}</b>}\n', frontmatter)).toMatch(/:1:1: this expression throws/);
  });

  it('accepts what reads safely, as the page would: optional reads, short circuits, dates as text', async () => {
    expect(
      await checkWith(
        '{frontmatter.author?.name ?? "佚名"} {frontmatter.author && frontmatter.author.name} ' +
          '{frontmatter.tags[0].length} {frontmatter.published[0].length} {`${frontmatter.links.home}`}\n',
        frontmatter,
      ),
    ).toBe('');
  });
});
