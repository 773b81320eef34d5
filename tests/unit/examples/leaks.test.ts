import { describe, expect, it } from 'vitest';
import {
  cgroupMountPoints,
  describeLeaks,
  diffSnapshots,
  ownCgroupDirs,
  parseMountinfo,
  parseProcCgroups,
  type ProcessInfo,
  type Snapshot,
} from '../../../tools/examples/leaks.ts';

const mountinfo = [
  '22 1 0:21 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755',
  '23 22 0:22 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '24 22 0:23 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
  '25 22 0:24 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd',
  '26 22 0:25 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
  '30 1 0:30 / /tmp/x rw - overlay atlas-ex-overlay rw,lowerdir=/a,upperdir=/b,workdir=/c',
].join('\n');

function proc(pid: number, ppid: number, comm: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, ppid, state: 'S', comm, cmdline: comm, tagged: false, ...extra };
}

function snapshot(parts: Partial<Snapshot> = {}): Snapshot {
  return {
    mounts: ['/ ext4 /dev/vda', '/proc proc proc'],
    netns: [],
    cgroups: ['/sys/fs/cgroup/memory/jobs', '/sys/fs/cgroup/memory/jobs/mine'],
    processes: [proc(1, 0, 'init'), proc(100, 1, 'node')],
    users: ['root', 'group:root'],
    ownCgroups: ['/sys/fs/cgroup/memory/jobs/mine', '/sys/fs/cgroup/pids'],
    cgroupRoots: ['/sys/fs/cgroup/memory', '/sys/fs/cgroup/pids'],
    controllers: { memory: 4, pids: 8, hugetlb: 0 },
    subtreeControl: [],
    v2Root: '/sys/fs/cgroup/unified',
    ...parts,
  };
}

describe('mountinfo parsing', () => {
  it('keeps mount point, type and source of every mount', () => {
    expect(parseMountinfo(mountinfo)).toContain('/tmp/x overlay atlas-ex-overlay');
  });

  it('finds the v1 and v2 cgroup hierarchies', () => {
    expect(cgroupMountPoints(mountinfo)).toEqual([
      '/sys/fs/cgroup/memory',
      '/sys/fs/cgroup/cpu,cpuacct',
      '/sys/fs/cgroup/systemd',
      '/sys/fs/cgroup/unified',
    ]);
  });

  it('maps /proc/self/cgroup lines to directories, also for co-mounted controllers', () => {
    const own = ownCgroupDirs('4:memory:/jobs/mine\n2:cpu,cpuacct:/\n1:name=systemd:/user.slice\n0::/\n', mountinfo);
    expect(own).toEqual([
      '/sys/fs/cgroup/memory/jobs/mine',
      '/sys/fs/cgroup/cpu,cpuacct',
      '/sys/fs/cgroup/systemd/user.slice',
      '/sys/fs/cgroup/unified',
    ]);
  });
});

describe('diffSnapshots', () => {
  it('reports nothing when nothing changed', () => {
    expect(describeLeaks(diffSnapshots(snapshot(), snapshot()))).toEqual([]);
  });

  it('reports new mounts, network namespaces, cgroups and users', () => {
    const after = snapshot({
      mounts: [...snapshot().mounts, '/tmp/atlas-ex-docker/data/overlay2/x/merged overlay overlay'],
      netns: ['atlas-ex-docker-42'],
      cgroups: [...snapshot().cgroups, '/sys/fs/cgroup/pids/atlas-ex-cg-42-pids'],
      users: [...snapshot().users, 'atlasns42', 'group:atlasns42'],
    });
    expect(describeLeaks(diffSnapshots(snapshot(), after))).toEqual([
      'mount: /tmp/atlas-ex-docker/data/overlay2/x/merged overlay overlay',
      'network namespace: atlas-ex-docker-42',
      'cgroup: /sys/fs/cgroup/pids/atlas-ex-cg-42-pids',
      'user: atlasns42',
      'user: group:atlasns42',
    ]);
  });

  it('counts duplicate mounts: a second mount on the same point is a leak', () => {
    const before = snapshot({ mounts: ['/a tmpfs t'] });
    const after = snapshot({ mounts: ['/a tmpfs t', '/a tmpfs t'] });
    expect(diffSnapshots(before, after).mounts).toEqual(['/a tmpfs t']);
  });

  it('does not blame the example for cgroups created next to the runner own cgroup', () => {
    const after = snapshot({
      cgroups: [
        ...snapshot().cgroups,
        '/sys/fs/cgroup/memory/jobs/other-job',
        '/sys/fs/cgroup/memory/jobs/mine/runc-container',
      ],
    });
    // other-job is a sibling made by whoever manages "jobs"; runc-container sits inside our own cgroup
    expect(diffSnapshots(snapshot(), after).cgroups).toEqual(['/sys/fs/cgroup/memory/jobs/mine/runc-container']);
  });

  it('blames tagged processes and their descendants, not unrelated new processes', () => {
    const after = snapshot({
      processes: [
        ...snapshot().processes,
        proc(200, 1, 'containerd-shim', { tagged: true }),
        proc(201, 200, 'sleep'), // container process: environment of its own, parent tagged
        proc(300, 1, 'vitest'), // someone else's work on the same host
      ],
    });
    expect(diffSnapshots(snapshot(), after).processes.map((p) => p.pid)).toEqual([200, 201]);
  });

  it('lists tagged zombies separately: they are reaped by init and hold nothing', () => {
    const after = snapshot({
      processes: [...snapshot().processes, proc(400, 1, 'containerd-shim', { tagged: true, state: 'Z' })],
    });
    const report = diffSnapshots(snapshot(), after);
    expect(report.processes).toEqual([]);
    expect(report.zombies.map((p) => p.pid)).toEqual([400]);
    expect(describeLeaks(report)).toEqual([]);
  });

  it('ignores processes that existed before', () => {
    const before = snapshot({ processes: [...snapshot().processes, proc(500, 1, 'dockerd', { tagged: true })] });
    expect(diffSnapshots(before, before).processes).toEqual([]);
  });
});

describe('kernel-wide cgroup state', () => {
  it('reads controller → hierarchy from /proc/cgroups, enabled controllers only', () => {
    const text = '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\nhugetlb\t0\t1\t1\nrdma\t0\t1\t0\n';
    expect(parseProcCgroups(text)).toEqual({ cpuset: 3, hugetlb: 0 });
  });

  it('blames a controller taken from cgroup v2 by a v1 mount, and new subtree_control entries', () => {
    const after = snapshot({ controllers: { memory: 4, pids: 8, hugetlb: 12 }, subtreeControl: ['pids'] });
    const report = diffSnapshots(snapshot(), after);
    expect(report.controllers).toEqual(['hugetlb']);
    expect(report.subtreeControl).toEqual(['pids']);
    expect(describeLeaks(report)).toEqual([
      'cgroup controller hugetlb: bound to a v1 hierarchy (taken from cgroup v2)',
      'cgroup v2 root: +pids in cgroup.subtree_control',
    ]);
  });

  it('does not blame a controller that was on a v1 hierarchy already', () => {
    const before = snapshot({ controllers: { memory: 4, hugetlb: 11 } });
    expect(diffSnapshots(before, snapshot({ controllers: { memory: 4, hugetlb: 11 } })).controllers).toEqual([]);
  });
});
