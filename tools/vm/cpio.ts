/**
 * A writer for the "newc" cpio format (the one the Linux kernel unpacks as an
 * initramfs). Pure: entries in, bytes out. Every file gets the same mtime so that
 * the same inputs give the same archive.
 */

export type CpioEntry =
  | { path: string; type: 'dir'; mode?: number }
  | { path: string; type: 'file'; data: Uint8Array; mode?: number }
  | { path: string; type: 'symlink'; target: string }
  | { path: string; type: 'chardev'; major: number; minor: number; mode?: number };

const TYPE_BITS = { dir: 0o040000, file: 0o100000, symlink: 0o120000, chardev: 0o020000 } as const;
const encoder = new TextEncoder();

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** Builds a newc archive; paths are relative (no leading /), parents must come before children. */
export function writeCpio(entries: CpioEntry[], mtime = 0): Uint8Array {
  const chunks: Uint8Array[] = [];
  let ino = 1;
  const push = (path: string, mode: number, data: Uint8Array, rdev: [number, number] = [0, 0]) => {
    const name = encoder.encode(`${path}\0`);
    const fields = [ino++, mode, 0, 0, 1, mtime, data.length, 0, 0, rdev[0], rdev[1], name.length, 0];
    const header = encoder.encode(`070701${fields.map(hex8).join('')}`);
    chunks.push(
      header,
      name,
      new Uint8Array(pad4(header.length + name.length)),
      data,
      new Uint8Array(pad4(data.length)),
    );
  };
  for (const entry of entries) {
    const path = entry.path.replace(/^\/+/, '');
    if (!path) throw new Error('cpio: empty path');
    switch (entry.type) {
      case 'dir':
        push(path, TYPE_BITS.dir | (entry.mode ?? 0o755), new Uint8Array());
        break;
      case 'file':
        push(path, TYPE_BITS.file | (entry.mode ?? 0o644), entry.data);
        break;
      case 'symlink':
        push(path, TYPE_BITS.symlink | 0o777, encoder.encode(entry.target));
        break;
      case 'chardev':
        push(path, TYPE_BITS.chardev | (entry.mode ?? 0o600), new Uint8Array(), [entry.major, entry.minor]);
        break;
    }
  }
  ino = 0;
  push('TRAILER!!!', 0, new Uint8Array());
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
