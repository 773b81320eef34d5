import { describe, expect, it } from 'vitest';
import { formatResult, parseArgs, summaryLine } from '../../../tools/examples/cli.ts';
import type { RunResult } from '../../../tools/examples/runner.ts';

function result(id: string, status: RunResult['status'], parts: Partial<RunResult> = {}): RunResult {
  return {
    id,
    status,
    reasons: [],
    durationMs: 812,
    exitCode: 0,
    timedOut: false,
    output: '',
    assertions: [],
    leaks: [],
    removed: [],
    zombies: [],
    transcript: null,
    runCgroups: [],
    ...parts,
  };
}

describe('parseArgs', () => {
  it('takes ids and flags', () => {
    expect(parseArgs(['runc', '--no-record', 'docker'])).toEqual({
      ids: ['runc', 'docker'],
      list: false,
      record: false,
      verbose: false,
      contentDir: 'content',
      isolation: 'auto',
      rebuildRoot: false,
      cacheDir: process.env.STACK_ATLAS_EXAMPLES_CACHE || '.cache/examples-root',
    });
    expect(parseArgs(['--list', '--content', 'fixtures']).contentDir).toBe('fixtures');
  });

  it('takes the isolation mode and the root cache options', () => {
    expect(parseArgs(['--isolation', 'host']).isolation).toBe('host');
    expect(parseArgs(['--isolation=none', '--rebuild-root', '--cache', '/var/cache/x'])).toMatchObject({
      isolation: 'none',
      rebuildRoot: true,
      cacheDir: '/var/cache/x',
    });
    expect(() => parseArgs(['--isolation', 'vm'])).toThrowError(/--isolation takes auto, root, host, none/);
  });

  it('rejects unknown options with the usage line', () => {
    expect(() => parseArgs(['--record-all'])).toThrowError(/unknown option --record-all\nusage:/);
  });
});

describe('progress and summary lines', () => {
  it('formats pass, skip and fail lines', () => {
    expect(formatResult(3, 10, result('runc', 'pass'))).toBe('[3/10] runc ... PASS (0.8 s)');
    expect(formatResult(4, 10, result('lxc', 'skip', { reasons: ['needs root', 'missing command: lxc-start'] }))).toBe(
      '[4/10] lxc ... SKIP (needs root; missing command: lxc-start)',
    );
    expect(formatResult(5, 10, result('docker', 'fail', { reasons: ['exit status 1'] }))).toBe(
      '[5/10] docker ... FAIL (exit status 1)',
    );
  });

  it('ends with the plain counts line', () => {
    expect(summaryLine([result('a', 'pass'), result('b', 'fail'), result('c', 'skip'), result('d', 'pass')])).toBe(
      '2 passed, 1 failed, 1 skipped',
    );
  });
});
