import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** Every run.sh (or, with `name`, every file so named) of the examples and of the test fixtures. */
function scripts(name = 'run.sh'): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (entry === name) found.push(path.relative(root, file));
    }
  };
  walk(path.join(root, 'content/examples'));
  walk(path.join(import.meta.dirname, 'fixtures'));
  return found.sort();
}

const shellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
const available = shellcheck.status === 0;
const version = available ? /version: (\S+)/.exec(shellcheck.stdout)?.[1] : null;
const title = available
  ? `shellcheck ${version}`
  : 'shellcheck (SKIPPED: shellcheck is not installed; apt-get install shellcheck)';

describe.skipIf(!available)(title, () => {
  it.each(scripts())('%s passes with no findings', (script) => {
    let output = '';
    try {
      execFileSync('shellcheck', ['--shell=bash', '--format=gcc', script], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? String(error);
    }
    expect(output).toBe('');
  });

  // the live machine runs them with busybox sh: checked as POSIX sh (dash), no bash features
  it.each(scripts('vm.sh'))('%s passes as a POSIX sh script with no findings', (script) => {
    let output = '';
    try {
      execFileSync('shellcheck', ['--shell=dash', '--format=gcc', script], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? String(error);
    }
    expect(output).toBe('');
  });
});

describe('run.sh conventions', () => {
  it.each(scripts().filter((s) => s.startsWith('content/')))(
    '%s uses bash strict mode and cleans up on exit',
    (script) => {
      const text = execFileSync('cat', [script], { cwd: root, encoding: 'utf8' });
      expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
      expect(text).toMatch(/^set -euo pipefail$/m);
      expect(text).toMatch(/^trap cleanup EXIT$/m);
      expect(text).toMatch(/^echo "== 1\. /m);
    },
  );
});

describe('vm.sh conventions (scripts of the live machine)', () => {
  it.each(scripts('vm.sh'))('%s uses sh strict mode and cleans up on exit', (script) => {
    const text = execFileSync('cat', [script], { cwd: root, encoding: 'utf8' });
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toMatch(/^set -eu$/m);
    expect(text).toMatch(/^echo "== 1\. /m);
  });
});
