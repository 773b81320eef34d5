/**
 * Wiki links: `[[containerd]]`, `[[containerd|高级运行时]]`, `[[containerd#relations]]`,
 * `[[k8s]]` (any alias), `[[note-slug]]`, `[[note-slug#标题-id]]`, `[[#本页标题]]`.
 * Cards win over notes when a name is both; `[[notes/slug]]` / `[[cards/id]]` force
 * one kind. An unknown target fails the build: a dead link is a content bug.
 */
import type { Link, Nodes, PhrasingContent, Root, Text } from 'mdast';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { cardName, resolve, type CardLookup } from './card-index.ts';
import { fail, pointInText } from './errors.ts';
import { paths, withBase } from '../model/urls.ts';
import { didYouMean } from '../model/errors.ts';
import type { Plugin } from 'unified';

/** Options of remarkWikiLinks. */
export interface WikiLinkOptions {
  /** Cards by id, name and alias (an `Atlas` works). Without it only notes resolve. */
  cards?: CardLookup | undefined;
  /** Note slugs, or slug → title (the title becomes the default link text). */
  notes?: Iterable<string> | ReadonlyMap<string, string> | undefined;
  /** Site base path, e.g. `/` or `/stack-atlas/`. */
  base?: string | undefined;
}

/** What the inside of `[[...]]` resolved to. */
export type WikiTarget =
  | { kind: 'card'; id: string; fragment?: string | undefined; text: string }
  | { kind: 'note'; slug: string; fragment?: string | undefined; text: string }
  | { kind: 'fragment'; fragment: string; text: string };

/** `[[target]]` or `[[target|label]]`; no brackets or line breaks inside. */
const wikiLinkPattern = /\[\[([^[\]\n]+?)\]\]/g;

/** Elements whose text is never a wiki link (already links, or literal). */
const skipAncestors = new Set(['link', 'linkReference', 'definition']);

/** Known notes keyed by lower-cased slug (authors type `[[Container-Background]]` too). */
export type NoteIndex = ReadonlyMap<string, { slug: string; title?: string | undefined }>;

/** Normalises the `notes` option into a NoteIndex. */
export function noteIndex(notes: WikiLinkOptions['notes']): NoteIndex {
  const map = new Map<string, { slug: string; title?: string | undefined }>();
  if (!notes) return map;
  if (notes instanceof Map) {
    for (const [slug, title] of notes as ReadonlyMap<string, string>) map.set(slug.toLowerCase(), { slug, title });
  } else {
    for (const slug of notes as Iterable<string>) map.set(slug.toLowerCase(), { slug });
  }
  return map;
}

/**
 * Resolves the inside of `[[...]]` to a card, note or same-page fragment.
 * Returns an error string instead of throwing so callers can add the location.
 */
export function resolveWikiTarget(inner: string, cards: CardLookup | undefined, notes: NoteIndex): WikiTarget | string {
  const bar = inner.indexOf('|');
  const target = (bar === -1 ? inner : inner.slice(0, bar)).trim();
  const label = bar === -1 ? undefined : inner.slice(bar + 1).trim() || undefined;
  const hash = target.indexOf('#');
  const name = (hash === -1 ? target : target.slice(0, hash)).trim();
  const fragment = hash === -1 ? undefined : target.slice(hash + 1).trim() || undefined;

  if (!name) {
    if (!fragment) return 'empty wiki link target';
    return { kind: 'fragment', fragment, text: label ?? fragment };
  }

  const forced = /^(cards|notes)\//i.exec(name)?.[1]?.toLowerCase();
  const bare = forced ? name.slice(forced.length + 1) : name;

  if (forced !== 'notes' && cards) {
    const id = resolve(cards, bare);
    if (id) return { kind: 'card', id, fragment, text: label ?? cardName(cards, id) };
  }
  if (forced !== 'cards') {
    const note = notes.get(bare.toLowerCase());
    if (note) return { kind: 'note', slug: note.slug, fragment, text: label ?? note.title ?? bare };
  }
  const what =
    forced === 'cards' ? 'no card' : forced === 'notes' ? 'no note' : 'no card id, name or alias and no note slug';
  const known = [
    ...(forced !== 'notes' && cards ? cards.aliases.keys() : []),
    ...(forced !== 'cards' ? [...notes.values()].map((n) => n.slug) : []),
  ];
  return `unknown wiki link target "${bare}" in [[${inner}]] (${what} "${bare}")${didYouMean(bare, known)}`;
}

/** Remark plugin replacing `[[...]]` in text with links to card and note pages. */
export const remarkWikiLinks: Plugin<[WikiLinkOptions?], Root> = function (options = {}) {
  const base = options.base ?? '/';
  const notes = noteIndex(options.notes);
  return (tree: Root, file: VFile) => {
    visitParents(tree, 'text', (node: Text, ancestors: Nodes[]) => {
      if (ancestors.some((a) => skipAncestors.has(a.type))) return;
      const parent = ancestors.at(-1) as Extract<Nodes, { children: unknown[] }> | undefined;
      if (!parent || !node.value.includes('[[')) return;

      const out: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(wikiLinkPattern)) {
        const result = resolveWikiTarget(match[1]!, options.cards, notes);
        if (typeof result === 'string') fail(file, pointInText(node.position?.start, node.value, match.index), result);
        if (match.index > last) out.push({ type: 'text', value: node.value.slice(last, match.index) });
        const link = toLink(result, base);
        // Where the [[…]] was written, so that the link check can name the line if its target goes away.
        const at = node.position?.start;
        const start = pointInText(at, node.value, match.index);
        const end = pointInText(at, node.value, match.index + match[0].length);
        if (at?.offset !== undefined && start && end) {
          link.position = {
            start: { ...start, offset: at.offset + match.index },
            end: { ...end, offset: at.offset + match.index + match[0].length },
          };
        }
        out.push(link);
        last = match.index + match[0].length;
      }
      if (!out.length) return;
      if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });

      const index = (parent.children as Nodes[]).indexOf(node);
      (parent.children as PhrasingContent[]).splice(index, 1, ...out);
      return [SKIP, index + out.length];
    });
  };
};

function toLink(target: WikiTarget, base: string): Link {
  const children: PhrasingContent[] = [{ type: 'text', value: target.text }];
  switch (target.kind) {
    case 'card':
      return {
        type: 'link',
        url: withBase(base, paths.card(target.id, target.fragment)),
        children,
        data: { hProperties: { className: ['wiki-link', 'card-link'], dataCard: target.id } },
      };
    case 'note':
      return {
        type: 'link',
        url: withBase(base, paths.note(target.slug, target.fragment)),
        children,
        data: { hProperties: { className: ['wiki-link', 'note-link'], dataNote: target.slug } },
      };
    case 'fragment':
      return {
        type: 'link',
        url: `#${target.fragment}`,
        children,
        data: { hProperties: { className: ['wiki-link'] } },
      };
  }
}
