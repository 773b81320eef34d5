import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastCommitDates, parseGitLog } from '../../../src/integrations/git-dates.ts';

const git = (dir: string, args: string[], date?: string) =>
  execFileSync('git', ['-C', dir, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
    stdio: 'pipe',
  });

describe('last commit dates', () => {
  it('take the newest commit that touched each file', () => {
    const log = '\x1e2026-12-05T10:00:00+00:00\n\na.md\n\x1e2026-12-01T10:00:00+00:00\n\na.md\nb.md\n';
    expect(Object.fromEntries(parseGitLog(log))).toEqual({
      'a.md': '2026-12-05T10:00:00+00:00',
      'b.md': '2026-12-01T10:00:00+00:00',
    });
  });

  it('read a real repository, with non-ASCII file names, and give nothing for uncommitted files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'git-dates-'));
    mkdirSync(path.join(dir, 'content/notes'), { recursive: true });
    git(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(path.join(dir, 'content/notes/旧.md'), 'a');
    writeFileSync(path.join(dir, 'content/notes/new.md'), 'a');
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'one'], '2026-01-02T03:04:05+00:00');
    writeFileSync(path.join(dir, 'content/notes/new.md'), 'b');
    git(dir, ['commit', '-qam', 'two'], '2026-02-03T04:05:06+00:00');
    writeFileSync(path.join(dir, 'content/notes/draft.md'), 'c');
    const dates = lastCommitDates(dir, 'content');
    expect(dates.get(path.join(dir, 'content/notes/旧.md'))).toBe('2026-01-02T03:04:05+00:00');
    expect(dates.get(path.join(dir, 'content/notes/new.md'))).toBe('2026-02-03T04:05:06+00:00');
    expect(dates.has(path.join(dir, 'content/notes/draft.md'))).toBe(false);
  });

  it('give nothing without a repository or in a shallow clone', () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'git-dates-none-'));
    expect(lastCommitDates(plain, '.').size).toBe(0);
    const origin = mkdtempSync(path.join(tmpdir(), 'git-dates-origin-'));
    git(origin, ['init', '-q', '-b', 'main']);
    for (const n of [1, 2]) {
      writeFileSync(path.join(origin, `f${n}.md`), String(n));
      git(origin, ['add', '.']);
      git(origin, ['commit', '-qm', String(n)]);
    }
    const clone = path.join(mkdtempSync(path.join(tmpdir(), 'git-dates-clone-')), 'c');
    git(tmpdir(), ['clone', '-q', '--depth', '1', `file://${origin}`, clone]);
    expect(lastCommitDates(clone, '.').size).toBe(0);
  });
});
