/**
 * Links technology names and aliases in prose to their cards, once per section
 * (content under one h2, its subsections included — the way a card page's sections
 * are cut), so readers can jump to a card without every "containerd" on the page
 * turning blue. Skips headings, code, links, images,
 * HTML, math, MDX components and anything flagged noAutoLink (admonition titles,
 * spoilers). Longest match wins ("Docker 引擎" before "Docker"); ASCII names only
 * match whole words ("runc" not in "runcx", but yes in "runc（").
 */
import type { Link, Nodes, PhrasingContent, Root, Text } from 'mdast';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { aliasKey } from '../model/atlas.ts';
import type { CardLookup } from './card-index.ts';
import { isNoAutoLink } from './flags.ts';
import { paths, withBase } from '../model/urls.ts';
import type { Plugin } from 'unified';

/** Options of remarkAutoLink. */
export interface AutoLinkOptions {
  /** Default true. */
  enabled?: boolean | undefined;
  /** true (default): first mention in every h2 section; false: first mention on the page. */
  perSection?: boolean | undefined;
  /** Card names and aliases to link (an `Atlas` works). */
  cards?: CardLookup | undefined;
  /** Site base path. */
  base?: string | undefined;
  /**
   * The card whose own page this is (never linked to itself). Default: taken from
   * the file path `…/cards/<id>.md`.
   */
  currentCard?: string | ((file: VFile) => string | undefined) | undefined;
  /** Names/aliases that are too generic to link automatically (compared case-insensitively). */
  ignoreTerms?: readonly string[] | undefined;
}

/** Node types whose text is never auto-linked (SKIP also skips their children). */
const skipTypes = new Set([
  'code',
  'inlineCode',
  'html',
  'image',
  'imageReference',
  'definition',
  'footnoteReference',
  'math',
  'inlineMath',
  'yaml',
  'toml',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
  'mdxFlowExpression',
  'mdxTextExpression',
  'mdxjsEsm',
]);

const word = /[A-Za-z0-9_]/;
const isWord = (char: string | undefined): boolean => char !== undefined && word.test(char);

/** Regex-escapes without `\-` etc., which some flags reject. */
const escape = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

interface Term {
  key: string;
  id: string;
  sticky: RegExp;
  /** Word-boundary checks apply only on an ASCII-letter/digit edge. */
  checkStart: boolean;
  checkEnd: boolean;
}

/**
 * Pattern for one normalised term: a space between two ASCII words needs
 * whitespace ("Docker Engine"); a space next to CJK text is optional because
 * Chinese writers often omit it ("Docker引擎" = "Docker 引擎").
 */
function termSource(key: string): string {
  const parts = key.split(' ');
  let source = escape(parts[0]!);
  for (let i = 1; i < parts.length; i++) {
    const left = parts[i - 1]!.at(-1);
    const right = parts[i]![0];
    source += isWord(left) && isWord(right) ? '\\s+' : '\\s*';
    source += escape(parts[i]!);
  }
  return source;
}

/** Compiles the card names into a matcher; exported for tests and diagnostics. */
export function compileTerms(
  cards: CardLookup,
  ignore: readonly string[] = [],
): { terms: Term[]; any: RegExp | undefined } {
  const ignored = new Set(ignore.map(aliasKey));
  const terms: Term[] = [...cards.aliases]
    .filter(([key]) => key && !ignored.has(key))
    .sort(([a], [b]) => b.length - a.length || a.localeCompare(b))
    .map(([key, id]) => ({
      key,
      id,
      sticky: new RegExp(termSource(key), 'iy'),
      checkStart: isWord(key[0]),
      checkEnd: isWord(key.at(-1)),
    }));
  const any = terms.length ? new RegExp(terms.map((t) => termSource(t.key)).join('|'), 'gi') : undefined;
  return { terms, any };
}

/**
 * `-` or `.` glued to a word continues it ("containerd-shim", "docker.io"), so
 * they count as word characters when a letter or digit is on their other side.
 */
function boundaryBefore(text: string, index: number): boolean {
  const prev = text[index - 1];
  if (isWord(prev)) return false;
  if ((prev === '-' || prev === '.') && isWord(text[index - 2])) return false;
  return true;
}

function boundaryAfter(text: string, end: number): boolean {
  const next = text[end];
  if (isWord(next)) return false;
  if ((next === '-' || next === '.') && isWord(text[end + 1])) return false;
  return true;
}

