/**
 * rehype plugin: replaces ```mermaid code blocks in notes (`pre > code.language-mermaid`)
 * with a <figure class="diagram"> holding one inline SVG that follows the site theme
 * and a <details> with the Mermaid source as text equivalent. Uses the build's
 * renderer (one browser, disk cache). Invalid Mermaid fails the file with its path and line.
 *
 * Shiki / Expressive Code must leave mermaid fences alone
 * (`syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] }`).
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { t } from '../i18n/index.ts';
import type { DiagramRenderer } from '../diagrams/render/renderer.ts';
import { inlineSvg, themedMermaidSvg } from '../diagrams/render/svg.ts';
import { displayPath, fail, frontmatterLineOffset } from './errors.ts';

/**
 * How big a diagram in a note may be. Over 50,000 characters Mermaid draws an error box
 * instead of the diagram; long before that the render takes seconds and the SVG outweighs
 * the page (measured here: 500 links 3.7 s and 0.7 MB, 2,000 nodes 8.7 s and 1.3 MB). Our
 * largest Mermaid diagrams are about 1,000 characters and 20 statements (the call chains)
 * and 3,800 characters and 110 statements (the old stack diagram), well inside both limits.
 */
export const MERMAID_LIMITS = { characters: 20_000, elements: 300 } as const;

/** A link between nodes or participants: `-->`, `---`, `-.->`, `==>`, `~~~`, `->>`, `-x`, `--)`. */
const LINK = /[<xo]?(?:-{2,}|={2,}|-\.+-)[-=>xo)]*|~{3,}|-{1,2}(?:>>?|x|\))/g;

/**
 * About how many nodes, links and other statements a diagram has: each statement
 * (line or `;`-separated part) counts once, or once per link when it chains several
 * (`a --> b --> c` is two). Comments and blank lines count nothing.
 */
export function mermaidElementCount(source: string): number {
  let count = 0;
  for (const line of source.split('\n')) {
    if (!line.trim() || /^\s*%%/.test(line)) continue;
    for (const statement of line.split(';')) {
      if (statement.trim()) count += Math.max(1, statement.match(LINK)?.length ?? 0);
    }
  }
  return count;
}

/** Why a diagram is too big to render, or undefined. */
export function mermaidSizeProblem(source: string): string | undefined {
  const { characters, elements } = MERMAID_LIMITS;
  if (source.length > characters) {
    return `this Mermaid diagram has ${source.length.toLocaleString('en')} characters, over the limit of ${characters.toLocaleString('en')}`;
  }
  const count = mermaidElementCount(source);
  if (count > elements) {
    return `this Mermaid diagram has about ${count.toLocaleString('en')} nodes and links, over the limit of ${elements}`;
  }
  return undefined;
}

export interface RehypeMermaidFencesOptions {
  /** The build's renderer (one browser and disk cache for the whole build). */
  renderer: DiagramRenderer;
}

interface Fence {
  pre: Element;
  parent: { children: ElementContent[] };
  index: number;
  source: string;
  /** Line of the opening ``` in the file, if known. */
  fenceLine: number | undefined;
}

function isMermaidCode(node: ElementContent | undefined): node is Element {
  if (!node || node.type !== 'element' || node.tagName !== 'code') return false;
  const className = node.properties?.className;
  const classes = Array.isArray(className) ? className.map(String) : String(className ?? '').split(/\s+/);
  return classes.includes('language-mermaid') || node.properties?.dataLanguage === 'mermaid';
}

/** Line of the opening fence, from positions or, failing that, by finding the source in the file text. */
function fenceLineOf(pre: Element, code: Element, source: string, file: VFile): number | undefined {
  const line = pre.position?.start.line ?? code.position?.start.line;
  if (line !== undefined) return line;
  const text = typeof file.value === 'string' ? file.value : undefined;
  const at = text?.indexOf(source.split('\n')[0] ?? '\u0000');
  if (text && at !== undefined && at >= 0) return text.slice(0, at).split('\n').length - 1;
  return undefined;
}

function svgElement(svg: string): Element {
  const fragment = fromHtml(svg, { fragment: true });
  const element = fragment.children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
  if (!element) throw new Error('diagrams: rendered SVG could not be parsed');
  return element;
}

function noteTitle(file: VFile): string | undefined {
  const data = file.data as { astro?: { frontmatter?: { title?: unknown } }; frontmatter?: { title?: unknown } };
  const title = data.astro?.frontmatter?.title ?? data.frontmatter?.title;
  return typeof title === 'string' && title.trim() ? title.trim() : undefined;
}

export const rehypeMermaidFences: Plugin<[RehypeMermaidFencesOptions], Root> = function (options) {
  return async function transform(tree, file): Promise<void> {
    const fences: Fence[] = [];
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'pre' || index === undefined || !parent) return;
      const code = node.children.find((c) => c.type === 'element');
      if (!isMermaidCode(code)) return;
      const source = toString(code).replace(/\n$/, '');
      fences.push({
        pre: node,
        parent: parent as Fence['parent'],
        index,
        source,
        fenceLine: fenceLineOf(node, code, source, file),
      });
      return 'skip';
    });
    if (!fences.length) return;

    const filePath = file.path ? displayPath(file) : '<note>';
    const title = noteTitle(file);
    // Astro hands plugins the body without its frontmatter: positions count from the closing ---.
    const offset = frontmatterLineOffset(file);
    let number = 0;
    for (const fence of fences) {
      number += 1;
      // Refused before rendering: a diagram this big renders for seconds, or as Mermaid's error box.
      const tooBig = mermaidSizeProblem(fence.source);
      if (tooBig) {
        fail(
          file,
          fence.pre.position,
          `${tooBig}; split it into smaller diagrams or link a generated image instead`,
          'mermaid-size',
        );
      }
      const fenceLine = fence.fenceLine === undefined ? undefined : fence.fenceLine + offset;
      const origin = { file: filePath, ...(fenceLine !== undefined ? { line: fenceLine + 1, fenceLine } : {}) };
      const rendered = await options.renderer.render(fence.source, origin);
      const diagramType = /^\s*(?:%%.*\n\s*)*([A-Za-z-]+)/.exec(fence.source)?.[1] ?? 'mermaid';
      const meta = {
        title:
          rendered.accTitle ??
          (title ? t('mermaid.figureTitleIn', { title, n: number }) : t('mermaid.figureTitle', { n: number })),
        description: rendered.accDescr ?? t('mermaid.description', { type: diagramType }),
      };
      const svg = inlineSvg(themedMermaidSvg(rendered, `${filePath}: diagram ${number}`), {
        ...meta,
        idPrefix: `${rendered.prefix}n${number}`,
        fromPrefix: rendered.prefix,
      });
      const figure = h('figure', { className: ['diagram', 'diagram-note'], dataDiagram: `note-${number}` }, [
        // Focusable so keyboard users can scroll a diagram wider than the column.
        h(
          'div',
          { className: ['diagram-svg'], style: 'overflow-x:auto', tabIndex: 0, role: 'group', ariaLabel: meta.title },
          [svgElement(svg)],
        ),
        h('details', { className: ['diagram-text'] }, [
          h('summary', t('mermaid.textSummary')),
          // Text directly in <pre> (no <code>), so syntax highlighters leave it alone.
          h('pre', { className: ['diagram-source'] }, fence.source),
        ]),
      ]);
      fence.parent.children[fence.index] = figure;
    }
  };
};
