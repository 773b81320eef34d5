/**
 * Checks whether this machine can run an example: root, commands on PATH,
 * cgroup version and kernel features. An unmet requirement becomes a SKIP
 * with the reason, never a silent pass.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KernelFeature, Requirements } from '../../src/model/example-schema.ts';

export type CgroupVersion = 'v1' | 'v2' | 'none';
/** `hybrid`: v1 controller hierarchies plus a cgroup2 mount at /sys/fs/cgroup/unified. */
export type CgroupLayout = 'v1' | 'hybrid' | 'v2' | 'none';

/** What the checks need to know about the host; replaceable in tests. */
export interface HostProbe {
  isRoot(): boolean;
  hasCommand(command: string): boolean;
  cgroup(): { version: CgroupVersion; layout: CgroupLayout };
  /** null when the feature is usable, otherwise why not. */
  kernelFeature(feature: KernelFeature): string | null;
}

export type RequirementCheck = { ok: true } | { ok: false; reasons: string[] };

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** True when an executable file named `command` is in one of the PATH directories. */
export function commandOnPath(command: string, pathVariable = process.env.PATH ?? ''): boolean {
  return pathVariable
    .split(':')
    .filter(Boolean)
    .some((dir) => {
      const file = path.join(dir, command);
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
}

/**
 * cgroup version from the mount table text (/proc/self/mountinfo):
 * cgroup2 on /sys/fs/cgroup → v2; any v1 hierarchy → v1 (hybrid when a cgroup2 mount exists too).
 */
export function detectCgroup(mountinfo: string): { version: CgroupVersion; layout: CgroupLayout } {
  let v1 = false;
  let v2Root = false;
  let v2Elsewhere = false;
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4];
    const fsType = right.split(' ')[0];
    if (fsType === 'cgroup') v1 = true;
    if (fsType === 'cgroup2') {
      if (mountPoint === '/sys/fs/cgroup') v2Root = true;
      else v2Elsewhere = true;
    }
  }
  if (v2Root) return { version: 'v2', layout: 'v2' };
  if (v1) return { version: 'v1', layout: v2Elsewhere ? 'hybrid' : 'v1' };
  return { version: 'none', layout: 'none' };
}

/** Why a kernel feature is not usable on this host, or null when it is. */
export function checkKernelFeature(
  feature: KernelFeature,
  read: (file: string) => string | null = readText,
  exists: (file: string) => boolean = existsSync,
): string | null {
  const namespace = /^(pid|net|mount|uts|ipc|cgroup)-namespaces$/.exec(feature);
  if (namespace) {
    const name = namespace[1] === 'mount' ? 'mnt' : namespace[1]!;
    return exists(`/proc/self/ns/${name}`)
      ? null
      : `kernel without ${namespace[1]} namespaces (/proc/self/ns/${name} missing)`;
  }
  if (feature === 'overlay') {
    if (/\toverlay$/m.test(read('/proc/filesystems') ?? '')) return null;
    const release = (read('/proc/sys/kernel/osrelease') ?? '').trim();
    if (release && exists(`/lib/modules/${release}/kernel/fs/overlayfs`)) return null; // loaded on first mount
    return 'kernel without overlay filesystem (not in /proc/filesystems, no overlay module)';
  }
  // user-namespaces: unprivileged users must be able to create them
  if (!exists('/proc/self/ns/user')) return 'kernel without user namespaces';
  const max = Number((read('/proc/sys/user/max_user_namespaces') ?? '1').trim());
  if (max === 0) return 'user namespaces disabled (sysctl user.max_user_namespaces = 0)';
  const clone = read('/proc/sys/kernel/unprivileged_userns_clone');
  if (clone !== null && clone.trim() === '0') {
    return 'unprivileged user namespaces disabled (sysctl kernel.unprivileged_userns_clone = 0)';
  }
  const apparmor = read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns');
  if (apparmor !== null && apparmor.trim() === '1') {
    return 'unprivileged user namespaces restricted by AppArmor (sysctl kernel.apparmor_restrict_unprivileged_userns = 1)';
  }
  return null;
}

/** The real host. */
export function systemProbe(): HostProbe {
  return {
    isRoot: () => process.getuid?.() === 0,
    hasCommand: (command) => commandOnPath(command),
    cgroup: () => detectCgroup(readText('/proc/self/mountinfo') ?? ''),
    kernelFeature: (feature) => checkKernelFeature(feature),
  };
}

/** Checks all requirements; collects every unmet one. */
export function checkRequirements(requirements: Requirements, probe: HostProbe = systemProbe()): RequirementCheck {
  const reasons: string[] = [];
  if (requirements.root && !probe.isRoot()) reasons.push('needs root');
  const missing = requirements.commands.filter((command) => !probe.hasCommand(command));
  if (missing.length) reasons.push(`missing command${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  if (requirements.cgroup !== 'any') {
    const { version, layout } = probe.cgroup();
    if (version !== requirements.cgroup) {
      reasons.push(
        `needs cgroup ${requirements.cgroup}, this host has ${layout === 'none' ? 'no cgroups mounted' : `cgroup ${version} (${layout})`}`,
      );
    }
  }
  for (const feature of requirements.kernel) {
    const problem = probe.kernelFeature(feature);
    if (problem) reasons.push(problem);
  }
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
