/**
 * Small helpers for writing Mermaid source safely: escaping label text and
 * wrapping long Chinese labels. Pure functions, no I/O.
 */

/**
 * Escapes text for a quoted Mermaid label (`id["…"]`, `-->|"…"|`, sequence
 * messages). Mermaid decodes `#name;` / `#123;` entity codes itself, so every
 * character with a syntactic meaning is written as one.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#"&<>|`;]/g, (ch) => entityCodes[ch]!);
}

const entityCodes: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '|': '#124;',
  '`': '#96;',
  ';': '#59;',
};

/** Width of text in "half-width units": CJK and full-width characters count 2. */
export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += isWide(ch) ? 2 : 1;
  return units;
}

function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  );
}

/** Characters that must not start a line (Chinese line-breaking rules, simplified). */
const noLineStart = new Set('，。、；：？！）》」』】〕…—·,.;:?!)]}%'.split(''));

/**
 * Breaks a label into lines of at most `maxUnits` half-width units. Breaks at
 * spaces or between wide characters; never inside a Latin word and never before
 * closing punctuation. Deterministic.
 */
export function wrapLabel(text: string, maxUnits = 20): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (textUnits(clean) <= maxUnits) return clean ? [clean] : [];
  // Balance the lines (11 characters over two lines become 5 + 6, not 9 + 2): try
  // every width from the balanced one up to the maximum; fewest lines, then the
  // most even lengths, win.
  let best: string[] | undefined;
  let bestScore = Infinity;
  for (let width = Math.min(8, maxUnits); width <= maxUnits; width += 1) {
    const lines = breakLines(clean, width);
    const lengths = lines.map(textUnits);
    const score = lines.length * 1000 + (Math.max(...lengths) - Math.min(...lengths));
    if (score < bestScore) {
      best = lines;
      bestScore = score;
    }
  }
  return best!;
}

/** Characters that must not end a line. */
const noLineEnd = new Set('（《「『【〔(['.split(''));

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : undefined;

const endsWide = (text: string) => text.length > 0 && isWide([...text].at(-1)!);

/**
 * Splits text into unbreakable pieces: Chinese words (Intl.Segmenter), Latin
 * words with their hyphens and punctuation, and single spaces. A one-character
 * Chinese segment is glued to the word before it (运行|时 → 运行时, 友好|的 → 友好的),
 * closing punctuation to whatever precedes it.
 */
export function labelTokens(text: string): string[] {
  const raw = segmenter ? [...segmenter.segment(text)].map((s) => s.segment) : [...text];
  const tokens: string[] = [];
  for (const piece of raw) {
    const prev = tokens.at(-1);
    const pieceWide = [...piece].every(isWide);
    const glue =
      prev !== undefined &&
      prev !== ' ' &&
      piece !== ' ' &&
      ((!pieceWide && !endsWide(prev)) || // Latin run: runtime|-|spec
        (pieceWide &&
          [...piece].length === 1 &&
          !noLineEnd.has(piece) &&
          endsWide(prev) &&
          !noLineStart.has(prev.at(-1)!)) ||
        noLineStart.has(piece[0]!) ||
        noLineEnd.has(prev.at(-1)!));
    if (glue) tokens[tokens.length - 1] = prev + piece;
    else tokens.push(piece === ' ' || /^\s+$/.test(piece) ? ' ' : piece);
  }
  return tokens;
}

function breakLines(clean: string, maxUnits: number): string[] {
  const tokens = labelTokens(clean).flatMap((t) => (textUnits(t) > maxUnits && [...t].every(isWide) ? [...t] : [t]));
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line.trim() && token !== ' ' && textUnits(candidate.trim()) > maxUnits) {
      lines.push(line.trim());
      line = token;
    } else {
      line = candidate;
    }
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

/** Joins label lines with Mermaid's line break (works with `htmlLabels: false`). */
export function labelLines(lines: string[]): string {
  return lines.map(escapeLabel).join('<br/>');
}

/** A Mermaid-safe identifier for sequence participants and subgraphs (ASCII word chars). */
export function safeId(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
}
