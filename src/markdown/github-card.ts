/**
 * `::github{repo="owner/name"}` → a static link card to the repository. No API
 * call at build or run time: the site must build offline and stay fast, so the
 * card shows only what the author wrote (owner and name).
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Nodes, Root } from 'mdast';
import type {} from 'remark-directive';
import { visit } from 'unist-util-visit';
import { fail } from './errors.ts';
import { t } from '../i18n/index.ts';
import type { Plugin } from 'unified';

type LeafDirective = Extract<Nodes, { type: 'leafDirective' }>;

/** GitHub's rules: owner is 1–39 letters, digits or single hyphens; repo is letters, digits, `.`, `_`, `-`. */
const repoPattern = /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/((?!\.{1,2}$)[A-Za-z0-9._-]{1,100})$/;

/** Splits and validates `owner/name`; undefined when it is not a valid repository reference. */
export function parseRepo(value: string | null | undefined): { owner: string; name: string } | undefined {
  const match = repoPattern.exec((value ?? '').trim());
  return match ? { owner: match[1]!, name: match[2]! } : undefined;
}

/** Remark plugin for the `::github` leaf directive; an invalid `repo` fails the build naming the file and line. */
export const remarkGithubCard: Plugin<[], Root> = function () {
  return (tree, file) => {
    visit(tree, 'leafDirective', (node: LeafDirective) => {
      if (node.name !== 'github') return;
      const raw = node.attributes?.repo;
      const repo = parseRepo(raw);
      if (!repo) {
        fail(
          file,
          node.position,
          `::github: invalid repo ${raw == null ? '(missing)' : `"${raw}"`}; expected ::github{repo="owner/name"}`,
        );
      }
      const children: ElementContent[] = [
        h('span.github-card-caption', t('githubCard.caption')),
        h('span.github-card-title', [
          h('span.github-card-owner', repo.owner),
          h('span.github-card-slash', '/'),
          h('span.github-card-repo', repo.name),
        ]),
      ];
      node.data = {
        ...node.data,
        hName: 'a',
        hProperties: {
          className: ['github-card'],
          href: `https://github.com/${repo.owner}/${repo.name}`,
          dataRepo: `${repo.owner}/${repo.name}`,
        },
        hChildren: children,
      };
    });
  };
};
