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
  // Tokens: runs of non-wide, non-space characters (words) or single wide characters.
  const tokens = clean.match(/[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+|\s|./gu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line.trim() && textUnits(candidate.trimEnd()) > maxUnits && !noLineStart.has(token)) {
      lines.push(line.trim());
      line = token === ' ' ? '' : token;
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
