import { describe, expect, it } from 'vitest';
import { writeCpio } from '../../../tools/vm/cpio.ts';

/** Reads a newc archive back: the fields the kernel uses to unpack it. */
function readCpio(bytes: Uint8Array) {
  const text = new TextDecoder('latin1');
  const entries: Array<{
    name: string;
    mode: number;
    data: string;
    rdevMajor: number;
    rdevMinor: number;
    mtime: number;
  }> = [];
  let at = 0;
  for (;;) {
    expect(text.decode(bytes.subarray(at, at + 6))).toBe('070701');
    const field = (i: number) => parseInt(text.decode(bytes.subarray(at + 6 + i * 8, at + 14 + i * 8)), 16);
    const [mode, mtime, size, rdevMajor, rdevMinor, nameSize] = [
      field(1),
      field(5),
      field(6),
      field(9),
      field(10),
      field(11),
    ];
    const nameStart = at + 110;
    const name = text.decode(bytes.subarray(nameStart, nameStart + nameSize - 1));
    expect(bytes[nameStart + nameSize - 1]).toBe(0);
    const dataStart = Math.ceil((nameStart + nameSize) / 4) * 4;
    const data = text.decode(bytes.subarray(dataStart, dataStart + size));
    at = Math.ceil((dataStart + size) / 4) * 4;
    if (name === 'TRAILER!!!') break;
    entries.push({ name, mode, data, rdevMajor, rdevMinor, mtime });
  }
  expect(at).toBe(bytes.length);
  return entries;
}

describe('writeCpio (newc, the initramfs format)', () => {
  const archive = writeCpio([
    { path: 'bin', type: 'dir' },
    { path: '/bin/hello', type: 'file', data: new TextEncoder().encode('#!/bin/sh\necho hi\n'), mode: 0o755 },
    { path: 'bin/sh', type: 'symlink', target: 'busybox' },
    { path: 'dev/console', type: 'chardev', major: 5, minor: 1 },
  ]);

  it('writes each entry with its type, permissions and content, then the trailer', () => {
    const entries = readCpio(archive);
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ['bin', '40755'],
      ['bin/hello', '100755'],
      ['bin/sh', '120777'],
      ['dev/console', '20600'],
    ]);
    expect(entries[1]!.data).toBe('#!/bin/sh\necho hi\n');
    expect(entries[2]!.data).toBe('busybox');
    expect([entries[3]!.rdevMajor, entries[3]!.rdevMinor]).toEqual([5, 1]);
  });

  it('aligns headers and data to 4 bytes and gives the same bytes for the same input', () => {
    expect(archive.length % 4).toBe(0);
    const again = writeCpio([
      { path: 'bin', type: 'dir' },
      { path: '/bin/hello', type: 'file', data: new TextEncoder().encode('#!/bin/sh\necho hi\n'), mode: 0o755 },
      { path: 'bin/sh', type: 'symlink', target: 'busybox' },
      { path: 'dev/console', type: 'chardev', major: 5, minor: 1 },
    ]);
    expect(Buffer.from(again).equals(Buffer.from(archive))).toBe(true);
    expect(readCpio(archive).every((e) => e.mtime === 0)).toBe(true);
  });

  it('refuses an empty path', () => {
    expect(() => writeCpio([{ path: '/', type: 'dir' }])).toThrow(/empty path/);
  });
});
