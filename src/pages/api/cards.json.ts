import type { APIContext } from 'astro';
import { getAtlas } from '../../data/content.ts';
import { cardsJson } from '../../model/machine-views.ts';

export function GET(context: APIContext) {
  return Response.json(cardsJson(getAtlas(), context.site!.href, import.meta.env.BASE_URL));
}
