import { describe, expect, it } from 'vitest';
import {
  checkKernelFeature,
  checkRequirements,
  commandOnPath,
  detectCgroup,
  type HostProbe,
} from '../../../tools/examples/requirements.ts';
import type { Requirements } from '../../../src/model/example-schema.ts';

function probe(parts: Partial<HostProbe> = {}): HostProbe {
  return {
    isRoot: () => true,
    hasCommand: () => true,
    cgroup: () => ({ version: 'v1', layout: 'hybrid' }),
    kernelFeature: () => null,
    ...parts,
  };
}

const requirements = (parts: Partial<Requirements> = {}): Requirements => ({
  root: false,
  commands: [],
  cgroup: 'any',
  kernel: [],
  writable: [],
  ...parts,
});

describe('checkRequirements', () => {
  it('passes when everything is there', () => {
    expect(
      checkRequirements(requirements({ root: true, commands: ['runc'], cgroup: 'v1', kernel: ['overlay'] }), probe()),
    ).toEqual({ ok: true });
  });

  it('collects every unmet requirement with its reason', () => {
    const result = checkRequirements(
      requirements({ root: true, commands: ['runc', 'crun', 'bash'], cgroup: 'v2', kernel: ['user-namespaces'] }),
      probe({
        isRoot: () => false,
        hasCommand: (c) => c === 'bash',
        kernelFeature: () => 'unprivileged user namespaces disabled (sysctl kernel.unprivileged_userns_clone = 0)',
      }),
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        'needs root',
        'missing commands: runc, crun',
        'needs cgroup v2, this host has cgroup v1 (hybrid)',
        'unprivileged user namespaces disabled (sysctl kernel.unprivileged_userns_clone = 0)',
      ],
    });
  });

  it('accepts any cgroup layout for cgroup: any', () => {
    expect(checkRequirements(requirements(), probe({ cgroup: () => ({ version: 'none', layout: 'none' }) })).ok).toBe(
      true,
    );
  });
});

describe('detectCgroup', () => {
  const line = (point: string, type: string) => `30 1 0:30 / ${point} rw - ${type} ${type} rw`;
  it('sees a unified hierarchy as v2', () => {
    expect(detectCgroup(line('/sys/fs/cgroup', 'cgroup2'))).toEqual({ version: 'v2', layout: 'v2' });
  });
  it('sees v1 controllers plus /sys/fs/cgroup/unified as v1 in hybrid layout', () => {
    expect(
      detectCgroup([line('/sys/fs/cgroup/memory', 'cgroup'), line('/sys/fs/cgroup/unified', 'cgroup2')].join('\n')),
    ).toEqual({ version: 'v1', layout: 'hybrid' });
  });
  it('sees only v1 controllers as v1', () => {
    expect(detectCgroup(line('/sys/fs/cgroup/memory', 'cgroup'))).toEqual({ version: 'v1', layout: 'v1' });
  });
  it('reports none without cgroup mounts', () => {
    expect(detectCgroup(line('/', 'ext4'))).toEqual({ version: 'none', layout: 'none' });
  });
});

describe('checkKernelFeature', () => {
  const files = (map: Record<string, string>) => (file: string) => map[file] ?? null;
  const exists = (paths: string[]) => (p: string) => paths.includes(p);

  it('checks namespaces through /proc/self/ns', () => {
    expect(checkKernelFeature('mount-namespaces', files({}), exists(['/proc/self/ns/mnt']))).toBeNull();
    expect(checkKernelFeature('cgroup-namespaces', files({}), exists([]))).toMatch(/without cgroup namespaces/);
  });

  it('finds overlay in /proc/filesystems or as a module', () => {
    expect(
      checkKernelFeature('overlay', files({ '/proc/filesystems': 'nodev\ttmpfs\nnodev\toverlay\n' }), exists([])),
    ).toBeNull();
    expect(
      checkKernelFeature(
        'overlay',
        files({ '/proc/filesystems': '', '/proc/sys/kernel/osrelease': '6.1.0\n' }),
        exists(['/lib/modules/6.1.0/kernel/fs/overlayfs']),
      ),
    ).toBeNull();
    expect(checkKernelFeature('overlay', files({ '/proc/filesystems': 'nodev\ttmpfs\n' }), exists([]))).toMatch(
      /without overlay/,
    );
  });

  it('explains why unprivileged user namespaces are not available', () => {
    const ns = exists(['/proc/self/ns/user']);
    expect(
      checkKernelFeature('user-namespaces', files({ '/proc/sys/user/max_user_namespaces': '63000\n' }), ns),
    ).toBeNull();
    expect(checkKernelFeature('user-namespaces', files({ '/proc/sys/user/max_user_namespaces': '0\n' }), ns)).toMatch(
      /max_user_namespaces = 0/,
    );
    expect(
      checkKernelFeature('user-namespaces', files({ '/proc/sys/kernel/unprivileged_userns_clone': '0\n' }), ns),
    ).toMatch(/unprivileged_userns_clone = 0/);
    expect(
      checkKernelFeature(
        'user-namespaces',
        files({ '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1\n' }),
        ns,
      ),
    ).toMatch(/AppArmor/);
  });
});

describe('commandOnPath', () => {
  it('finds executables only on the given PATH', () => {
    expect(commandOnPath('sh', '/bin:/usr/bin')).toBe(true);
    expect(commandOnPath('sh', '/nonexistent')).toBe(false);
    expect(commandOnPath('definitely-not-a-command-atlas', '/bin:/usr/bin')).toBe(false);
  });
});
