/** Content collections: notes (Fuwari frontmatter) and cards (the atlas schema). */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { cardSchema } from './model/schema.ts';
import { noteSchema } from './model/note-schema.ts';
import { contentDir } from 'virtual:stack-atlas/config';
import { strictLoader } from './data/strict-loader.ts';

const notes = defineCollection({
  loader: strictLoader(glob({ base: `${contentDir}/notes`, pattern: '**/*.{md,mdx}' })),
  schema: ({ image }) =>
    noteSchema.extend({
      // A cover path relative to the note goes through Astro's image pipeline;
      // a URL or Fuwari's empty string is kept as is.
      image: z
        .union([z.literal(''), z.url(), image()])
        .optional()
        .default(''),
    }),
});

const cards = defineCollection({
  loader: strictLoader(glob({ base: `${contentDir}/cards`, pattern: '*.md' })),
  schema: cardSchema,
});

// The explanation of each runnable example goes through the same Markdown pipeline as notes.
const examples = defineCollection({
  loader: strictLoader(
    glob({ base: `${contentDir}/examples`, pattern: '*/README.md', generateId: ({ entry }) => entry.split('/')[0]! }),
  ),
});

export const collections = { notes, cards, examples };
