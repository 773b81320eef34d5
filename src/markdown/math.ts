/**
 * KaTeX rendering (`$…$`, `$$…$$`, ```math) with the project's own `katex`.
 * Not rehype-katex: it bundles KaTeX 0.16, whose HTML uses class names
 * (`.base`, `.strut`, …) that the 0.19 stylesheet from our `katex` no longer
 * styles. Bad formulas never fail the build (throwOnError: false renders them in
 * red) but each one is reported with file, line and the formula.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import katex, { type KatexOptions } from 'katex';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import { fail, warn } from './errors.ts';
import type { Plugin } from 'unified';

/** Options of rehypeMath. */
export interface MathOptions {
  /**
   * What to do with a formula KaTeX cannot render or warns about (strict mode):
   * `'warn'` (default) prints one line per problem to stderr, `'throw'` fails the
   * build, a function receives the message. Every problem is also a vfile message.
   */
  onProblem?: 'warn' | 'throw' | ((message: string) => void) | undefined;
  /** KaTeX macros, e.g. `{ '\\RR': '\\mathbb{R}' }`; copied per page so `\gdef` cannot leak between pages. */
  macros?: Record<string, string> | undefined;
}

const classesOf = (element: Element): unknown[] =>
  Array.isArray(element.properties.className) ? element.properties.className : [];

/** Rehype plugin: replaces remark-math's `.math-inline` / `.math-display` (and ```math) with KaTeX HTML + MathML. */
export const rehypeMath: Plugin<[MathOptions?], Root> = function (options = {}) {
  const { onProblem = 'warn' } = options;
  return (tree, file) => {
    const macros = { ...options.macros };
    visitParents(tree, 'element', (element: Element, parents) => {
      const classes = classesOf(element);
      const fenced = classes.includes('language-math');
      if (!fenced && !classes.includes('math-display') && !classes.includes('math-inline')) return;

      let parent = parents.at(-1);
      let scope: Element = element;
      let displayMode = classes.includes('math-display');
      if (fenced && element.tagName === 'code' && parent?.type === 'element' && parent.tagName === 'pre') {
        scope = parent;
        parent = parents.at(-2);
        displayMode = true;
      }
      if (!parent) return;

      const formula = toString(scope);
      const problems: string[] = [];
      const settings: KatexOptions = {
        displayMode,
        output: 'htmlAndMathml',
        macros,
        strict: (code: string, message: string) => {
          problems.push(`${message} [${code}]`);
          return 'ignore';
        },
      };
      let html: string;
      try {
        html = katex.renderToString(formula, { ...settings, throwOnError: true });
      } catch (error) {
        problems.push((error as Error).message);
        try {
          html = katex.renderToString(formula, { ...settings, throwOnError: false, strict: 'ignore' });
        } catch {
          html = `<span class="katex-error" title="${escapeAttribute(String(error))}">${escapeText(formula)}</span>`;
        }
      }

      if (problems.length) {
        // One line per formula: a Chinese word in math mode would otherwise warn once per character.
        const fence = displayMode ? '$$' : '$';
        const problem = [...new Set(problems)].join('; ');
        const detail = `KaTeX: ${problem} — in ${fence}${formula}${fence}`;
        if (onProblem === 'throw') fail(file, scope.position, detail, 'katex');
        const message = warn(file, scope.position, detail, 'katex');
        if (onProblem === 'warn') console.warn(`[markdown] ${message}`);
        else onProblem(message);
      }

      const rendered = fromHtml(html, { fragment: true }).children as ElementContent[];
      const index = parent.children.indexOf(scope);
      parent.children.splice(index, 1, ...rendered);
      return SKIP;
    });
  };
};

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, '&quot;');
