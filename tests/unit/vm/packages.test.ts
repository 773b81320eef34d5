import { describe, expect, it } from 'vitest';
import { aptSpec, checkPin, packages, parseStanzas, type PackagePin } from '../../../tools/vm/packages.ts';

const index = `Package: busybox-static
Source: busybox (1:1.35.0-4+deb12u1)
Version: 1:1.35.0-4+deb12u1+b1
Architecture: i386
Description: Standalone rescue shell with tons of builtin utilities
 BusyBox combines tiny versions of many common UNIX utilities into a single
 small executable.
Filename: pool/main/b/busybox/busybox-static_1.35.0-4+deb12u1+b1_i386.deb
SHA256: 725ef9e6fbac4ab79b353165b05005e8c140d6e42177ebbc202ff1e13ded8b7c

Package: runc
Version: 1.1.5+ds1-1+deb12u1
Architecture: i386
Filename: pool/main/r/runc/runc_1.1.5+ds1-1+deb12u1_i386.deb
SHA256: 4090d51fc4f2516ced48ba54bedca3af17fb9948abeb7e551694d2f00e5d38e3
`;

const pin = (name: string) => packages.find((p) => p.name === name)!;

describe('parseStanzas', () => {
  it('splits stanzas on blank lines and joins continuation lines', () => {
    const stanzas = parseStanzas(index);
    expect(stanzas.map((s) => s.Package)).toEqual(['busybox-static', 'runc']);
    expect(stanzas[0]!.Description).toBe(
      'Standalone rescue shell with tons of builtin utilities\nBusyBox combines tiny versions of many common UNIX utilities into a single\nsmall executable.',
    );
  });
});

describe('checkPin', () => {
  const stanzas = parseStanzas(index);

  it('accepts pins that match the index, with the source from a binNMU Source field or the package name', () => {
    expect(checkPin(pin('busybox-static'), stanzas)).toEqual([]);
    expect(checkPin(pin('runc'), stanzas)).toEqual([]);
  });

  it('names a version that left the archive and what the archive has instead', () => {
    const old: PackagePin = { ...pin('runc'), version: '1.1.4+ds1-1' };
    expect(checkPin(old, stanzas)).toEqual([
      'runc: version 1.1.4+ds1-1 not in the archive index (it has 1.1.5+ds1-1+deb12u1)',
    ]);
  });

  it('catches a checksum that differs from the signed index', () => {
    const tampered: PackagePin = { ...pin('runc'), sha256: '0'.repeat(64) };
    expect(checkPin(tampered, stanzas)[0]).toMatch(/^runc: sha256 4090d51f.* in the index, 0{64} pinned$/);
  });

  it('reports a package missing from the index', () => {
    expect(checkPin(pin('libc6'), stanzas)).toEqual(['libc6: not in the archive index']);
  });
});

describe('the pins', () => {
  it('name each package once, with a sha256, a licence and a source package', () => {
    expect(new Set(packages.map((p) => p.name)).size).toBe(packages.length);
    for (const p of packages) {
      expect(p.sha256, p.name).toMatch(/^[0-9a-f]{64}$/);
      expect(p.licence, p.name).not.toBe('');
      expect(p.filename, p.name).toMatch(new RegExp(`^pool/main/.*/${p.name}_`));
    }
  });

  it('ask apt for exactly the pinned version', () => {
    expect(aptSpec(pin('runc'))).toBe('runc=1.1.5+ds1-1+deb12u1');
  });
});
