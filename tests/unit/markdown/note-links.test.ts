import { describe, expect, it } from 'vitest';
import { linkedNoteFile } from '../../../src/markdown/note-links.ts';

const files = new Set(['blog/cilium-rollout.md', 'guide/index.md', 'blog/post.mdx', 'top.md']);

describe('linkedNoteFile', () => {
  it('follows file-path links between notes, as Fuwari posts write them', () => {
    expect(linkedNoteFile('./cilium-rollout.md', 'blog/a.md', files)).toEqual({
      file: 'blog/cilium-rollout.md',
      fragment: '',
    });
    expect(linkedNoteFile('cilium-rollout', 'blog/a.md', files)).toEqual({
      file: 'blog/cilium-rollout.md',
      fragment: '',
    });
    expect(linkedNoteFile('../guide/index.md#安装', 'blog/a.md', files)).toEqual({
      file: 'guide/index.md',
      fragment: '安装',
    });
    expect(linkedNoteFile('../guide/', 'blog/a.md', files)).toEqual({ file: 'guide/index.md', fragment: '' });
    expect(linkedNoteFile('/top.md', 'blog/a.md', files)).toEqual({ file: 'top.md', fragment: '' });
    expect(linkedNoteFile('post.mdx', 'blog/a.md', files)).toEqual({ file: 'blog/post.mdx', fragment: '' });
  });

  it('covers relative and root-relative paths, with or without .md, index.md and a #heading', () => {
    const cases: [string, string, string][] = [
      ['./cilium-rollout.md#步骤', 'blog/cilium-rollout.md', '步骤'],
      ['./cilium-rollout#步骤', 'blog/cilium-rollout.md', '步骤'],
      ['../guide#安装', 'guide/index.md', '安装'],
      ['../guide/index#安装', 'guide/index.md', '安装'],
      ['/guide/index.md#安装', 'guide/index.md', '安装'],
      ['/guide/index', 'guide/index.md', ''],
      ['/guide#安装', 'guide/index.md', '安装'],
      ['/blog/cilium-rollout', 'blog/cilium-rollout.md', ''],
      ['/blog/cilium-rollout.md#%E6%AD%A5%E9%AA%A4', 'blog/cilium-rollout.md', '%E6%AD%A5%E9%AA%A4'],
      ['/top', 'top.md', ''],
    ];
    for (const [href, file, fragment] of cases) {
      expect(linkedNoteFile(href, 'blog/a.md', files), href).toEqual({ file, fragment });
    }
  });

  it('leaves site URLs, other sites, fragments and missing files to the link check', () => {
    for (const href of [
      '/top/',
      '/guide/',
      '/missing',
      'https://example.com/top.md',
      '#top',
      './missing.md',
      '../../outside.md',
      'mailto:a@b.c',
    ]) {
      expect(linkedNoteFile(href, 'blog/a.md', files)).toBeUndefined();
    }
  });
});
