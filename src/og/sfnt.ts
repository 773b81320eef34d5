/**
 * Minimal OpenType collection (.ttc/.otc) support: satori reads TTF, OTF, WOFF
 * and WOFF2 but not collections, and Debian's fonts-noto-cjk ships Noto Sans
 * CJK only as collections. `extractFace` copies one face of a collection into
 * a standalone sfnt (tables are copied byte for byte; only offsets change).
 */

export interface FaceInfo {
  index: number;
  /** Typographic family (name ID 16) or family (name ID 1), e.g. "Noto Sans CJK SC". */
  family: string;
  /** Subfamily (name ID 17 or 2), e.g. "Regular", "Bold". */
  subfamily: string;
}

const TTC_TAG = 0x74746366; // 'ttcf'

/** True when the buffer starts with the 'ttcf' collection signature. */
export function isCollection(data: Uint8Array): boolean {
  return data.length >= 12 && view(data).getUint32(0) === TTC_TAG;
}

/** Offsets of every face's table directory inside a collection. */
function faceOffsets(data: Uint8Array): number[] {
  if (!isCollection(data)) throw new Error('not an OpenType collection (missing ttcf signature)');
  const dv = view(data);
  const count = dv.getUint32(8);
  return Array.from({ length: count }, (_, i) => dv.getUint32(12 + 4 * i));
}

interface TableRecord {
  tag: string;
  checksum: number;
  offset: number;
  length: number;
}

function tableRecords(data: Uint8Array, dirOffset: number): { flavor: number; tables: TableRecord[] } {
  const dv = view(data);
  const flavor = dv.getUint32(dirOffset);
  const numTables = dv.getUint16(dirOffset + 4);
  const tables: TableRecord[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = dirOffset + 12 + 16 * i;
    tables.push({
      tag: String.fromCharCode(data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!),
      checksum: dv.getUint32(at + 4),
      offset: dv.getUint32(at + 8),
      length: dv.getUint32(at + 12),
    });
  }
  return { flavor, tables };
}

/** Reads family and subfamily from a face's `name` table (Windows Unicode or Mac Roman records). */
function faceNames(data: Uint8Array, tables: TableRecord[]): { family: string; subfamily: string } {
  const name = tables.find((t) => t.tag === 'name');
  if (!name) return { family: '', subfamily: '' };
  const dv = view(data);
  const count = dv.getUint16(name.offset + 2);
  const storage = name.offset + dv.getUint16(name.offset + 4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const at = name.offset + 6 + 12 * i;
    const platform = dv.getUint16(at);
    const language = dv.getUint16(at + 4);
    const nameId = dv.getUint16(at + 6);
    const length = dv.getUint16(at + 8);
    const offset = storage + dv.getUint16(at + 10);
    const bytes = data.subarray(offset, offset + length);
    let text: string | undefined;
    if (platform === 3 && language === 0x0409) text = new TextDecoder('utf-16be').decode(bytes);
    else if (platform === 1 && language === 0) text = String.fromCharCode(...bytes);
    // Prefer the Windows English record; fall back to Mac Roman.
    if (text !== undefined && (platform === 3 || !found.has(nameId))) found.set(nameId, text);
  }
  return {
    family: found.get(16) ?? found.get(1) ?? '',
    subfamily: found.get(17) ?? found.get(2) ?? '',
  };
}

/** Every face in a collection with its names, in collection order. */
export function listFaces(data: Uint8Array): FaceInfo[] {
  return faceOffsets(data).map((offset, index) => ({ index, ...faceNames(data, tableRecords(data, offset).tables) }));
}

