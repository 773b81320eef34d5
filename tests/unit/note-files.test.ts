/** Note files and their URLs: what the notes collection publishes, and what it refuses. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noteGlobPatterns, noteSlug, scanNotes } from '../../src/model/note-files.ts';
import { isSafeUrl } from '../../src/model/safe-url.ts';
import { taxonomySlug } from '../../src/model/urls.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanning content/notes', () => {
  it('lists notes in sub-folders and reports symbolic links instead of following them', () => {
    mkdirSync(path.join(dir, 'blog/deep'), { recursive: true });
    writeFileSync(path.join(dir, 'a.md'), '');
    writeFileSync(path.join(dir, 'blog/deep/b.mdx'), '');
    writeFileSync(path.join(dir, 'blog/cover.png'), '');
    symlinkSync('.', path.join(dir, 'loop'));
    symlinkSync('../', path.join(dir, 'blog/up'));
    symlinkSync('a.md', path.join(dir, 'alias.md'));
    expect(scanNotes(dir)).toEqual({ files: ['a.md', 'blog/deep/b.mdx'], symlinks: ['alias.md', 'blog/up', 'loop'] });
    expect(noteGlobPatterns(['loop'])).toEqual(['**/*.{md,mdx}', '!loop', '!loop/**']);
  });
});

describe('note slugs', () => {
  it.each([
    ['hello.md', 'hello'],
    ['Hello.md', 'hello'],
    ['bar/index.md', 'bar'],
    ['blog/My Note.md', 'blog/my-note'],
    ['blog/C++ 入门.mdx', 'blog/c-入门'],
  ])('%s → /notes/%s/', (file, slug) => expect(noteSlug(file)).toBe(slug));

  it('takes a frontmatter slug as Astro does', () => expect(noteSlug('x.md', 'custom/path')).toBe('custom/path'));
});

describe('tag and category URLs', () => {
  it.each([
    ['容器', '容器'],
    ['Markdown', 'Markdown'],
    ['CI/CD', 'CI-CD'],
    ['容器/运行时', '容器-运行时'],
    ['C++', 'C++'],
    ['a b?c#d%e', 'a-b-c-d-e'],
    ['Node.js', 'Node.js'],
    ['../etc', 'etc'],
    ['???', ''],
  ])('%s → %s', (name, slug) => expect(taxonomySlug(name)).toBe(slug));
});

describe('URL fields', () => {
  it.each(['', './cover.png', '/images/a.png', 'cover.png', 'https://example.com/a.png', 'http://x.test/', '#top'])(
    'accepts %j',
    (value) => expect(isSafeUrl(value)).toBe(true),
  );
  it.each([
    'javascript:alert(1)',
    ' JavaScript:x',
    'java\tscript:x',
    'data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
  ])('refuses %j', (value) => expect(isSafeUrl(value)).toBe(false));
  it('accepts mailto: only where asked', () => {
    expect(isSafeUrl('mailto:a@b.c')).toBe(false);
    expect(isSafeUrl('mailto:a@b.c', { allowMail: true })).toBe(true);
  });
});
