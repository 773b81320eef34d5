import { describe, expect, it } from 'vitest';
import { repositoryFrom } from '../../../src/config.ts';
import { editUrl, normaliseRepositoryUrl, reportUrl } from '../../../src/model/repository.ts';

describe('repository links', () => {
  it('normalise package.json and clone URLs to the web address', () => {
    expect(normaliseRepositoryUrl('git+https://github.com/o/r.git')).toBe('https://github.com/o/r');
    expect(normaliseRepositoryUrl('https://github.com/o/r/')).toBe('https://github.com/o/r');
    expect(normaliseRepositoryUrl('git@github.com:o/r.git')).toBeUndefined();
    expect(normaliseRepositoryUrl('')).toBeUndefined();
  });

  it('edit a file on GitHub and on GitLab', () => {
    expect(editUrl({ url: 'https://github.com/o/r', branch: 'main' }, 'content/notes/My Post.md')).toBe(
      'https://github.com/o/r/edit/main/content/notes/My%20Post.md',
    );
    expect(editUrl({ url: 'https://gitlab.com/o/r', branch: 'dev' }, 'content/cards/runc.md')).toBe(
      'https://gitlab.com/o/r/-/edit/dev/content/cards/runc.md',
    );
  });

  it('open a new issue with the title and body filled in', () => {
    const url = new URL(reportUrl({ url: 'https://github.com/o/r', branch: 'main' }, '页面问题：runc', '页面：x'));
    expect(url.pathname).toBe('/o/r/issues/new');
    expect(url.searchParams.get('title')).toBe('页面问题：runc');
    expect(url.searchParams.get('body')).toBe('页面：x');
    const gitlab = new URL(reportUrl({ url: 'https://gitlab.com/o/r', branch: 'main' }, 't', 'b'));
    expect(gitlab.pathname).toBe('/o/r/-/issues/new');
    expect(gitlab.searchParams.get('issue[title]')).toBe('t');
  });

  it('come from STACK_ATLAS_REPO, then GitHub Actions, then package.json; none turns them off', () => {
    const pkg = { url: 'git+https://github.com/pkg/site.git' };
    expect(repositoryFrom({}, pkg)).toEqual({ url: 'https://github.com/pkg/site', branch: 'main' });
    expect(
      repositoryFrom(
        { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'ci/site', GITHUB_REF_NAME: 'trunk' },
        pkg,
      ),
    ).toEqual({ url: 'https://github.com/ci/site', branch: 'trunk' });
    expect(
      repositoryFrom({ STACK_ATLAS_REPO: 'https://gitlab.com/me/x', STACK_ATLAS_REPO_BRANCH: 'dev' }, pkg),
    ).toEqual({
      url: 'https://gitlab.com/me/x',
      branch: 'dev',
    });
    expect(repositoryFrom({ STACK_ATLAS_REPO: 'none' }, pkg)).toBeUndefined();
    expect(repositoryFrom({})).toBeUndefined();
    expect(() => repositoryFrom({ STACK_ATLAS_REPO: 'not a url' })).toThrow(/STACK_ATLAS_REPO/);
  });
});
