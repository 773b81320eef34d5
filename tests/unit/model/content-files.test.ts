import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_CONTENT_FILE_BYTES,
  contentFileNames,
  decodeContent,
  readContentFile,
} from '../../../src/model/content-files.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-content-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readContentFile', () => {
  it('drops a UTF-8 byte-order mark, so a file from a Windows editor keeps its frontmatter', () => {
    writeFileSync(path.join(dir, 'bom.md'), '\uFEFF---\ntitle: x\n---\n');
    expect(readContentFile(path.join(dir, 'bom.md'))).toBe('---\ntitle: x\n---\n');
  });

  it('refuses a link even to a file inside the folder, and a FIFO, by name', () => {
    writeFileSync(path.join(dir, 'real.md'), 'x');
    symlinkSync('real.md', path.join(dir, 'link.md'));
    expect(() => readContentFile(path.join(dir, 'link.md'))).toThrow(/link\.md: is a symbolic link/);
    execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
    expect(() => readContentFile(path.join(dir, 'pipe.md'))).toThrow(/pipe\.md: is not a regular file/);
  });

  it('refuses a file over the size limit before reading it, saying how big it is', () => {
    const file = path.join(dir, 'huge.md');
    writeFileSync(file, '');
    truncateSync(file, MAX_CONTENT_FILE_BYTES + 1);
    expect(() => readContentFile(file)).toThrow(/huge\.md: is 4\.0 MiB; a content file may be at most 4 MiB/);
    truncateSync(file, MAX_CONTENT_FILE_BYTES);
    expect(readContentFile(file)).toHaveLength(MAX_CONTENT_FILE_BYTES);
  });

  it('names the line of the first byte that is not UTF-8', () => {
    expect(() => decodeContent('x.md', Buffer.from('a\nb\n\xff', 'latin1'))).toThrow(
      'x.md: not valid UTF-8 (line 3, byte 4): save the file as UTF-8',
    );
  });
});

describe('contentFileNames', () => {
  it('lists matching names and refuses look-alikes rather than skipping them', () => {
    const folder = mkdtempSync(path.join(dir, 'cards-'));
    writeFileSync(path.join(folder, 'runc.md'), '');
    writeFileSync(path.join(folder, '.gitkeep'), '');
    expect(contentFileNames(folder, /^[a-z]+\.md$/, 'rule')).toEqual(['runc.md']);
    writeFileSync(path.join(folder, '.hidden.md'), '');
    expect(() => contentFileNames(folder, /^[a-z]+\.md$/, 'rule')).toThrow(/\.hidden\.md: not read: rule/);
  });
});
