/** Which cards a note mentions: by wiki link or by name/alias in its text. */
import { aliasKey } from './atlas.ts';
import type { Atlas } from './types.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for one term: ASCII terms need word boundaries, Han terms do not. */
export function termPattern(term: string): RegExp {
  const body = escapeRegExp(term);
  const ascii = /^[\x20-\x7e]+$/.test(term);
  return ascii ? new RegExp(`(?<![A-Za-z0-9_-])${body}(?![A-Za-z0-9_])`, 'i') : new RegExp(body, 'i');
}

/** Card ids mentioned in a Markdown text, in card order. Code blocks and inline code are ignored. */
export function findMentions(markdown: string, atlas: Pick<Atlas, 'cards' | 'aliases'>): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const found = new Set<string>();
  for (const match of text.matchAll(/\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]/g)) {
    const id = atlas.aliases.get(aliasKey(match[1]!));
    if (id) found.add(id);
  }
  for (const card of atlas.cards) {
    if (found.has(card.id)) continue;
    const terms = [card.name, card.id, ...card.aliases];
    if (terms.some((term) => termPattern(term).test(text))) found.add(card.id);
  }
  return atlas.cards.map((c) => c.id).filter((id) => found.has(id));
}

/** Card ids a rendered page links to (wiki links and auto-links carry `data-card`), first link first. */
export function linkedCards(html: string): string[] {
  return [...new Set([...html.matchAll(/data-card="([a-z0-9-]+)"/g)].map((m) => m[1]!))];
}
