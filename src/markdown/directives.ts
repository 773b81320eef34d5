/**
 * Turns directives that no plugin handled back into the text the author typed.
 * remark-directive parses any `:name` as a text directive, so without this step
 * "12:30" would lose ":30" and "nginx:latest" would lose ":latest".
 */
import type { Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type {} from 'remark-directive';
import { fail } from './errors.ts';
import type { Plugin } from 'unified';

type Directive = Extract<Nodes, { type: 'textDirective' | 'leafDirective' | 'containerDirective' }>;

/** True for the three directive node types. */
export function isDirective(node: Nodes): node is Directive {
  return node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective';
}

/** A directive a plugin has taken over sets `data.hName` (how remark-rehype learns the element). */
function isHandled(node: Directive): boolean {
  return typeof node.data?.hName === 'string';
}

const markers = { textDirective: ':', leafDirective: '::', containerDirective: ':::' } as const;

/** Rebuilds the opening source text when positions are missing (nodes made by other plugins). */
function serialise(node: Directive): { open: string; close: string } {
  const attributes = Object.entries(node.attributes ?? {})
    .map(([key, value]) => (value ? `${key}="${value.replace(/"/g, '&quot;')}"` : key))
    .join(' ');
  const attrs = attributes ? `{${attributes}}` : '';
  const open = `${markers[node.type]}${node.name}`;
  return node.children.length ? { open: `${open}[`, close: `]${attrs}` } : { open: `${open}${attrs}`, close: '' };
}

/** The literal text around a directive's label, taken from the source when possible (exact). */
function literalParts(node: Directive, source: string | undefined): { open: string; close: string } {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (source === undefined || start === undefined || end === undefined) return serialise(node);
  if (!node.children.length) return { open: source.slice(start, end), close: '' };
  const first = node.children[0]!.position?.start.offset;
  const last = node.children.at(-1)!.position?.end.offset;
  if (first === undefined || last === undefined) return serialise(node);
  return { open: source.slice(start, first), close: source.slice(last, end) };
}

/** Merges neighbouring text nodes so later text matchers (wiki links, auto-link) see one run. */
export function mergeText(parent: Parent): void {
  const merged: RootContent[] = [];
  for (const child of parent.children as RootContent[]) {
    const previous = merged.at(-1);
    if (child.type === 'text' && previous?.type === 'text') {
      previous.value += child.value;
      if (previous.position && child.position)
        previous.position = { start: previous.position.start, end: child.position.end };
      else delete previous.position;
    } else {
      merged.push(child);
    }
  }
  (parent as Parent & { children: RootContent[] }).children = merged;
}

/**
 * Remark plugin: unhandled text and leaf directives become literal text again;
 * an unhandled container directive (`:::warnig`) is almost always a typo, so it
 * fails the build naming the file, the line and the known names.
 */
export const remarkLiteralDirectives: Plugin<[{ knownContainers?: readonly string[] }?], Root> = function (
  options = {},
) {
  const known = options.knownContainers ?? [];
  return (tree, file) => {
    const source = file.value === undefined ? undefined : String(file.value);
    const walk = (parent: Parent): void => {
      let changed = false;
      const next: RootContent[] = [];
      for (const child of parent.children as RootContent[]) {
        if ('children' in child) walk(child);
        if (!isDirective(child) || isHandled(child)) {
          next.push(child);
          continue;
        }
        if (child.type === 'containerDirective') {
          const list = known.length ? ` (known: ${known.join(', ')})` : '';
          fail(file, child.position, `unknown container directive ":::${child.name}"${list}`);
        }
        changed = true;
        const { open, close } = literalParts(child, source);
        const text = (value: string): Text => ({ type: 'text', value });
        const inline: PhrasingContent[] = [
          ...(open ? [text(open)] : []),
          ...(child.children as PhrasingContent[]),
          ...(close ? [text(close)] : []),
        ];
        if (child.type === 'leafDirective') {
          const paragraph: Paragraph = { type: 'paragraph', children: inline, position: child.position };
          mergeText(paragraph);
          next.push(paragraph);
        } else {
          next.push(...inline);
        }
      }
      if (changed) {
        (parent as Parent & { children: RootContent[] }).children = next;
        mergeText(parent);
      }
    };
    walk(tree);
  };
};
