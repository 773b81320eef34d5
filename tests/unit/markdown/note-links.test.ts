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

  it('leaves site URLs, other sites, fragments and missing files to the link check', () => {
    for (const href of [
      '/top/',
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
