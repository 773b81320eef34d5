/**
 * The Debian 12 (bookworm) i386 packages the live machine is made of, pinned by
 * version and by the sha256 that Debian's signed Packages index gives for the .deb.
 * All come from the bookworm point release (`bookworm` or `bookworm-updates`, main).
 * `take` lists the files copied into the initramfs; shared libraries are not listed:
 * the builder adds what the ELF files ask for (DT_NEEDED) from these packages.
 * Changing anything here changes the image key and rebuilds the image.
 */

export interface PackagePin {
  name: string;
  version: string;
  arch: 'i386' | 'all';
  /** Debian source package and its version, for the licence page and source links. */
  source: string;
  sourceVersion: string;
  /** SPDX expression, as given by the package's debian/copyright for what is shipped. */
  licence: string;
  /** Path in the archive (the `Filename` field of the Packages index). */
  filename: string;
  /** sha256 of the .deb (the `SHA256` field of the Packages index). */
  sha256: string;
  /** Files of the package copied into the initramfs, relative to the package root (no leading /). */
  take: string[];
  /** Shared libraries: found by soname when a taken file needs them. */
  libraries?: boolean;
}

export const KERNEL_RELEASE = '6.1.0-50-686';

export const packages: PackagePin[] = [
  {
    name: `linux-image-${KERNEL_RELEASE}-unsigned`,
    version: '6.1.176-1',
    arch: 'i386',
    source: 'linux',
    sourceVersion: '6.1.176-1',
    licence: 'GPL-2.0-only',
    filename: `pool/main/l/linux/linux-image-${KERNEL_RELEASE}-unsigned_6.1.176-1_i386.deb`,
    sha256: '66da497253e9515b8101b7c94cf06a44574e63891cb29a323cf597de069e81d0',
    // overlay is a module in Debian's 686 config; namespaces, cgroups, memcg and seccomp are built in
    take: [`lib/modules/${KERNEL_RELEASE}/kernel/fs/overlayfs/overlay.ko`],
  },
  {
    name: 'seabios',
    version: '1.16.2-1',
    arch: 'all',
    source: 'seabios',
    sourceVersion: '1.16.2-1',
    licence: 'LGPL-3.0-only',
    filename: 'pool/main/s/seabios/seabios_1.16.2-1_all.deb',
    sha256: '08e5b3f761379f17a6051731cafa03e97686049e2cc1b8bdccc5a910646e2d8e',
    take: [],
  },
  {
    name: 'busybox-static',
    version: '1:1.35.0-4+deb12u1+b1',
    arch: 'i386',
    source: 'busybox',
    sourceVersion: '1:1.35.0-4+deb12u1',
    licence: 'GPL-2.0-only',
    filename: 'pool/main/b/busybox/busybox-static_1.35.0-4+deb12u1+b1_i386.deb',
    sha256: '725ef9e6fbac4ab79b353165b05005e8c140d6e42177ebbc202ff1e13ded8b7c',
    take: ['bin/busybox'],
  },
  {
    name: 'libc6',
    version: '2.36-9+deb12u14',
    arch: 'i386',
    source: 'glibc',
    sourceVersion: '2.36-9+deb12u14',
    licence: 'LGPL-2.1-or-later',
    filename: 'pool/main/g/glibc/libc6_2.36-9+deb12u14_i386.deb',
    sha256: '76b12e06be66ec3fc2c1791d7d8cf34c2b828ed210e3913feeeb8edc9688f820',
    take: ['lib/ld-linux.so.2'],
    libraries: true,
  },
  {
    name: 'util-linux',
    version: '2.38.1-5+deb12u3',
    arch: 'i386',
    source: 'util-linux',
    sourceVersion: '2.38.1-5+deb12u3',
    licence: 'GPL-2.0-or-later',
    filename: 'pool/main/u/util-linux/util-linux_2.38.1-5+deb12u3_i386.deb',
    sha256: '537119c7d753e4ec43808c078140a9b2d261f27d2244ead15903419e3d5e9bdd',
    take: ['usr/bin/unshare', 'usr/bin/nsenter', 'usr/bin/setpriv'],
  },
  {
    name: 'iproute2',
    version: '6.1.0-3',
    arch: 'i386',
    source: 'iproute2',
    sourceVersion: '6.1.0-3',
    licence: 'GPL-2.0-only',
    filename: 'pool/main/i/iproute2/iproute2_6.1.0-3_i386.deb',
    sha256: '51a83fa1e82829a003a2d8e1adb2d304a250d4eac6a6b312259a967cc43266ec',
    take: ['bin/ip'],
  },
  {
    name: 'runc',
    version: '1.1.5+ds1-1+deb12u1',
    arch: 'i386',
    source: 'runc',
    sourceVersion: '1.1.5+ds1-1+deb12u1',
    licence: 'Apache-2.0',
    filename: 'pool/main/r/runc/runc_1.1.5+ds1-1+deb12u1_i386.deb',
    sha256: '4090d51fc4f2516ced48ba54bedca3af17fb9948abeb7e551694d2f00e5d38e3',
    take: ['usr/sbin/runc'],
  },
  {
    name: 'libcap2-bin',
    version: '1:2.66-4+deb12u3+b1',
    arch: 'i386',
    source: 'libcap2',
    sourceVersion: '1:2.66-4+deb12u3',
    licence: 'BSD-3-Clause OR GPL-2.0-only',
    filename: 'pool/main/libc/libcap2/libcap2-bin_2.66-4+deb12u3+b1_i386.deb',
    sha256: '9137ceadd9c7f0e4a57c994aae3a2c4192a1db58535bd687cdb1abe38130ff01',
    take: ['sbin/capsh'],
  },
  ...(
    [
      [
        'libseccomp2',
        '2.5.4-1+deb12u1',
        'libseccomp',
        '2.5.4-1+deb12u1',
        'LGPL-2.1-only',
        'pool/main/libs/libseccomp/libseccomp2_2.5.4-1+deb12u1_i386.deb',
        'acf0383c6c39cd97735a461a422ecf5c7789f9049a65b43c74711e576d403698',
      ],
      [
        'libcap2',
        '1:2.66-4+deb12u3+b1',
        'libcap2',
        '1:2.66-4+deb12u3',
        'BSD-3-Clause OR GPL-2.0-only',
        'pool/main/libc/libcap2/libcap2_2.66-4+deb12u3+b1_i386.deb',
        'ec2df8503ee282fa5ca129cb0272bb2b0c05b9969aa8568bca567ab62bca15ad',
      ],
      [
        'libcap-ng0',
        '0.8.3-1+b3',
        'libcap-ng',
        '0.8.3-1',
        'LGPL-2.1-or-later',
        'pool/main/libc/libcap-ng/libcap-ng0_0.8.3-1+b3_i386.deb',
        '19213eb53138a1c848db34bb8fb0baa8eafcf80bbf90b9141894329b2f1333f2',
      ],
      [
        'libselinux1',
        '3.4-1+b6',
        'libselinux',
        '3.4-1',
        'LicenseRef-public-domain',
        'pool/main/libs/libselinux/libselinux1_3.4-1+b6_i386.deb',
        '1af838cdb8342802e3fdbf334f75c42d3027246bcec72f2c2ca26a996014f143',
      ],
      [
        'libpcre2-8-0',
        '10.42-1',
        'pcre2',
        '10.42-1',
        'BSD-3-Clause',
        'pool/main/p/pcre2/libpcre2-8-0_10.42-1_i386.deb',
        'f5485ecd3a5ba7bdb7de1cb502165f20fd7e1f7b9a4988ab7bdb89c58aa1596b',
      ],
      [
        'libbpf1',
        '1:1.1.2-0+deb12u1',
        'libbpf',
        '1.1.2-0+deb12u1',
        'LGPL-2.1-only OR BSD-2-Clause',
        'pool/main/libb/libbpf/libbpf1_1.1.2-0+deb12u1_i386.deb',
        'a41a09f9e575dfcc29da625854dabb7a8e047398f74e3be83e2491b6ba51c19b',
      ],
      [
        'libelf1',
        '0.188-2.1',
        'elfutils',
        '0.188-2.1',
        'GPL-2.0-or-later OR LGPL-3.0-or-later',
        'pool/main/e/elfutils/libelf1_0.188-2.1_i386.deb',
        'd55c01c10209b1746e6637449357d3feb3de8c8b0102d8286553a07260d718c2',
      ],
      [
        'zlib1g',
        '1:1.2.13.dfsg-1',
        'zlib',
        '1:1.2.13.dfsg-1',
        'Zlib',
        'pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_i386.deb',
        '3ca84a1245347652b7e1f8694db222851f7f1e7060515b21e1439b0cf84f96e1',
      ],
      [
        'libmnl0',
        '1.0.4-3',
        'libmnl',
        '1.0.4-3',
        'LGPL-2.1-or-later',
        'pool/main/libm/libmnl/libmnl0_1.0.4-3_i386.deb',
        '045c07fbd7b0183a1515b1953f1b653227c932ca3c8d9ad7596a14baeb457d3d',
      ],
      [
        'libbsd0',
        '0.11.7-2',
        'libbsd',
        '0.11.7-2',
        'BSD-3-Clause',
        'pool/main/libb/libbsd/libbsd0_0.11.7-2_i386.deb',
        '527d1696a70421227c3de01a82a3eceaeb9f78a927eac0d8a1b41924199bf48b',
      ],
      [
        'libmd0',
        '1.0.4-2',
        'libmd',
        '1.0.4-2',
        'BSD-3-Clause',
        'pool/main/libm/libmd/libmd0_1.0.4-2_i386.deb',
        '5416c6fcbfb73c21d1e7bf1aeeb3d7efc1d6cf7274c2332ec9d5648d04e5d0ca',
      ],
    ] as const
  ).map(([name, version, source, sourceVersion, licence, filename, sha256]): PackagePin => ({
    name,
    version,
    arch: 'i386',
    source,
    sourceVersion,
    licence,
    filename,
    sha256,
    take: [],
    libraries: true,
  })),
];

