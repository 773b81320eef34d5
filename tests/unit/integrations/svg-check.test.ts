import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStandaloneSvgs, svgProblems } from '../../../src/integrations/svg-check.ts';

const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">${body}</svg>`;

describe('svgProblems', () => {
  it('passes the diagrams the site writes', () => {
    expect(
      svgProblems(
        svg('<a href="/cards/runc/" aria-label="runc（低级运行时）"><rect width="2" height="2"/><text>runc</text></a>'),
      ),
    ).toEqual([]);
  });

  it('names a file that is not well-formed XML, as a label breaking out of its attribute leaves it', () => {
    const [problem] = svgProblems(svg(`<a aria-label="x"' onmouseover='alert(1)"><text>x</text></a>`));
    expect(problem).toMatch(/^not well-formed XML: .* \(line 1\)$/);
  });

  it('refuses scripts, handlers, javascript: links, SMIL href animation and foreignObject', () => {
    expect(svgProblems(svg('<script>alert(1)</script>'))).toEqual(['<script> in an SVG']);
    expect(svgProblems(svg('<rect onload="alert(1)"/>'))).toEqual(['<rect onload>: inline event handler']);
    expect(svgProblems(svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'))).toHaveLength(1);
    expect(svgProblems(svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>'))).toEqual([
      '<set attributeName="href">: animates a link target',
    ]);
    expect(
      svgProblems(svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>')),
    ).toEqual(['<foreignObject>: HTML inside an SVG diagram']);
  });
});

describe('checkStandaloneSvgs with a cache file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const site = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'svg-check-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return {
      site: { dir, base: '/', files: Object.keys(files).sort(), pages: [] },
      cacheFile: path.join(dir, 'cache.json'),
    };
  };
  const good = svg('<rect width="2" height="2"/>');
  const bad = svg('<rect onload="alert(1)"/>');

  it('skips only files that passed before, unchanged: a changed file is checked again and refused', async () => {
    const { site: built, cacheFile } = site({ 'a.svg': good, 'b.svg': svg('<text>b</text>') });
    expect(await checkStandaloneSvgs(built, { cacheFile, code: 'v1' })).not.toContain('not parsed again');
    expect(await checkStandaloneSvgs(built, { cacheFile, code: 'v1' })).toContain('2 unchanged since they last passed');
    writeFileSync(path.join(built.dir, 'b.svg'), bad);
    await expect(checkStandaloneSvgs(built, { cacheFile, code: 'v1' })).rejects.toThrow(/b\.svg: <rect onload>/);
  });

  it('checks every file again when the checking code changed', async () => {
    const { site: built, cacheFile } = site({ 'a.svg': bad });
    // Recorded as passing under other checking code (say, before a rule was added): parsed again, and dropped.
    writeFileSync(cacheFile, JSON.stringify({ code: 'old', data: [createHash('sha256').update(bad).digest('hex')] }));
    await expect(checkStandaloneSvgs(built, { cacheFile, code: 'new' })).rejects.toThrow(/a\.svg: <rect onload>/);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toEqual({ code: 'new', data: [] });
  });
});
