/** Frontmatter of a note, compatible with the Fuwari blog template. */
import { z } from 'zod';
import { isSafeUrl } from './safe-url.ts';
import { taxonomySlug } from './urls.ts';

/** True when a YYYY-MM-DD(THH:MM…) string names a real calendar day (no 2025-02-30). */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!match) return !Number.isNaN(new Date(text).getTime()) && /\d{4}/.test(text);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function noteDate(field: string) {
  const message = `${field} must be a real date such as 2025-04-19`;
  return z
    .union([z.date(), z.string().refine(isRealDate, message)], { error: message })
    .transform((value) => new Date(value))
    .refine((date) => !Number.isNaN(date.getTime()), message);
}

/** A tag or category: any text, as long as it has a letter or digit to build its URL from. */
function taxonomyName(field: string, allowEmpty = false) {
  return z
    .string({ error: `${field} must be text; put numbers in quotes, such as "2024"` })
    .refine((name) => (allowEmpty && name === '') || taxonomySlug(name) !== '', {
      error: (issue) => `${field} "${String(issue.input)}" has no letter or digit to make a URL from`,
    });
}

export const noteSchema = z.object({
  title: z.string({ error: 'title is required (a string)' }).min(1, 'title must not be empty'),
  published: noteDate('published'),
  updated: noteDate('updated').optional(),
  description: z.string().optional().default(''),
  image: z
    .string()
    .refine((value) => value === '' || isSafeUrl(value), {
      error: (issue) =>
        `image must be a path relative to the note (./cover.png) or an http(s) URL, not "${String(issue.input)}"`,
    })
    .optional()
    .default(''),
  tags: z.array(taxonomyName('tag'), { error: 'tags must be a list such as [containers, k8s]' }).optional().default([]),
  category: taxonomyName('category', true).nullable().optional().default(''),
  draft: z.boolean({ error: 'draft must be true or false' }).optional().default(false),
  lang: z.string().optional().default(''),
  /**
   * Who the note is written for. `authors` (a writing guide, a style sheet) keeps it out of the
   * lists readers browse (home page, a card's 提到它的笔记, RSS, previous/next); its page, the
   * archive, its tags and category still reach it. Not a Fuwari field: Fuwari ignores it.
   */
  audience: z
    .enum(['readers', 'authors'], { error: 'audience must be readers or authors' })
    .optional()
    .default('readers'),
});

export type NoteData = z.output<typeof noteSchema>;
