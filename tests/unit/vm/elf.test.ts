import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readElfDeps } from '../../../tools/vm/elf.ts';

/** A minimal 32-bit little-endian ELF with PT_INTERP, PT_LOAD and PT_DYNAMIC (DT_NEEDED ×2, DT_STRTAB). */
function tinyElf32(): Uint8Array {
  const bytes = new Uint8Array(512);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  const phoff = 52;
  view.setUint32(28, phoff, true);
  view.setUint16(42, 32, true); // phentsize
  view.setUint16(44, 3, true); // phnum
  const ph = (i: number, type: number, offset: number, vaddr: number, size: number) => {
    const at = phoff + i * 32;
    view.setUint32(at, type, true);
    view.setUint32(at + 4, offset, true);
    view.setUint32(at + 8, vaddr, true);
    view.setUint32(at + 16, size, true);
  };
  const interp = '/lib/ld-linux.so.2\0';
  bytes.set(new TextEncoder().encode(interp), 200);
  ph(0, 3, 200, 0, interp.length);
  // strings at file offset 300, loaded at vaddr 0x1000 + 300
  const strings = '\0libseccomp.so.2\0libc.so.6\0';
  bytes.set(new TextEncoder().encode(strings), 300);
  ph(1, 1, 0, 0x1000, 512);
  const dyn = [
    [1, 1],
    [1, 17],
    [5, 0x1000 + 300],
    [0, 0],
  ];
  dyn.forEach(([tag, value], i) => {
    view.setInt32(400 + i * 8, tag!, true);
    view.setUint32(404 + i * 8, value!, true);
  });
  ph(2, 2, 400, 0x1000 + 400, dyn.length * 8);
  return bytes;
}

describe('readElfDeps', () => {
  it('reads DT_NEEDED through DT_STRTAB mapped by PT_LOAD, and the interpreter', () => {
    expect(readElfDeps(tinyElf32())).toEqual({
      needed: ['libseccomp.so.2', 'libc.so.6'],
      interpreter: '/lib/ld-linux.so.2',
    });
  });

  it('returns null for what is not an ELF file (a script)', () => {
    expect(
      readElfDeps(new TextEncoder().encode('#!/bin/sh\necho this is not a binary but it is long enough\n')),
    ).toBeNull();
  });

  it("reads this machine's own Node binary (64-bit) without failing", () => {
    const deps = readElfDeps(readFileSync(process.execPath));
    expect(deps).not.toBeNull();
    // a dynamically linked node names libc; a static one names nothing
    if (deps!.interpreter) expect(deps!.needed).toContain('libc.so.6');
  });
});
