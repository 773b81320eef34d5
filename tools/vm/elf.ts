/**
 * Reads the shared libraries an ELF file asks for (DT_NEEDED) and its program
 * interpreter, so the image builder copies exactly the libraries the chosen
 * binaries load. Pure; handles 32- and 64-bit little-endian files.
 */

export interface ElfDeps {
  /** sonames from DT_NEEDED, in file order */
  needed: string[];
  /** PT_INTERP, e.g. /lib/ld-linux.so.2; null for static binaries */
  interpreter: string | null;
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1;
const DT_STRTAB = 5;

/** null when the bytes are not a little-endian ELF file (scripts, data). */
export function readElfDeps(bytes: Uint8Array): ElfDeps | null {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    return null;
  if (bytes[5] !== 1) return null; // big-endian: not for this machine
  const is64 = bytes[4] === 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (at: number) => (is64 ? Number(view.getBigUint64(at, true)) : view.getUint32(at, true));
  const phoff = word(is64 ? 32 : 28);
  const phentsize = view.getUint16(is64 ? 54 : 42, true);
  const phnum = view.getUint16(is64 ? 56 : 44, true);
  const loads: Array<{ vaddr: number; offset: number; filesz: number }> = [];
  let dynamic: { offset: number; size: number } | null = null;
  let interpreter: string | null = null;
  const cString = (at: number) => {
    let end = at;
    while (end < bytes.length && bytes[end] !== 0) end++;
    return new TextDecoder().decode(bytes.subarray(at, end));
  };
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    const type = view.getUint32(ph, true);
    const offset = is64 ? word(ph + 8) : word(ph + 4);
    const vaddr = is64 ? word(ph + 16) : word(ph + 8);
    const filesz = is64 ? word(ph + 32) : word(ph + 16);
    if (type === PT_LOAD) loads.push({ vaddr, offset, filesz });
    if (type === PT_DYNAMIC) dynamic = { offset, size: filesz };
    if (type === PT_INTERP) interpreter = cString(offset);
  }
  if (!dynamic) return { needed: [], interpreter };
  const entrySize = is64 ? 16 : 8;
  const neededOffsets: number[] = [];
  let strtab = -1;
  for (let at = dynamic.offset; at + entrySize <= dynamic.offset + dynamic.size; at += entrySize) {
    const tag = is64 ? Number(view.getBigInt64(at, true)) : view.getInt32(at, true);
    const value = word(at + (is64 ? 8 : 4));
    if (tag === 0) break;
    if (tag === DT_NEEDED) neededOffsets.push(value);
    if (tag === DT_STRTAB) strtab = value;
  }
  // DT_STRTAB is a virtual address: map it to a file offset through the loadable segments
  const segment = loads.find((s) => strtab >= s.vaddr && strtab < s.vaddr + s.filesz);
  if (!segment) return { needed: [], interpreter };
  const base = strtab - segment.vaddr + segment.offset;
  return { needed: neededOffsets.map((o) => cString(base + o)), interpreter };
}
