import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExample } from '../../../src/model/examples.ts';
import { runExample } from '../../../tools/examples/runner.ts';

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

  it.skipIf(!isRoot)('fails an example that leaves a mount, a cgroup and a process behind (needs root)', async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'atlas-leaky-test-'));
    const stateFile = path.join(scratch, 'state');
    process.env.ATLAS_LEAKY_STATE = stateFile;
    try {
      const result = await runExample(loadExample(content, 'leaky'), { record: false });
      expect(result.status).toBe('fail');
      expect(result.leaks.some((l) => /^mount: \/tmp\/atlas-leaky\.\S+ tmpfs atlas-leaky$/.test(l))).toBe(true);
      expect(result.leaks.some((l) => /^cgroup: \/sys\/fs\/cgroup\/.*atlas-leaky-\d+$/.test(l))).toBe(true);
      expect(result.leaks.some((l) => /^process: \d+ sleep /.test(l))).toBe(true);
      expect(result.reasons.at(-1)).toMatch(/^left behind: /);
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
        execFileSync('umount', [state.mount!]);
        rmdirSync(state.mount!);
        for (let i = 0; i < 20; i++) {
          try {
            rmdirSync(state.cgroup!);
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
