import remarkDirective from 'remark-directive';
import { describe, expect, it } from 'vitest';
import { parseRepo, remarkGithubCard } from '../../../src/markdown/github-card.ts';
import { render } from './render.ts';

const md = (markdown: string, path?: string) => render(markdown, { remark: [remarkDirective, remarkGithubCard], path });

describe('github card', () => {
  it('renders a static link card without any API call', async () => {
    const html = await md('前文\n\n::github{repo="containerd/containerd"}\n\n后文');
    expect(html).toContain(
      '<a class="github-card" href="https://github.com/containerd/containerd" data-repo="containerd/containerd">' +
        '<span class="github-card-caption">GitHub 仓库</span>' +
        '<span class="github-card-title"><span class="github-card-owner">containerd</span><span class="github-card-slash">/</span><span class="github-card-repo">containerd</span></span></a>',
    );
    expect(html).toMatch(/^<p>前文<\/p>[\s\S]*<p>后文<\/p>$/);
  });

  it('accepts dots, underscores and hyphens in repository names', async () => {
    expect(await md('::github{repo="opencontainers/runtime-spec"}')).toContain(
      'href="https://github.com/opencontainers/runtime-spec"',
    );
    expect(parseRepo('a-b/c.d_e')).toEqual({ owner: 'a-b', name: 'c.d_e' });
  });

  it.each(['containerd', 'a/b/c', '-bad/x', 'owner/..', 'owner/na me', 'https://github.com/a/b'])(
    'rejects repo="%s"',
    (repo) => {
      expect(parseRepo(repo)).toBeUndefined();
    },
  );

  it('fails with file and line on an invalid repo', async () => {
    await expect(md('# t\n\n::github{repo="not a repo"}', 'content/notes/cards.md')).rejects.toThrow(
      'content/notes/cards.md:3:1: ::github: invalid repo "not a repo"; expected ::github{repo="owner/name"}',
    );
  });

  it('fails when repo is missing', async () => {
    await expect(md('::github{user="x"}', 'content/notes/cards.md')).rejects.toThrow(
      'content/notes/cards.md:1:1: ::github: invalid repo (missing)',
    );
  });
});
