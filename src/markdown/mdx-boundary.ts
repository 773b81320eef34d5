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
  'ChainExpression',
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

/** Stands for a JSX element's value: the evaluator only needs to know it is not nullish. */
const ELEMENT = Object.freeze({ element: true });
/** Marks a `?.` that met null or undefined, so the whole chain is undefined. */
const SHORT_CIRCUIT = Symbol('short-circuit');

function child(node: EsNode, key: string): EsNode {
  return node[key] as EsNode;
}

function applyBinary(operator: string, a: unknown, b: unknown): unknown {
  // Loose operands on purpose: JavaScript's own operators, so they throw exactly where the page would.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const [x, y] = [a as any, b as any];
  switch (operator) {
    case '==':
      return x == y;
    case '!=':
      return x != y;
    case '===':
      return x === y;
    case '!==':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    case '>>>':
      return x >>> y;
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    case '**':
      return x ** y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '&':
      return x & y;
    case 'in':
      return x in y;
    case 'instanceof':
      return x instanceof y;
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  throw new Error(`unknown operator ${operator}`);
}

/**
 * Evaluates a read-only expression (one `expressionProblem` accepted) against the note's
 * frontmatter, the way the page will when it is built: the same operators on the same
 * values, so what throws here (`frontmatter.a.b` with no `a`, `1n + 1`) throws there too.
 */
export function evaluateReadOnly(node: EsNode, frontmatter: unknown): unknown {
  const value = evaluate(node, frontmatter);
  return value === SHORT_CIRCUIT ? undefined : value;
}

function evaluate(node: EsNode, frontmatter: unknown): unknown {
  const run = (n: EsNode) => evaluate(n, frontmatter);
  const value = (n: EsNode) => {
    const result = run(n);
    return result === SHORT_CIRCUIT ? undefined : result;
  };
  switch (node.type) {
    case 'Program': {
      let last: unknown;
      for (const statement of node.body as EsNode[]) last = value(statement);
      return last;
    }
    case 'ExpressionStatement':
      return value(child(node, 'expression'));
    case 'ChainExpression':
      return value(child(node, 'expression'));
    case 'Literal':
      if (typeof node.bigint === 'string') return BigInt(node.bigint);
      if (node.regex) {
        const { pattern, flags } = node.regex as { pattern: string; flags: string };
        return new RegExp(pattern, flags);
      }
      return node.value;
    case 'TemplateLiteral': {
      const quasis = node.quasis as EsNode[];
      const expressions = node.expressions as EsNode[];
      let text = '';
      quasis.forEach((quasi, index) => {
        text += String((quasi.value as { cooked?: string; raw: string }).cooked ?? '');
        // `${}` on purpose: it converts (and throws) as the page's template literal does.
        if (index < expressions.length) text += `${value(expressions[index]!) as string}`;
      });
      return text;
    }
    case 'BinaryExpression':
      return applyBinary(String(node.operator), value(child(node, 'left')), value(child(node, 'right')));
    case 'LogicalExpression': {
      const left = value(child(node, 'left'));
      if (node.operator === '&&') return left ? value(child(node, 'right')) : left;
      if (node.operator === '||') return left ? left : value(child(node, 'right'));
      return left ?? value(child(node, 'right'));
    }
    case 'ConditionalExpression':
      return value(child(node, 'test')) ? value(child(node, 'consequent')) : value(child(node, 'alternate'));
    case 'UnaryExpression': {
      const argument = value(child(node, 'argument'));
      switch (node.operator) {
        case '-':
          return -(argument as number);
        case '+':
          return +(argument as number);
        case '!':
          return !argument;
        case '~':
          return ~(argument as number);
        case 'typeof':
          return typeof argument;
        case 'void':
          return undefined;
      }
      throw new Error(`unknown operator ${String(node.operator)}`);
    }
    case 'ArrayExpression':
      return (node.elements as (EsNode | null)[]).map((element) => (element ? value(element) : undefined));
    case 'ObjectExpression': {
      const object: Record<PropertyKey, unknown> = {};
      for (const property of node.properties as EsNode[]) {
        const key = child(property, 'key');
        const name = property.computed ? value(key) : key.type === 'Identifier' ? key.name : key.value;
        object[name as PropertyKey] = value(child(property, 'value'));
      }
      return object;
    }
    case 'MemberExpression': {
      const object = run(child(node, 'object'));
      if (object === SHORT_CIRCUIT) return SHORT_CIRCUIT;
      if (node.optional && (object === null || object === undefined)) return SHORT_CIRCUIT;
      const property = child(node, 'property');
      const key = node.computed ? value(property) : property.name;
      return (object as Record<PropertyKey, unknown>)[key as PropertyKey];
    }
    case 'Identifier':
      return node.name === 'frontmatter' ? frontmatter : undefined;
    case 'JSXElement':
    case 'JSXFragment': {
      const opening = node.openingElement as EsNode | undefined;
      for (const attribute of (opening?.attributes as EsNode[] | undefined) ?? []) {
        const attributeValue = attribute.value as EsNode | null | undefined;
        if (attributeValue) value(attributeValue);
      }
      for (const element of node.children as EsNode[]) value(element);
      return ELEMENT;
    }
    case 'JSXExpressionContainer':
      return value(child(node, 'expression'));
    case 'JSXText':
      return node.value;
    case 'JSXEmptyExpression':
      return undefined;
  }
  throw new Error(`cannot evaluate ${node.type}`);
}

/**
 * What the page's build would throw for this expression, or undefined. Only for notes whose
 * frontmatter is known (Astro puts it on the file; the page reads the same data as JSON).
 */
function thrownAtBuild(estree: EsNode, file: { data: unknown }): string | undefined {
  const frontmatter = (file.data as { astro?: { frontmatter?: unknown } }).astro?.frontmatter;
  if (frontmatter === undefined) return undefined;
  try {
    evaluateReadOnly(estree, JSON.parse(JSON.stringify(frontmatter)) as unknown);
    return undefined;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

const THROWS_HINT = 'read a field that may be missing with ?. or ?? (frontmatter.a?.b ?? "")';

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
        const thrown = node.data?.estree && thrownAtBuild(node.data.estree, file);
        if (thrown)
          fail(file, at, `this expression throws when the page is built: ${thrown} (${THROWS_HINT})`, 'mdx-boundary');
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
          const estree = (value as MdxNode).data?.estree;
          const thrown = estree && thrownAtBuild(estree, file);
          if (thrown) {
            fail(
              file,
              at,
              `<${name} ${attribute.name}={…}>: throws when the page is built: ${thrown} (${THROWS_HINT})`,
              'mdx-boundary',
            );
          }
          if (/^on/i.test(attribute.name ?? '')) plain[(attribute.name ?? '').toLowerCase()] = '';
        }
      }
      const refused = unsafeMarkup(name.toLowerCase(), plain);
      if (refused) fail(file, at, `${refused}: not allowed in content`, 'mdx-boundary');
    });
  };
};
