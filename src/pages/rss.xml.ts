import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getNotes } from '../data/content.ts';
import { forReaders } from '../model/notes.ts';
import { siteLang, siteSettings } from '../config.ts';
import { paths, withBase } from '../model/urls.ts';

export async function GET(context: APIContext) {
  // The feed is for readers: notes for the site's authors (audience: authors) stay out.
  const notes = forReaders(await getNotes());
  return rss({
    title: [siteSettings.name, siteSettings.tagline].filter(Boolean).join(' · '),
    description: siteSettings.description,
    site: context.site!,
    customData: `<language>${siteLang}</language>`,
    items: notes.map((note) => ({
      title: note.title,
      pubDate: note.published,
      description: note.entry.data.description || undefined,
      categories: note.tags,
      link: withBase(import.meta.env.BASE_URL, paths.note(note.slug)),
    })),
  });
}
