import type { APIContext } from 'astro';
import { getDiagram, getRedirects, listDiagrams } from '../../data/content.ts';
import { renamedDiagrams } from '../../model/redirects.ts';

/**
 * `<name>.svg` (light) and `<name>-dark.svg` for every diagram, the narrow form for
 * phone-width wiki columns as `<name>-narrow.svg` and `<name>-narrow-dark.svg`, and
 * old names kept as copies.
 */
export function getStaticPaths() {
  const renamed = renamedDiagrams(getRedirects(), 'svg').map(([from, to]) => ({
    params: { name: from },
    props: { svg: getDiagram(to).standalone.light },
  }));
  return [
    ...listDiagrams().flatMap((d) => [
      { params: { name: d.name }, props: { svg: d.standalone.light } },
      { params: { name: `${d.name}-dark` }, props: { svg: d.standalone.dark } },
      { params: { name: `${d.name}-narrow` }, props: { svg: d.standalone.narrowLight } },
      { params: { name: `${d.name}-narrow-dark` }, props: { svg: d.standalone.narrowDark } },
    ]),
    ...renamed,
  ];
}

/** Pure SVG (no foreignObject, no web font, links to the cards): shows as an <img> in any wiki. */
export function GET({ props }: APIContext) {
  return new Response((props as { svg: string }).svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
}
