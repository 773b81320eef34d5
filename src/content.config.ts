/** Content collections: notes (Fuwari frontmatter) and cards (the atlas schema). */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { cardSchemaFor } from './model/schema.ts';
import { siteSettings } from './config.ts';
import { noteSchema } from './model/note-schema.ts';
import { contentDir, noteSymlinks } from 'virtual:stack-atlas/config';
import { strictLoader } from './data/strict-loader.ts';
import { noteGlobPatterns, noteSlug } from './model/note-files.ts';

const notes = defineCollection({
  // Same files and slugs as the content check (src/model/note-files.ts): symbolic links skipped,
  // so a link loop cannot make the loader walk forever and no note is published twice.
  loader: strictLoader(
    glob({
      base: `${contentDir}/notes`,
      pattern: noteGlobPatterns(noteSymlinks),
      generateId: ({ entry, data }) => noteSlug(entry, data.slug),
    }),
  ),
  schema: ({ image }) =>
    noteSchema.extend({
      // A cover path relative to the note goes through Astro's image pipeline;
      // a URL or Fuwari's empty string is kept as is.
      image: z
        .union([z.literal(''), z.url({ protocol: /^https?$/ }), image()])
        .optional()
        .default(''),
    }),
});

const cards = defineCollection({
  loader: strictLoader(glob({ base: `${contentDir}/cards`, pattern: '*.md' })),
  // the site's own kinds and traits (site.yaml) are valid here as in the content check
  schema: cardSchemaFor(siteSettings),
});

// The explanation of each runnable example goes through the same Markdown pipeline as notes.
const examples = defineCollection({
  loader: strictLoader(
    glob({ base: `${contentDir}/examples`, pattern: '*/README.md', generateId: ({ entry }) => entry.split('/')[0]! }),
  ),
});

export const collections = { notes, cards, examples };
