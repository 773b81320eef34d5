import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { besideOutput, prepareStaging, processStartTime, takeBuildLock } from '../../../src/integrations/staging.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'atlas-staging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string) {
  const dir = path.join(scratch, name);
  const dist = path.join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), 'old site');
  return { dir, dist, lockFile: path.join(dir, '.astro/build.lock') };
}

describe('prepareStaging', () => {
  it('puts the old site back when moving the new one in fails (EIO injected)', () => {
    const p = project('rollback');
    let calls = 0;
    const rename = (from: string, to: string) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      spawnSync('mv', ['-T', from, to]);
    };
    const staging = prepareStaging(p.dist, { lockFile: p.lockFile, ops: { rename } });
    // the folders astro dev leaves unwatched are the ones a build really writes
    expect(besideOutput(p.dist)).toEqual({ staging: staging.stagingDir, previous: `${p.dist}.previous` });
    mkdirSync(staging.stagingDir, { recursive: true });
    writeFileSync(path.join(staging.stagingDir, 'index.html'), 'new site');
    expect(() => staging.commit()).toThrow(
      /could not move the new site into .*dist \(EIO\); the previous output is unchanged/,
    );
    expect(readFileSync(path.join(p.dist, 'index.html'), 'utf8')).toBe('old site');
    expect(existsSync(`${p.dist}.previous`)).toBe(false);
  });

  it('restores dist/ from dist.previous left by a build that died between the two renames', () => {
    const p = project('restore');
    rmSync(p.lockFile, { force: true });
    spawnSync('mv', [p.dist, `${p.dist}.previous`]);
    const staging = prepareStaging(p.dist, { lockFile: p.lockFile });
    expect(staging.notes).toEqual([expect.stringMatching(/^restored .*dist from .*dist\.previous/)]);
    expect(readFileSync(path.join(p.dist, 'index.html'), 'utf8')).toBe('old site');
  });
});

describe('takeBuildLock', () => {
  it('refuses while the holder runs, and takes over a lock whose pid now belongs to another process', () => {
    const lock = path.join(scratch, 'lock/build.lock');
    mkdirSync(path.dirname(lock), { recursive: true });
    // PID 1 is alive, but started at another time than the lock says: a stale lock
    writeFileSync(lock, '1 1');
    const release = takeBuildLock(lock);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${processStartTime(process.pid)}`);
    release();
    // a live holder with its real start time is respected
    writeFileSync(lock, `1 ${processStartTime(1)}`);
    expect(() => takeBuildLock(lock)).toThrow(/another build is running in this checkout \(pid 1\)/);
  });
});