/** Files outside the initramfs, taken from the packages above. */
export const bootFiles = {
  kernel: { package: packages[0]!.name, path: `boot/vmlinuz-${KERNEL_RELEASE}` },
  bios: { package: 'seabios', path: 'usr/share/seabios/bios.bin' },
  vgaBios: { package: 'seabios', path: 'usr/share/seabios/vgabios-stdvga.bin' },
} as const;

/** One stanza of apt's Packages index (or `apt-cache show`), field name → value. */
export type Stanza = Record<string, string>;

/** Parses Debian control-file stanzas (blank-line separated, `Field: value`, continuation lines). */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const stanza: Stanza = {};
    let last = '';
    for (const line of block.split('\n')) {
      if (!line.trim()) continue;
      if (/^\s/.test(line) && last) {
        stanza[last] += `\n${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      stanza[last] = line.slice(colon + 1).trim();
    }
    if (Object.keys(stanza).length) stanzas.push(stanza);
  }
  return stanzas;
}

/** What is wrong with a pin compared with the archive's stanzas for that package; empty when it matches. */
export function checkPin(pin: PackagePin, stanzas: Stanza[]): string[] {
  const candidates = stanzas.filter((s) => s.Package === pin.name);
  if (!candidates.length) return [`${pin.name}: not in the archive index`];
  const match = candidates.find((s) => s.Version === pin.version);
  if (!match) {
    const seen = candidates.map((s) => s.Version).join(', ');
    return [`${pin.name}: version ${pin.version} not in the archive index (it has ${seen})`];
  }
  const problems: string[] = [];
  if (match.SHA256 !== pin.sha256)
    problems.push(`${pin.name}: sha256 ${match.SHA256} in the index, ${pin.sha256} pinned`);
  if (match.Filename !== pin.filename)
    problems.push(`${pin.name}: file ${match.Filename} in the index, ${pin.filename} pinned`);
  if (match.Architecture !== pin.arch)
    problems.push(`${pin.name}: architecture ${match.Architecture}, ${pin.arch} pinned`);
  // `Source: busybox (1:1.35.0-4+deb12u1)` for binNMUs, `Source: glibc`, or absent when equal to the name
  const source = match.Source ?? pin.name;
  const [sourceName, sourceVersion = match.Version] = source.replace(/[()]/g, '').split(/\s+/);
  if (sourceName !== pin.source) problems.push(`${pin.name}: source ${sourceName}, ${pin.source} pinned`);
  if (sourceVersion !== pin.sourceVersion)
    problems.push(`${pin.name}: source version ${sourceVersion}, ${pin.sourceVersion} pinned`);
  return problems;
}

/** The text apt-get download wants for a pinned package: `name=version` (the private apt state knows only i386). */
export function aptSpec(pin: PackagePin): string {
  return `${pin.name}=${pin.version}`;
}
