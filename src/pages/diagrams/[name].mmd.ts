import type { APIContext } from 'astro';
import { getDiagram, getRedirects, listDiagrams } from '../../data/content.ts';
import { renamedDiagrams } from '../../model/redirects.ts';

/** Every diagram's Mermaid source, and old names kept as copies. */
export function getStaticPaths() {
  return [
    ...listDiagrams().map((d) => ({ params: { name: d.name }, props: { source: d.source } })),
    ...renamedDiagrams(getRedirects(), 'mmd').map(([from, to]) => ({
      params: { name: from },
      props: { source: getDiagram(to).source },
    })),
  ];
}

/** The Mermaid source, for wikis that render Mermaid themselves. */
export function GET({ props }: APIContext) {
  return new Response((props as { source: string }).source, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
