import { getAtlas } from '../../data/content.ts';
import { renderPreview } from '../../og/render.ts';
import { sitePreview } from '../../og/specs.ts';

/** The site-wide link-preview image: home page and pages without their own. */
export async function GET() {
  const png = await renderPreview(sitePreview(getAtlas()));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
