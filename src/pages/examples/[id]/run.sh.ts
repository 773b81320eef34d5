import type { APIContext } from 'astro';
import { getExamples } from '../../../data/content.ts';

export function getStaticPaths() {
  return getExamples().map((example) => ({ params: { id: example.id } }));
}

/** The script as a plain download, byte for byte what CI ran. */
export function GET({ params }: APIContext) {
  const example = getExamples().find((e) => e.id === params.id)!;
  return new Response(example.script.text, { headers: { 'Content-Type': 'text/x-shellscript; charset=utf-8' } });
}
