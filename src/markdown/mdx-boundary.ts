/**
 * remark plugin for MDX notes: MDX compiles a note into JavaScript that runs at build
 * time, so a note could read any file or secret of the build machine. Notes may use
 * what cannot run code — HTML elements with plain attributes and expressions that only
 * read values (`{frontmatter.title}`, `{1 + 1}`, `` {`a${b}`} ``) — but no `import` or
 * `export`, no calls, no components, unless the repository trusts its authors
 * (`stackAtlas({ trustedMdx: true })` in astro.config.mjs, off by default).
 * Plain Markdown notes have none of these node types, so this is a no-op for them.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';
import { unsafeMarkup } from '../model/markup-safety.ts';
import { fail } from './errors.ts';

export interface MdxBoundaryOptions {
  /** Lets notes import, export and call code (trusted authors only). */
  trusted?: boolean;
}

/** ESTree node types an expression may consist of: values, operators, reading properties. */
const READ_ONLY = new Set([
  'Program',
  'ExpressionStatement',
  'Literal',
  'TemplateLiteral',
  'TemplateElement',
  'BinaryExpression',
  'LogicalExpression',
  'ConditionalExpression',
  'UnaryExpression',
  'ArrayExpression',
  'ObjectExpression',
  'Property',
  'MemberExpression',
  'Identifier',
  'JSXElement',
  'JSXFragment',
  'JSXOpeningElement',
  'JSXClosingElement',
  'JSXOpeningFragment',
  'JSXClosingFragment',
  'JSXAttribute',
  'JSXIdentifier',
  'JSXText',
  'JSXExpressionContainer',
  'JSXEmptyExpression',
]);

/** Names an expression may read: the note's own frontmatter, and `undefined`. */
const READABLE = new Set(['frontmatter', 'undefined']);

/** Property names that reach the prototype chain (and from there, Function). */
const FORBIDDEN_PROPERTIES = new Set(['constructor', '__proto__', 'prototype']);

interface EsNode {
  type: string;
  [key: string]: unknown;
}

function isEsNode(value: unknown): value is EsNode {
  return typeof value === 'object' && value !== null && typeof (value as EsNode).type === 'string';
}

/** Why an ESTree program is not read-only, or undefined. */
export function expressionProblem(program: EsNode): string | undefined {
  const stack: { node: EsNode; parent?: EsNode; key?: string }[] = [{ node: program }];
  while (stack.length) {
    const { node, parent, key } = stack.pop()!;
    if (!READ_ONLY.has(node.type))
      return `${node.type} (expressions may only read values; no calls, functions or assignments)`;
    if (node.type === 'UnaryExpression' && node.operator === 'delete') return 'delete';
    if (node.type === 'JSXIdentifier' && /^[A-Z]/.test(String(node.name))) return `component <${String(node.name)}>`;
    if (node.type === 'Identifier') {
      const isPropertyName =
        (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) ||
        (parent?.type === 'Property' && key === 'key' && !parent.computed);
      if (isPropertyName && FORBIDDEN_PROPERTIES.has(String(node.name))) return `property ${String(node.name)}`;
      if (!isPropertyName && !READABLE.has(String(node.name)))
        return `name ${String(node.name)} (only frontmatter can be read)`;
    }
    if (node.type === 'Literal' && parent?.computed && FORBIDDEN_PROPERTIES.has(String(node.value))) {
      return `property ${String(node.value)}`;
    }
    for (const [childKey, value] of Object.entries(node)) {
      if (childKey === 'loc' || childKey === 'range') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isEsNode(child)) stack.push({ node: child, parent: node, key: childKey });
      }
    }
  }
  return undefined;
}

interface MdxNode extends Node {
  name?: string | null;
  value?: unknown;
  attributes?: { type: string; name?: string; value?: unknown; data?: { estree?: EsNode } }[];
  data?: { estree?: EsNode };
}

const HINT = 'for trusted authors only, set stackAtlas({ trustedMdx: true }) in astro.config.mjs';

export const remarkMdxBoundary: Plugin<[MdxBoundaryOptions?], Root> = function (options = {}) {
  return (tree, file) => {
    if (options.trusted) return;
    visit(tree, (visited) => {
      const node = visited as MdxNode;
      const at = node.position;
      if (node.type === 'mdxjsEsm') {
        fail(
          file,
          at,
          `import and export are not allowed in notes: they run code at build time (${HINT})`,
          'mdx-boundary',
        );
      }
      if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') {
        const problem = node.data?.estree && expressionProblem(node.data.estree);
        if (problem) fail(file, at, `this expression is not allowed in a note: ${problem} (${HINT})`, 'mdx-boundary');
      }
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
      const name = node.name ?? '';
      if (/^[A-Z]|\./.test(name)) {
        fail(
          file,
          at,
          `<${name}>: components are not available to notes, only HTML elements (${HINT})`,
          'mdx-boundary',
        );
      }
      const plain: Record<string, string> = {};
      for (const attribute of node.attributes ?? []) {
        if (attribute.type === 'mdxJsxExpressionAttribute') {
          fail(file, at, `<${name} {...}>: spread attributes are not allowed in a note (${HINT})`, 'mdx-boundary');
        }
        const value = attribute.value;
        if (typeof value === 'string') plain[(attribute.name ?? '').toLowerCase()] = value;
        else if (value && typeof value === 'object') {
          const problem = (value as MdxNode).data?.estree && expressionProblem((value as MdxNode).data!.estree!);
          if (problem) fail(file, at, `<${name} ${attribute.name}={…}>: ${problem} (${HINT})`, 'mdx-boundary');
          if (/^on/i.test(attribute.name ?? '')) plain[(attribute.name ?? '').toLowerCase()] = '';
        }
      }
      const refused = unsafeMarkup(name.toLowerCase(), plain);
      if (refused) fail(file, at, `${refused}: not allowed in content`, 'mdx-boundary');
    });
  };
};
