import type { APIContext } from 'astro';
import { getNotes } from '../../../data/content.ts';
import { renderPreview } from '../../../og/render.ts';
import { notePreview } from '../../../og/specs.ts';

/** One link-preview image per published note, at og/notes/<slug>.png. */
export async function getStaticPaths() {
  return (await getNotes()).map((note) => ({ params: { slug: note.slug }, props: { slug: note.slug } }));
}

export async function GET({ props }: APIContext<{ slug: string }>) {
  const note = (await getNotes()).find((n) => n.slug === props.slug)!;
  const { data, body } = note.entry;
  const png = await renderPreview(notePreview({ ...data, body }));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
