import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getNotes } from '../data/content.ts';
import { SITE } from '../site.config.ts';
import { joinBase, paths } from '../model/urls.ts';

export async function GET(context: APIContext) {
  const notes = await getNotes();
  return rss({
    title: `${SITE.title} · ${SITE.titleZh}`,
    description: SITE.description,
    site: context.site!,
    customData: '<language>zh-CN</language>',
    items: notes.map((note) => ({
      title: note.title,
      pubDate: note.published,
      description: note.entry.data.description || undefined,
      categories: note.tags,
      link: joinBase(import.meta.env.BASE_URL, paths.note(note.slug)),
    })),
  });
}
