/**
 * The note's slips: remarks on cards that correct a sentence of a note
 * (`corrects: { note, quote }`). The note stays as its author wrote it; its page
 * marks each corrected sentence with a link to the card's remark.
 */
import { ContentError } from './errors.ts';
import type { Atlas } from './types.ts';
import { paths, withBase } from './urls.ts';

export interface NoteSlip {
  /** The words of the note, as written (Markdown emphasis removed). */
  quote: string;
  /** The remark on the card: `/cards/lxc/#remark-1`. */
  href: string;
  card: string;
  /** The remark itself, for the marker's accessible name. */
  remark: string;
}

/** Markdown source reduced to the words a reader sees: emphasis markers and inline HTML tags dropped. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/(\*\*|__|\*|~~)/g, '')
    .replace(/\s+/g, ' ');
}

/** Anchor of a card's n-th remark (1-based), used on the card page and by the markers. */
export const remarkAnchor = (index: number) => `remark-${index + 1}`;

/** Every slip, by note slug; throws naming the card and field when a note or quote does not exist. */
export function noteSlips(
  atlas: Pick<Atlas, 'cards'>,
  notes: { slug: string; body: string }[],
  base: string,
): Map<string, NoteSlip[]> {
  const bodies = new Map(notes.map((note) => [note.slug, plainText(note.body)]));
  const slips = new Map<string, NoteSlip[]>();
  for (const card of atlas.cards) {
    card.remarks.forEach((remark, index) => {
      if (!remark.corrects) return;
      const { note, quote } = remark.corrects;
      const body = bodies.get(note);
      if (body === undefined) {
        throw new ContentError(card.file, `remarks.${index}.corrects.note: unknown note "${note}"`);
      }
      if (!body.includes(plainText(quote))) {
        throw new ContentError(card.file, `remarks.${index}.corrects.quote: "${quote}" is not in the note "${note}"`);
      }
      const slip = {
        quote: plainText(quote),
        href: withBase(base, paths.card(card.id, remarkAnchor(index))),
        card: card.id,
        remark: remark.text,
      };
      slips.set(note, [...(slips.get(note) ?? []), slip]);
    });
  }
  return slips;
}
