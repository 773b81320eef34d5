import type { APIContext } from 'astro';
import { getDiagram, listDiagrams } from '../../diagrams/manifest.ts';

export function getStaticPaths() {
  return listDiagrams().map((d) => ({ params: { name: d.name } }));
}

/** Pure SVG (no foreignObject, no web font): shows as an <img> in any wiki. */
export function GET({ params }: APIContext) {
  return new Response(getDiagram(params.name!).standaloneSvg, {
    headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' },
  });
}
