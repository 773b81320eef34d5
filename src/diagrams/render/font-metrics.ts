/**
 * Advance widths of the diagram font, read from its TrueType files, and the writer of
 * `source/font-widths.ts` (the table the pure layout code measures text with).
 *
 * The font is Noto Sans SC (the static TTFs of @expo-google-fonts/noto-sans-sc, the
 * same design as the Noto Sans CJK SC / Source Han Sans SC that the site's diagram
 * font stack names). Only proportional characters are tabled: every other glyph the
 * font has in the CJK ranges is one em wide, which `checkFullWidth` verifies.
 *
 * Regenerate after a font upgrade: `node src/diagrams/render/font-metrics.ts`
 * (tests/unit/diagrams/measure.test.ts fails while the table and the font disagree).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageDir } from './assets.ts';

/** What the table holds: these code point ranges, both weights. */
export const tabledRanges: [number, number][] = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0x17f], // Latin-1, Latin Extended-A
  [0x2010, 0x205e], // general punctuation (dashes, quotes, …, ‰)
  [0x2190, 0x21ff], // arrows
  [0x2460, 0x24ff], // circled numbers
  [0x3000, 0x303f], // CJK punctuation
  [0xff01, 0xff5e], // full-width forms
];

export type Weight = 'regular' | 'bold';

export function fontFile(weight: Weight, root?: string): string {
  const dir = findPackageDir('@expo-google-fonts/noto-sans-sc', root ? [root] : undefined);
  return weight === 'regular'
    ? path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf')
    : path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf');
}

/** A TrueType/OpenType font's units per em and its code point → advance width (font units). */
export function readAdvances(data: Buffer): { unitsPerEm: number; advance: (cp: number) => number | undefined } {
  const tables = new Map<string, number>();
  const count = data.readUInt16BE(4);
  for (let i = 0; i < count; i += 1) {
    const at = 12 + i * 16;
    tables.set(data.toString('latin1', at, at + 4), data.readUInt32BE(at + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font has no ${tag} table`);
    return at;
  };
  const unitsPerEm = data.readUInt16BE(table('head') + 18);
  const metrics = data.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const width = (glyph: number) => data.readUInt16BE(hmtx + 4 * Math.min(glyph, metrics - 1));
  const glyphOf = cmap(data, table('cmap'));
  return {
    unitsPerEm,
    advance: (cp) => {
      const glyph = glyphOf(cp);
      return glyph ? width(glyph) : undefined;
    },
  };
}

/** Code point → glyph id from the best Unicode subtable (format 12, else 4). */
function cmap(data: Buffer, at: number): (cp: number) => number {
  const count = data.readUInt16BE(at + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i += 1) {
    const platform = data.readUInt16BE(at + 4 + i * 8);
    const encoding = data.readUInt16BE(at + 6 + i * 8);
    const sub = at + data.readUInt32BE(at + 8 + i * 8);
    const format = data.readUInt16BE(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && format === 12) format12 = sub;
    if (unicode && format === 4) format4 = sub;
  }
  if (format12 !== undefined) {
    const groups = data.readUInt32BE(format12 + 12);
    return (cp) => {
      for (let g = 0; g < groups; g += 1) {
        const base = format12 + 16 + g * 12;
        const start = data.readUInt32BE(base);
        const end = data.readUInt32BE(base + 4);
        if (cp >= start && cp <= end) return data.readUInt32BE(base + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (format4 === undefined) throw new Error('font has no Unicode cmap');
  const sub = format4;
  const segments = data.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const offsets = deltas + 2 * segments;
  return (cp) => {
    for (let s = 0; s < segments; s += 1) {
      if (cp > data.readUInt16BE(ends + 2 * s)) continue;
      const start = data.readUInt16BE(starts + 2 * s);
      if (cp < start) return 0;
      const delta = data.readInt16BE(deltas + 2 * s);
      const offset = data.readUInt16BE(offsets + 2 * s);
      if (!offset) return (cp + delta) & 0xffff;
      const glyph = data.readUInt16BE(offsets + 2 * s + offset + 2 * (cp - start));
      return glyph ? (glyph + delta) & 0xffff : 0;
    }
    return 0;
  };
}

/** Advances of the tabled ranges in thousandths of an em, `-1` where the font has no glyph. */
export function tableOf(data: Buffer): number[][] {
  const { unitsPerEm, advance } = readAdvances(data);
  return tabledRanges.map(([from, to]) => {
    const row: number[] = [];
    for (let cp = from; cp <= to; cp += 1) {
      const a = advance(cp);
      row.push(a === undefined ? -1 : Math.round((a * 1000) / unitsPerEm));
    }
    return row;
  });
}

/** Code points in `text` at or above U+2E80 (outside the table) that are not one em wide in the font. */
export function checkFullWidth(data: Buffer, text: string): string[] {
  const { unitsPerEm, advance } = readAdvances(data);
  const odd = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x2e80 || tabledRanges.some(([a, b]) => cp >= a && cp <= b)) continue;
    const a = advance(cp);
    if (a !== undefined && a !== unitsPerEm) odd.add(ch);
  }
  return [...odd];
}

/** Source of `source/font-widths.ts`. */
export function widthsModule(root?: string): string {
  const rows = (weight: Weight) =>
    tableOf(readFileSync(fontFile(weight, root)))
      .map((row) => `    [${row.join(',')}],`)
      .join('\n');
  const ranges = tabledRanges.map(([a, b]) => `[0x${a.toString(16)}, 0x${b.toString(16)}]`).join(', ');
  return `/**
 * Advance widths of Noto Sans SC (thousandths of an em) for the proportional ranges;
 * -1 where the font has no glyph. Generated by \`node src/diagrams/render/font-metrics.ts\`
 * from @expo-google-fonts/noto-sans-sc: do not edit by hand.
 */
export const widthRanges: [number, number][] = [${ranges}];

export const widths: { regular: number[][]; bold: number[][] } = {
  regular: [
${rows('regular')}
  ],
  bold: [
${rows('bold')}
  ],
};
`;
}

export const widthsFile = fileURLToPath(new URL('../source/font-widths.ts', import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(widthsFile, widthsModule());
  console.log(`wrote ${path.relative(process.cwd(), widthsFile)}`);
}
