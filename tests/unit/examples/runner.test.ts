import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExample } from '../../../src/model/examples.ts';
import { runExample, scriptSkipReason } from '../../../tools/examples/runner.ts';
import { prepareSandbox } from '../../../tools/examples/sandbox.ts';

const content = path.join(import.meta.dirname, 'fixtures/run');
const isRoot = process.getuid?.() === 0;

describe('runExample', () => {
  it('passes an example whose assertions match, capturing stdout and stderr', async () => {
    const result = await runExample(loadExample(content, 'pass'), { record: false });
    expect(result.status).toBe('pass');
    expect(result.output).toBe('hello from the fixture\nto stderr\n');
    expect(result.assertions.every((a) => a.ok)).toBe(true);
    expect(result.transcript).toBeNull();
  });

  it('fails with the missing and the unexpected output named', async () => {
    const result = await runExample(loadExample(content, 'fails-assertion'), { record: false });
    expect(result.status).toBe('fail');
    expect(result.reasons).toEqual([
      'missing: 打印 hello (/^hello$/)',
      'unexpected: 没有错误 (ERROR: something broke)',
    ]);
  });

  it('stops a script at its timeout and lets its EXIT trap clean up', async () => {
    const started = Date.now();
    const result = await runExample(loadExample(content, 'slow'), { record: false, graceMs: 2000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).toBe('fail');
    expect(result.timedOut).toBe(true);
    expect(result.reasons[0]).toBe('timed out after 1 s');
    expect(result.output).toContain('cleanup ran');
    expect(result.output).not.toContain('not reached');
  });

  it('skips with the reasons when requirements are not met, without running the script', async () => {
    const result = await runExample(loadExample(content, 'needs-missing'), { record: false });
    expect(result.status).toBe('skip');
    expect(result.reasons[0]).toBe('missing command: definitely-not-a-command-atlas');
    expect(result.output).toBe('');
  });

  it('reports SKIP with the reason a script gives by exit status 77 and a last SKIP: line', async () => {
    const result = await runExample(loadExample(content, 'skips-itself'), { record: false });
    expect(result.status).toBe('skip');
    expect(result.reasons).toEqual(["the fixture's feature is missing (measured: none)"]);
    expect(result.output).toContain('checking the machine');
  });

  it.skipIf(!isRoot)(
    'fails an example that leaves a mount, a cgroup and a process behind, and removes them (needs root)',
    async () => {
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'atlas-leaky-test-'));
      const stateFile = path.join(scratch, 'state');
      process.env.ATLAS_LEAKY_STATE = stateFile;
      try {
        const result = await runExample(loadExample(content, 'leaky'), { record: false });
        expect(result.status).toBe('fail');
        expect(result.leaks.some((l) => /^mount: \/tmp\/atlas-leaky\.\S+ tmpfs atlas-leaky$/.test(l))).toBe(true);
        expect(result.leaks.some((l) => /^cgroup: \/sys\/fs\/cgroup\/.*atlas-leaky-\d+$/.test(l))).toBe(true);
        expect(result.leaks.some((l) => /^process: \d+ sleep /.test(l))).toBe(true);
        expect(result.reasons.at(-1)).toMatch(/^left behind: .*\[runner: /);
        // the runner stopped its own process and touched nothing else: on the host it
        // cannot tell the mount or the cgroup from what other work made meanwhile
        expect(result.removed).toEqual([expect.stringMatching(/^killed process \d+ sleep$/)]);
        const state = Object.fromEntries(
          readFileSync(stateFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => l.split('=') as [string, string]),
        );
        expect(readFileSync('/proc/self/mountinfo', 'utf8')).toContain(` ${state.mount} `);
        expect(existsSync(state.cgroup!)).toBe(true);
      } finally {
        delete process.env.ATLAS_LEAKY_STATE;
        if (existsSync(stateFile)) {
          const state = Object.fromEntries(
            readFileSync(stateFile, 'utf8')
              .trim()
              .split('\n')
              .map((l) => l.split('=') as [string, string]),
          );
          try {
            process.kill(Number(state.pid), 'SIGKILL');
          } catch {
            /* gone */
          }
          try {
            execFileSync('umount', [state.mount!], { stdio: 'ignore' });
          } catch {
            /* the runner unmounted it */
          }
          rmdirSync(state.mount!);
          for (let i = 0; i < 20 && existsSync(state.cgroup!); i++) {
            try {
              rmdirSync(state.cgroup!);
            } catch {
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        }
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!isRoot)(
    'keeps what a sandboxed example leaves inside the sandbox and reports it (needs root)',
    async () => {
      const sandbox = await prepareSandbox('host');
      const result = await runExample(loadExample(content, 'leaky-sandboxed'), { record: false, sandbox });
      expect(result.output).toMatch(/^sys mount options: ro,/m);
      expect(result.output).toMatch(/^leaving things behind in the sandbox$/m);
      expect(result.status).toBe('fail');
      expect(result.leaks).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^process: \d+ sleep 61 \(parent 1\)$/),
          'mount: /tmp/atlas-leak-in-sandbox tmpfs atlas-leaky-sandboxed',
          'file: /tmp/atlas-leak-file',
          'file: /tmp/atlas-leak-in-sandbox',
          'file: /etc/atlas-leak-etc',
        ]),
      );
      // the cgroup went below the run's own one, which the runner removed with it
      expect(result.removed).toContainEqual(
        expect.stringMatching(/below its own cgroup, removed with it: atlas-leak-cg$/),
      );
      // (other runs may be going on on this machine: only this run's own cgroups are looked at)
      expect(result.runCgroups.length).toBeGreaterThan(0);
      for (const dir of result.runCgroups) {
        expect(existsSync(dir)).toBe(false);
        expect(existsSync(path.join(path.dirname(dir), 'atlas-leak-cg'))).toBe(false);
      }
      // nothing of it reached the host: not even in host mode, whose / is the overlay's lower layer
      expect(existsSync('/etc/atlas-leak-etc')).toBe(false);
      expect(existsSync('/tmp/atlas-leak-file')).toBe(false);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain('atlas-leaky-sandboxed');
      expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toMatch(/^sleep 61$/m);
    },
    30_000,
  );
});

describe('scriptSkipReason', () => {
  it('needs both exit status 77 and a last line SKIP: <reason>', () => {
    expect(scriptSkipReason(77, 'a\nSKIP: no kvm here\n')).toBe('no kvm here');
    expect(scriptSkipReason(1, 'SKIP: no kvm here\n')).toBeNull();
    expect(scriptSkipReason(77, 'SKIP: early\nlater output\n')).toBeNull();
    expect(scriptSkipReason(77, 'SKIP: \n')).toBeNull();
  });
});
