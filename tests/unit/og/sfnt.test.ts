import { describe, expect, it } from 'vitest';
import { extractFace, findFace, glyphCoverage, isCollection, listFaces } from '../../../src/og/sfnt.ts';

/** A `name` table with Windows (3,1,0x409) family (ID 1) and subfamily (ID 2) records. */
function nameTable(family: string, subfamily: string): Uint8Array {
  const strings = [family, subfamily].map((s) => {
    const bytes = new Uint8Array(s.length * 2);
    [...s].forEach((ch, i) => {
      bytes[2 * i] = ch.charCodeAt(0) >> 8;
      bytes[2 * i + 1] = ch.charCodeAt(0) & 0xff;
    });
    return bytes;
  });
  const header = 6 + 12 * strings.length;
  const out = new Uint8Array(header + strings.reduce((n, s) => n + s.length, 0));
  const dv = new DataView(out.buffer);
  dv.setUint16(2, strings.length);
  dv.setUint16(4, header);
  let offset = 0;
  strings.forEach((s, i) => {
    const at = 6 + 12 * i;
    dv.setUint16(at, 3);
    dv.setUint16(at + 2, 1);
    dv.setUint16(at + 4, 0x0409);
    dv.setUint16(at + 6, i + 1);
    dv.setUint16(at + 8, s.length);
    dv.setUint16(at + 10, offset);
    out.set(s, header + offset);
    offset += s.length;
  });
  return out;
}

/** A format-4 cmap mapping A..C (0x41–0x43) to glyphs 1..3. */
function cmapTable(): Uint8Array {
  const segments = 2; // [0x41, 0x43] and the final 0xFFFF segment
  const sub = new Uint8Array(16 + 8 * segments);
  const s = new DataView(sub.buffer);
  s.setUint16(0, 4);
  s.setUint16(2, sub.length);
  s.setUint16(6, segments * 2);
  s.setUint16(14, 0x43); // endCode[0]
  s.setUint16(16, 0xffff); // endCode[1]
  s.setUint16(20, 0x41); // startCode[0] (after reservedPad at 18)
  s.setUint16(22, 0xffff);
  s.setInt16(24, 1 - 0x41); // idDelta[0]: 0x41 → glyph 1
  s.setInt16(26, 1);
  const out = new Uint8Array(12 + sub.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(2, 1);
  dv.setUint16(4, 3);
  dv.setUint16(6, 1);
  dv.setUint32(8, 12);
  out.set(sub, 12);
  return out;
}

/** A collection of faces, each {tag: bytes}; tables with identical bytes are stored once, as in real TTCs. */
function collection(faces: Array<Record<string, Uint8Array>>): Uint8Array {
  const pad = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 4 * faces.length;
  const dirSizes = faces.map((f) => 12 + 16 * Object.keys(f).length);
  let cursor = headerSize + dirSizes.reduce((a, b) => a + b, 0);
  const stored = new Map<Uint8Array, number>();
  const chunks: Array<[number, Uint8Array]> = [];
  for (const face of faces) {
    for (const data of Object.values(face)) {
      if (stored.has(data)) continue;
      stored.set(data, cursor);
      chunks.push([cursor, data]);
      cursor += pad(data.length);
    }
  }
  const out = new Uint8Array(cursor);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x74746366);
  dv.setUint32(4, 0x00010000);
  dv.setUint32(8, faces.length);
  let dir = headerSize;
  faces.forEach((face, i) => {
    dv.setUint32(12 + 4 * i, dir);
    dv.setUint32(dir, 0x4f54544f); // 'OTTO'
    const tags = Object.keys(face).sort();
    dv.setUint16(dir + 4, tags.length);
    tags.forEach((tag, t) => {
      const at = dir + 12 + 16 * t;
      for (let c = 0; c < 4; c++) out[at + c] = tag.charCodeAt(c);
      dv.setUint32(at + 8, stored.get(face[tag]!)!);
      dv.setUint32(at + 12, face[tag]!.length);
    });
    dir += dirSizes[i]!;
  });
  for (const [offset, data] of chunks) out.set(data, offset);
  return out;
}

function tables(font: Uint8Array): Record<string, Uint8Array> {
  const dv = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const result: Record<string, Uint8Array> = {};
  for (let i = 0; i < dv.getUint16(4); i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    result[tag] = font.subarray(dv.getUint32(at + 8), dv.getUint32(at + 8) + dv.getUint32(at + 12));
  }
  return result;
}

describe('OpenType collections', () => {
  const shared = new Uint8Array([1, 2, 3, 4, 5, 6, 7]); // e.g. the CFF outlines shared by every face
  const ttc = collection([
    { 'CFF ': shared, name: nameTable('Noto Sans CJK JP', 'Regular'), cmap: cmapTable() },
    { 'CFF ': shared, name: nameTable('Noto Sans CJK SC', 'Regular'), cmap: cmapTable() },
  ]);

  it('lists the faces with their family names', () => {
    expect(isCollection(ttc)).toBe(true);
    expect(listFaces(ttc)).toEqual([
      { index: 0, family: 'Noto Sans CJK JP', subfamily: 'Regular' },
      { index: 1, family: 'Noto Sans CJK SC', subfamily: 'Regular' },
    ]);
    expect(findFace(ttc, 'noto sans cjk sc')?.index).toBe(1);
    expect(findFace(ttc, 'Noto Sans CJK KR')).toBeUndefined();
  });

  it('copies one face into a standalone font with every table intact', () => {
    const font = extractFace(ttc, 1);
    expect(isCollection(font)).toBe(false);
    expect(new DataView(font.buffer).getUint32(0)).toBe(0x4f54544f);
    const t = tables(font);
    expect(Object.keys(t)).toEqual(['CFF ', 'cmap', 'name']);
    expect([...t['CFF ']!]).toEqual([...shared]);
    expect(listFaces(collection([t])).map((f) => f.family)).toEqual(['Noto Sans CJK SC']);
    // Table data starts on 4-byte boundaries.
    const dv = new DataView(font.buffer);
    for (let i = 0; i < 3; i++) expect(dv.getUint32(12 + 16 * i + 8) % 4).toBe(0);
  });

  it('reads which characters a font covers', () => {
    const covers = glyphCoverage(extractFace(ttc, 0));
    expect(['A', 'B', 'C'].map((c) => covers(c.codePointAt(0)!))).toEqual([true, true, true]);
    expect(covers('D'.codePointAt(0)!)).toBe(false);
    expect(covers('容'.codePointAt(0)!)).toBe(false);
  });

  it('rejects a face index the collection does not have, and plain fonts', () => {
    expect(() => extractFace(ttc, 2)).toThrow(/2 faces/);
    expect(() => listFaces(extractFace(ttc, 0))).toThrow(/ttcf/);
  });
});
