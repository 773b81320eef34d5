/**
 * Long note lists (the archive, a tag's or a category's notes) are split into pages, so no
 * list page grows with the site: at 10,000 notes the one-page archive was 3.1 MiB of HTML,
 * over the page budget and the offline worker's file limit.
 */

/** Site-relative path of page `n` of the list whose first page is `first` (`archive/` → `archive/2/`). */
export function pagePath(first: string, n: number): string {
  return n <= 1 ? first : `${first}${n}/`;
}

/**
 * Page numbers a pager shows: every page when there are few, else the first, the last and the
 * current page's neighbours (`spread` on each side), with `null` for each gap left out.
 */
export function pageWindow(current: number, last: number, spread = 2): Array<number | null> {
  const shown = new Set<number>([1, last]);
  for (let n = current - spread; n <= current + spread; n++) if (n >= 1 && n <= last) shown.add(n);
  const window: Array<number | null> = [];
  let previous = 0;
  for (const n of [...shown].sort((a, b) => a - b)) {
    // a gap of one page is shown as that page: "1 … 3" would hide a single number behind three dots
    if (n - previous === 2) window.push(n - 1);
    else if (n - previous > 2) window.push(null);
    window.push(n);
    previous = n;
  }
  return window;
}

/** Notes per page of the archive and of each tag's and category's list (STACK_ATLAS_LIST_SIZE, default 50). */
export const DEFAULT_LIST_SIZE = 50;

/** STACK_ATLAS_LIST_SIZE's value as a number of notes per page. */
export function listSize(value: string | undefined): number {
  if (!value) return DEFAULT_LIST_SIZE;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`STACK_ATLAS_LIST_SIZE: "${value}" is not a whole number of notes per page (1 or more)`);
  }
  return size;
}