/** Copies face `index` of a collection into a standalone OpenType font. */
export function extractFace(data: Uint8Array, index: number): Uint8Array {
  const offsets = faceOffsets(data);
  const dirOffset = offsets[index];
  if (dirOffset === undefined) throw new Error(`collection has ${offsets.length} faces, no face ${index}`);
  const { flavor, tables } = tableRecords(data, dirOffset);
  const pad = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 16 * tables.length;
  const total = tables.reduce((sum, t) => sum + pad(t.length), headerSize);
  const out = new Uint8Array(total);
  const dv = view(out);
  // Offset table: sfnt version, numTables, searchRange, entrySelector, rangeShift.
  const entrySelector = Math.floor(Math.log2(tables.length));
  const searchRange = 2 ** entrySelector * 16;
  dv.setUint32(0, flavor);
  dv.setUint16(4, tables.length);
  dv.setUint16(6, searchRange);
  dv.setUint16(8, entrySelector);
  dv.setUint16(10, tables.length * 16 - searchRange);
  // Table records must be sorted by tag; data follows in the same order.
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  let cursor = headerSize;
  sorted.forEach((table, i) => {
    const at = 12 + 16 * i;
    for (let c = 0; c < 4; c++) out[at + c] = table.tag.charCodeAt(c);
    dv.setUint32(at + 4, table.checksum);
    dv.setUint32(at + 8, cursor);
    dv.setUint32(at + 12, table.length);
    out.set(data.subarray(table.offset, table.offset + table.length), cursor);
    cursor += pad(table.length);
  });
  return out;
}

/**
 * The face of a collection whose family matches `family` exactly (case-insensitive),
 * e.g. "Noto Sans CJK SC"; undefined when there is none.
 */
export function findFace(data: Uint8Array, family: string): FaceInfo | undefined {
  const wanted = family.toLowerCase();
  return listFaces(data).find((face) => face.family.toLowerCase() === wanted);
}

function view(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Which code points a standalone font maps to a glyph (its best Unicode `cmap`
 * subtable, format 12 or 4). Used to check that content has no characters the
 * preview font would draw as empty boxes.
 */
export function glyphCoverage(font: Uint8Array): (codePoint: number) => boolean {
  const signature = view(font).getUint32(0);
  if (signature === 0x774f4646 || signature === 0x774f4632)
    throw new Error('glyphCoverage reads TTF/OTF, not WOFF/WOFF2');
  const { tables } = tableRecords(font, 0);
  const cmap = tables.find((t) => t.tag === 'cmap');
  if (!cmap) throw new Error('font has no cmap table');
  const dv = view(font);
  const count = dv.getUint16(cmap.offset + 2);
  const subtables: Array<{ platform: number; encoding: number; offset: number; format: number }> = [];
  for (let i = 0; i < count; i++) {
    const at = cmap.offset + 4 + 8 * i;
    const offset = cmap.offset + dv.getUint32(at + 4);
    subtables.push({
      platform: dv.getUint16(at),
      encoding: dv.getUint16(at + 2),
      offset,
      format: dv.getUint16(offset),
    });
  }
  const full = subtables.find((s) => s.format === 12 && (s.platform === 0 || (s.platform === 3 && s.encoding === 10)));
  if (full) {
    const groups = dv.getUint32(full.offset + 12);
    const ranges: Array<[number, number, number]> = [];
    for (let i = 0; i < groups; i++) {
      const at = full.offset + 16 + 12 * i;
      ranges.push([dv.getUint32(at), dv.getUint32(at + 4), dv.getUint32(at + 8)]);
    }
    return (cp) => ranges.some(([start, end, glyph]) => cp >= start && cp <= end && glyph + cp - start !== 0);
  }
  const bmp = subtables.find((s) => s.format === 4 && (s.platform === 0 || (s.platform === 3 && s.encoding === 1)));
  if (!bmp) throw new Error('font has no Unicode cmap subtable (format 4 or 12)');
  const at = bmp.offset;
  const segments = dv.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (cp) => {
    if (cp > 0xffff) return false;
    for (let i = 0; i < segments; i++) {
      if (cp > dv.getUint16(ends + 2 * i)) continue;
      const start = dv.getUint16(starts + 2 * i);
      if (cp < start) return false;
      const delta = dv.getInt16(deltas + 2 * i);
      const rangeOffset = dv.getUint16(rangeOffsets + 2 * i);
      if (rangeOffset === 0) return ((cp + delta) & 0xffff) !== 0;
      const glyph = dv.getUint16(rangeOffsets + 2 * i + rangeOffset + 2 * (cp - start));
      return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
    }
    return false;
  };
}
