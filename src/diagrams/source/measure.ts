/**
 * Text widths for the diagrams we lay out ourselves (stack, card neighbourhoods).
 * The SVG is shown in whatever CJK font the reader's system has, so widths are
 * estimated per character class with a safety margin instead of measured in one
 * font: ideographs are one em in every CJK font; Latin letters are narrower.
 */
import { labelTokens } from './syntax.ts';

/** Estimated advance of one character, in em. */
function advance(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x2e80) return 1; // CJK, full-width forms
  if (ch === ' ') return 0.3;
  if (/[A-Z]/.test(ch)) return 0.68;
  if (/[mwMW]/.test(ch)) return 0.85;
  if (/[a-z0-9]/.test(ch)) return 0.57;
  return 0.4; // punctuation
}

/** Estimated width of `text` at `fontSize` px (a little wider than any common sans font). */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += advance(ch);
  return em * fontSize * 1.04;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` at `fontSize`, never inside a
 * Latin word or a Chinese word (Intl.Segmenter), at most `maxLines` lines; the
 * last line ends in … when the text does not fit.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines = 2): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  if (textWidth(clean, fontSize) <= maxWidth) return [clean];
  const tokens = labelTokens(clean).flatMap((token) => (textWidth(token, fontSize) > maxWidth ? [...token] : [token]));
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line.trim() && token !== ' ' && textWidth(candidate.trim(), fontSize) > maxWidth) {
      lines.push(line.trim());
      line = token;
    } else {
      line = candidate;
    }
  }
  if (line.trim()) lines.push(line.trim());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last && textWidth(`${last}…`, fontSize) > maxWidth) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}