/** Longest term that matches at `index` with valid word boundaries. */
function matchAt(text: string, index: number, terms: Term[]): { id: string; length: number } | undefined {
  for (const term of terms) {
    term.sticky.lastIndex = index;
    const match = term.sticky.exec(text);
    if (!match) continue;
    const end = index + match[0].length;
    if (term.checkStart && !boundaryBefore(text, index)) continue;
    if (term.checkEnd && !boundaryAfter(text, end)) continue;
    return { id: term.id, length: match[0].length };
  }
  return undefined;
}

/** Card id of an existing link to a card page, so an explicit link counts as the section's mention. */
function linkedCard(node: Nodes): string | undefined {
  const properties = (node.data as { hProperties?: Record<string, unknown> } | undefined)?.hProperties;
  if (typeof properties?.dataCard === 'string') return properties.dataCard;
  if (node.type === 'link') return /(?:^|\/)cards\/([a-z0-9][a-z0-9-]*)\/?(?:[?#].*)?$/.exec(node.url)?.[1];
  return undefined;
}

function defaultCurrentCard(file: VFile): string | undefined {
  return /(?:^|[\\/])cards[\\/]([a-z0-9][a-z0-9-]*)\.mdx?$/.exec(file.path ?? '')?.[1];
}

/** Remark plugin: first-mention auto-links to cards, marked `class="card-link" data-card="<id>"`. */
export const remarkAutoLink: Plugin<[AutoLinkOptions?], Root> = function (options = {}) {
  const { enabled = true, perSection = true, base = '/' } = options;
  const { terms, any } = options.cards
    ? compileTerms(options.cards, options.ignoreTerms)
    : { terms: [], any: undefined };

  return (tree: Root, file: VFile) => {
    if (!enabled || !any) return;
    const current =
      typeof options.currentCard === 'function'
        ? options.currentCard(file)
        : (options.currentCard ?? defaultCurrentCard(file));
    const linked = new Set<string>();

    visitParents(tree, (node: Nodes, ancestors: Nodes[]) => {
      if (node.type === 'heading') {
        if (perSection && node.depth <= 2) linked.clear();
        return SKIP;
      }
      if (node.type === 'link' || node.type === 'linkReference') {
        const id = linkedCard(node);
        if (id) linked.add(id);
        return SKIP;
      }
      if (skipTypes.has(node.type) || isNoAutoLink(node)) return SKIP;
      if (node.type !== 'text') return;

      const parent = ancestors.at(-1) as Extract<Nodes, { children: unknown[] }> | undefined;
      if (!parent) return;
      const out = splitText(
        node,
        terms,
        any,
        (id) => {
          if (id === current || linked.has(id)) return false;
          linked.add(id);
          return true;
        },
        base,
      );
      if (!out) return;
      const index = (parent.children as Nodes[]).indexOf(node);
      (parent.children as PhrasingContent[]).splice(index, 1, ...out);
      return [SKIP, index + out.length];
    });
  };
};

/** Splits one text node around the terms `accept` lets through; undefined when nothing is linked. */
function splitText(
  node: Text,
  terms: Term[],
  any: RegExp,
  accept: (id: string) => boolean,
  base: string,
): PhrasingContent[] | undefined {
  const text = node.value;
  const out: PhrasingContent[] = [];
  let last = 0;
  any.lastIndex = 0;
  for (let match = any.exec(text); match; match = any.exec(text)) {
    const hit = matchAt(text, match.index, terms);
    if (!hit) {
      any.lastIndex = match.index + 1;
      continue;
    }
    // Skip the whole matched name even when it is not linked, so a shorter name inside it
    // ("Docker" in an already linked "Docker 引擎") is not linked in its place.
    any.lastIndex = match.index + hit.length;
    if (!accept(hit.id)) continue;
    if (match.index > last) out.push({ type: 'text', value: text.slice(last, match.index) });
    const link: Link = {
      type: 'link',
      url: withBase(base, paths.card(hit.id)),
      children: [{ type: 'text', value: text.slice(match.index, match.index + hit.length) }],
      data: { hProperties: { className: ['card-link', 'auto-link'], dataCard: hit.id } },
    };
    out.push(link);
    last = match.index + hit.length;
  }
  if (!out.length) return undefined;
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}
