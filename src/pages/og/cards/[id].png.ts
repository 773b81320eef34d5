import type { APIContext } from 'astro';
import { getAtlas } from '../../../data/content.ts';
import { renderPreview } from '../../../og/render.ts';
import { cardPreview } from '../../../og/specs.ts';

/** One link-preview image per card (alias redirects share the card's image). */
export function getStaticPaths() {
  return getAtlas().cards.map((card) => ({ params: { id: card.id } }));
}

export async function GET({ params }: APIContext) {
  const atlas = getAtlas();
  const png = await renderPreview(cardPreview(atlas, atlas.byId.get(params.id!)!));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
