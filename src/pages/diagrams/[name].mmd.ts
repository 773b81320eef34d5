import type { APIContext } from 'astro';
import { getDiagram, listDiagrams } from '../../diagrams/manifest.ts';

export function getStaticPaths() {
  return listDiagrams().map((d) => ({ params: { name: d.name } }));
}

/** The Mermaid source, for wikis that render Mermaid themselves. */
export function GET({ params }: APIContext) {
  return new Response(getDiagram(params.name!).source, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
