/** The slice of the atlas the markdown plugins need, so tests can pass small in-memory fixtures. */
import { aliasKey, resolveCard } from '../model/atlas.ts';

/** Atlas-like lookup: `Atlas` from `loadAtlas()` satisfies it structurally. */
export interface CardLookup {
  /** Lower-cased id, name and alias → card id (see `aliasKey`). */
  aliases: ReadonlyMap<string, string>;
  /** Card id → card; only `name` is used (default link text). */
  byId: ReadonlyMap<string, { name: string }>;
}

/** Resolves an id, name or alias (any case) to a card id. */
export function resolve(cards: CardLookup, text: string): string | undefined {
  return resolveCard({ aliases: cards.aliases as Map<string, string> }, text);
}

/** Display name of a card, falling back to its id. */
export function cardName(cards: CardLookup, id: string): string {
  return cards.byId.get(id)?.name ?? id;
}

/** Builds a CardLookup from plain `{ id, name, aliases }` records (handy in tests and scripts). */
export function cardLookup(
  records: ReadonlyArray<{ id: string; name: string; aliases?: readonly string[] }>,
): CardLookup {
  const aliases = new Map<string, string>();
  const byId = new Map<string, { name: string }>();
  for (const record of records) {
    byId.set(record.id, { name: record.name });
    for (const text of [record.id, record.name, ...(record.aliases ?? [])]) aliases.set(aliasKey(text), record.id);
  }
  return { aliases, byId };
}
