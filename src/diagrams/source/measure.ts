/**
 * Text widths for the diagrams we lay out ourselves (stack, card neighbourhoods,
 * call-chain steps), measured with the advance widths of Noto Sans SC
 * (`font-widths.ts`, read from the font files): the design the diagram font stack
 * names (Noto Sans CJK SC, Source Han Sans SC) and the one the build renders Mermaid
 * with. Han characters are one em in every CJK font; proportional characters
 * (Latin, digits, punctuation) get a small margin for the other CJK system fonts a
 * reader may have (PingFang SC, Microsoft YaHei), whose Latin is a little different.
 */
import { widthRanges, widths } from './font-widths.ts';
import { labelTokens } from './syntax.ts';

/** Extra room for proportional characters drawn in another CJK system font. */
export const proportionalMargin = 1.05;

/** Advance of one character in em (bold for the weights the diagrams draw at 600 and above). */
export function advance(ch: string, bold = false): number {
  const cp = ch.codePointAt(0)!;
  const table = bold ? widths.bold : widths.regular;
  for (let i = 0; i < widthRanges.length; i += 1) {
    const [from, to] = widthRanges[i]!;
    if (cp < from || cp > to) continue;
    const units = table[i]![cp - from]!;
    if (units === 1000) return 1;
    // A character the font lacks comes from a fallback font: assume a wide one.
    return units < 0 ? 1 : (units / 1000) * proportionalMargin;
  }
  if (cp >= 0x2e80) return 1; // Han, kana, Hangul, full-width forms: one em (checked against the font by the tests)
  return 0.7 * proportionalMargin; // scripts outside the table: wider than any Latin letter but W and M
}

/** Width of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += advance(ch, bold);
  return em * fontSize;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` at `fontSize`, never inside a
 * Latin word or a Chinese word (Intl.Segmenter) unless the word alone is wider than
 * the line. Never shortens: every word of the text is on some line, and the caller
 * makes the box as tall as the lines need.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  const fits = (s: string) => textWidth(s, fontSize, bold) <= maxWidth;
  if (fits(clean)) return [clean];
  const tokens = labelTokens(clean).flatMap((token) => (fits(token) ? [token] : splitToken(token, fits)));
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line.trim() && token !== ' ' && !fits(candidate.trim())) {
      lines.push(line.trim());
      line = token;
    } else {
      line = candidate;
    }
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

/** A word wider than the line: broken after `. / - _ :` where possible, else between characters. */
function splitToken(token: string, fits: (s: string) => boolean): string[] {
  const pieces = token.split(/(?<=[./_:-])/);
  const out: string[] = [];
  for (const piece of pieces) {
    if (fits(piece)) {
      out.push(piece);
      continue;
    }
    let part = '';
    for (const ch of piece) {
      if (part && !fits(part + ch)) {
        out.push(part);
        part = '';
      }
      part += ch;
    }
    if (part) out.push(part);
  }
  return out;
}
