/**
 * Typo tolerance for search: a bounded Damerau–Levenshtein distance (optimal string
 * alignment: insertions, deletions, substitutions and swaps of two neighbours) and how
 * many edits a word of a given length may carry. Shared by the build (which lists the
 * site's real words that sit near a name, so they are never "corrected") and the client
 * (which corrects the rest against the names of the vocabulary). Pure.
 */

/**
 * Edits allowed in a word: none up to 3 characters (runc, CRI, k8s are too short to
 * guess), 1 up to 8 (namspace → namespace), 2 from 9 on (kubernets → kubernetes).
 */
export function typoBound(length: number): number {
  if (length <= 3) return 0;
  return length <= 8 ? 1 : 2;
}

/**
 * Optimal-string-alignment distance between `a` and `b`, or `bound + 1` as soon as it
 * is certain to exceed `bound` (so long words cost little when they are far apart).
 */
export function editDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > bound) return bound + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, bound + 1);
}

/** Latin words (letters, digits, `-`, `_`, `.` inside), lower case: what typo correction looks at. */
export function latinWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9]/g) ?? []).filter((w) => /[a-z]/.test(w));
}

/**
 * The closest of `words` to `typed` within its typo bound, or undefined when none is
 * that close or two are equally close (then guessing would be a coin toss).
 */
export function closestWord(typed: string, words: Iterable<string>): string | undefined {
  const bound = typoBound(typed.length);
  if (bound === 0) return undefined;
  let best: string | undefined;
  let bestDistance = bound + 1;
  let tie = false;
  for (const word of words) {
    if (typoBound(word.length) === 0) continue;
    const d = editDistance(typed, word, bound);
    if (d < bestDistance) {
      best = word;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && d <= bound && word !== best) tie = true;
  }
  return best !== undefined && bestDistance > 0 && !tie ? best : undefined;
}
