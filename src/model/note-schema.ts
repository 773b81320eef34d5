/** Frontmatter of a note, compatible with the Fuwari blog template. */
import { z } from 'zod';

export const noteSchema = z.object({
  title: z.string({ error: 'title is required (a string)' }).min(1, 'title must not be empty'),
  published: z.coerce.date({ error: 'published must be a date such as 2025-04-19' }),
  updated: z.coerce.date({ error: 'updated must be a date such as 2025-04-19' }).optional(),
  description: z.string().optional().default(''),
  image: z.string().optional().default(''),
  tags: z.array(z.string(), { error: 'tags must be a list such as [容器, k8s]' }).optional().default([]),
  category: z.string().nullable().optional().default(''),
  draft: z.boolean({ error: 'draft must be true or false' }).optional().default(false),
  lang: z.string().optional().default(''),
});

export type NoteData = z.output<typeof noteSchema>;
