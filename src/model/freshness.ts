/** How fresh a card's facts are: its `reviewed` day against a given date. */

/** `2026-11-30` → `2026-11` (the page shows the month a card was checked). */
export function reviewedMonth(reviewed: string): string {
  return reviewed.slice(0, 7);
}

/** The cards whose `reviewed` day lies more than `months` months before `today` (UTC), oldest first. */
export function staleCards<T extends { reviewed: string }>(cards: readonly T[], today: Date, months = 12): T[] {
  const cutoff = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate()));
  const limit = cutoff.toISOString().slice(0, 10);
  return cards.filter((card) => card.reviewed < limit).sort((a, b) => a.reviewed.localeCompare(b.reviewed));
}
