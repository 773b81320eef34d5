import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRACE_MS, parseVersionOutput, versionScript } from '../../../tools/examples/runner.ts';
import {
  chooseIsolation,
  mmdebstrapArgs,
  osReleaseField,
  ROOT_PACKAGES,
  rootKey,
  sandboxCommand,
} from '../../../tools/examples/sandbox.ts';
import { listExampleIds } from '../../../src/model/examples.ts';

const bookworm = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
const trixie = 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nVERSION_ID="13"\nID=debian\n';
const ubuntu = 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nVERSION_ID="24.04"\nID=ubuntu\n';

describe('where the examples run', () => {
  it('builds a Debian 13 root on older Debian, uses the host on Debian 13+ and other systems', () => {
    expect(chooseIsolation('auto', bookworm)).toBe('root');
    expect(chooseIsolation('auto', trixie)).toBe('host');
    expect(chooseIsolation('auto', ubuntu)).toBe('host');
    expect(chooseIsolation('none', bookworm)).toBe('none');
    expect(osReleaseField(bookworm, 'PRETTY_NAME')).toBe('Debian GNU/Linux 12 (bookworm)');
  });

  it('builds the root with mmdebstrap from trixie with the container tools, without recommends', () => {
    const args = mmdebstrapArgs();
    expect(args.at(-1)).toBe('trixie');
    expect(args).toContain('--aptopt=APT::Install-Recommends "false"');
    for (const tool of ['runc', 'crun', 'runsc', 'criu', 'containerd', 'docker.io', 'docker-buildx', 'podman']) {
      expect(ROOT_PACKAGES).toContain(tool);
    }
    for (const tool of [
      'buildah',
      'skopeo',
      'umoci',
      'lxc',
      'incus',
      'docker-registry',
      'containernetworking-plugins',
    ]) {
      expect(ROOT_PACKAGES).toContain(tool);
    }
    expect(rootKey()).toMatch(/^trixie-[0-9a-f]{12}$/);
    expect(rootKey()).toBe(rootKey());
  });

  it('starts each run in fresh namespaces that die with the runner', () => {
    const { file, args } = sandboxCommand(['bash', 'run.sh']);
    expect(file).toBe('setpriv');
    expect(args.slice(0, 2)).toEqual(['--pdeathsig', 'KILL']);
    for (const flag of ['--mount', '--pid', '--net', '--uts', '--ipc', '--fork', '--kill-child=SIGKILL']) {
      expect(args).toContain(flag);
    }
    expect(args.slice(-3)).toEqual(['setup', 'bash', 'run.sh']);
  });
});

describe('tool versions for transcripts', () => {
  it('asks each tool and dpkg, and parses both answers', () => {
    const script = versionScript(['runc', 'useradd']);
    expect(script).toContain("timeout 10 'runc' '--version'");
    expect(script).not.toContain("'useradd' '--version'");
    const out = [
      '@@version runc',
      'runc version 1.1.15+ds1',
      'spec: 1.2.0',
      '@@package runc runc 1.1.15+ds1-2+b4',
      '@@version useradd',
      '@@package useradd passwd 1:4.17.4-2',
    ].join('\n');
    expect(parseVersionOutput(['runc', 'useradd', 'gone'], out)).toEqual({
      tools: { runc: 'runc version 1.1.15+ds1', useradd: '(no version option)', gone: '(version unknown)' },
      packages: { runc: 'runc 1.1.15+ds1-2+b4', useradd: 'passwd 1:4.17.4-2' },
    });
  });
});

describe('timeouts', () => {
  const root = path.resolve(import.meta.dirname, '../../../content');
  /** Longest time a cleanup() can wait: `seq N` loops sleeping 0.1 s, and `--timeout N` seconds. */
  function cleanupWaitMs(script: string): number {
    const start = script.indexOf('cleanup() {');
    const body = script.slice(start, script.indexOf('\n}\n', start));
    let ms = 0;
    for (const m of body.matchAll(/seq (\d+)\); do [^\n]*sleep 0\.1/g)) ms += Number(m[1]) * 100;
    for (const m of body.matchAll(/--timeout (\d+)/g)) ms += Number(m[1]) * 1000;
    for (const m of body.matchAll(/^\s*sleep ([\d.]+)/gm)) ms += Number(m[1]) * 1000;
    return ms;
  }

  it.each(listExampleIds(root))('the SIGTERM→SIGKILL grace outlasts the cleanup of %s', (id) => {
    const script = readFileSync(path.join(root, 'examples', id, 'run.sh'), 'utf8');
    expect(cleanupWaitMs(script)).toBeLessThan(DEFAULT_GRACE_MS);
  });

  it('measures the docker cleanup wait (15 s for dockerd)', () => {
    const script = readFileSync(path.join(root, 'examples/docker/run.sh'), 'utf8');
    expect(cleanupWaitMs(script)).toBeGreaterThanOrEqual(15_000);
  });
});
