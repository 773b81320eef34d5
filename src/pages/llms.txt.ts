import type { APIContext } from 'astro';
import { getAtlas, getNotes } from '../data/content.ts';
import { llmsTxt } from '../model/machine-views.ts';
import { siteSettings } from '../config.ts';

export async function GET(context: APIContext) {
  const notes = (await getNotes()).map((n) => ({
    slug: n.slug,
    title: n.title,
    description: n.entry.data.description,
  }));
  const body = llmsTxt(getAtlas(), notes, context.site!.href, import.meta.env.BASE_URL, siteSettings);
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
