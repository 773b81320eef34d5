/**
 * Entry point for astro.config.mjs: every Stack Atlas markdown plugin, in the
 * order they must run, ready for `unified({ remarkPlugins, rehypePlugins })`
 * from @astrojs/markdown-remark (Astro 7's default processor ignores rehype plugins).
 */
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
import remarkDirective from 'remark-directive';
import remarkGithubAdmonitionsToDirectives from 'remark-github-admonitions-to-directives';
import remarkMath from 'remark-math';
import { admonitionTypes, githubAlertMapping, remarkAdmonitions, type AdmonitionOptions } from './admonitions.ts';
import { remarkAutoLink, type AutoLinkOptions } from './auto-link.ts';
import type { CardLookup } from './card-index.ts';
import { cjkPlugins } from './cjk.ts';
import { remarkDiagramCode } from './diagram-code.ts';
import { remarkLiteralDirectives } from './directives.ts';
import { remarkGithubCard } from './github-card.ts';
import { rehypeHeadings } from './headings.ts';
import { rehypeMath, type MathOptions } from './math.ts';
import { remarkSpoiler } from './spoiler.ts';
import { remarkWikiLinks } from './wiki-links.ts';
import { rehypeTaskListLabels } from './task-list.ts';

/** Options of markdownPlugins; only `notes` and `base` are required. */
export interface MarkdownPluginOptions {
  /** Cards for wiki links and auto-links; `loadAtlas('content')` fits. Without it `[[card]]` links fail. */
  atlas?: CardLookup | undefined;
  /** Note slugs (or slug → title, used as default wiki-link text). */
  notes: readonly string[] | ReadonlyMap<string, string>;
  /** Site base path (`import.meta.env.BASE_URL` / config `base`), e.g. `/` or `/stack-atlas/`. */
  base: string;
  /** Auto-link card names in prose (default true); an object tunes it. */
  autoLink?: boolean | Pick<AutoLinkOptions, 'perSection' | 'currentCard' | 'ignoreTerms'> | undefined;
  /** KaTeX problem reporting and macros. */
  math?: MathOptions | undefined;
  /** Admonition title overrides. */
  admonitions?: AdmonitionOptions | undefined;
}

/** Plugin lists in the shape `unified()` from @astrojs/markdown-remark takes. */
export interface MarkdownPlugins {
  remarkPlugins: RemarkPlugins;
  rehypePlugins: RehypePlugins;
}

/** The remark and rehype plugin lists for `unified({ ...markdownPlugins(options) })`. */
export function markdownPlugins(options: MarkdownPluginOptions): MarkdownPlugins {
  const { atlas, notes, base } = options;
  const autoLink =
    typeof options.autoLink === 'object'
      ? { enabled: true, ...options.autoLink }
      : { enabled: options.autoLink ?? true };

  const remarkPlugins: RemarkPlugins = [
    remarkMath,
    ...cjkPlugins,
    // GitHub alerts become directives before remark-directive's transforms run on them.
    [remarkGithubAdmonitionsToDirectives, { mapping: githubAlertMapping }],
    remarkDirective,
    [remarkAdmonitions, options.admonitions ?? {}],
    remarkSpoiler,
    remarkGithubCard,
    // After every directive handler: whatever is left ("12:30") becomes text again,
    // before wiki links and auto-link look at text.
    [remarkLiteralDirectives, { knownContainers: admonitionTypes }],
    [remarkWikiLinks, { cards: atlas, notes, base }],
    [remarkAutoLink, { ...autoLink, cards: atlas, base }],
    remarkDiagramCode,
  ];
  const rehypePlugins: RehypePlugins = [[rehypeMath, options.math ?? {}], rehypeHeadings, rehypeTaskListLabels];
  return { remarkPlugins, rehypePlugins };
}

/** Re-exports so callers need only this module. */
export type { AdmonitionOptions, AutoLinkOptions, CardLookup, MathOptions };
export { cardLookup } from './card-index.ts';
export { fail } from './errors.ts';
