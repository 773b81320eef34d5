import { describe, expect, it } from 'vitest';
import { svgProblems } from '../../../src/integrations/svg-check.ts';

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
