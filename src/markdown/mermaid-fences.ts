/**
 * rehype plugin: replaces ```mermaid code blocks in notes (`pre > code.language-mermaid`)
 * with a <figure class="diagram"> holding the light and dark inline SVGs and a
 * <details> with the Mermaid source as text equivalent. Uses the shared renderer
 * (one browser, disk cache). Invalid Mermaid fails the file with its path and line.
 *
 * Shiki / Expressive Code must leave mermaid fences alone
 * (`syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] }`).
 */
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { getSharedRenderer, type DiagramRenderer, type RendererOptions, type Theme } from '../diagrams/renderer.ts';
import { finalizeSvg, type RenderedSvg } from '../diagrams/svg.ts';

export interface RehypeMermaidFencesOptions {
  /** Renderer to use; default: the shared one (same browser and cache as the diagrams integration). */
  renderer?: DiagramRenderer;
  /** Options for the shared renderer if this plugin creates it. */
  rendererOptions?: RendererOptions;
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

export default function rehypeMermaidFences(options: RehypeMermaidFencesOptions = {}) {
  return async function transform(tree: Root, file: VFile): Promise<void> {
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

    const renderer = options.renderer ?? getSharedRenderer(options.rendererOptions);
    const filePath = file.path ? path.relative(process.cwd(), file.path) || file.path : '<note>';
    const title = noteTitle(file);
    const usedPrefixes = new Map<string, number>();
    const uniquePrefix = (rendered: RenderedSvg) => {
      const count = (usedPrefixes.get(rendered.prefix) ?? 0) + 1;
      usedPrefixes.set(rendered.prefix, count);
      return count === 1 ? rendered.prefix : `${rendered.prefix}x${count}`;
    };

    let number = 0;
    for (const fence of fences) {
      number += 1;
      const origin = {
        file: filePath,
        ...(fence.fenceLine !== undefined ? { line: fence.fenceLine + 1, fenceLine: fence.fenceLine } : {}),
      };
      const rendered = await renderer.renderThemes(fence.source, origin);
      const diagramType = /^\s*(?:%%.*\n\s*)*([A-Za-z-]+)/.exec(fence.source)?.[1] ?? 'mermaid';
      const meta = {
        title: rendered.light.accTitle ?? `${title ? `${title} · ` : ''}图 ${number}`,
        description: rendered.light.accDescr ?? `Mermaid ${diagramType} 图。文字版：见图下方“文字版（Mermaid 源码）”。`,
      };
      const variants = (['light', 'dark'] as Theme[]).map((theme) =>
        svgElement(
          finalizeSvg(rendered[theme], {
            ...meta,
            className: `diagram-${theme}`,
            idPrefix: uniquePrefix(rendered[theme]),
          }),
        ),
      );
      const figure = h('figure', { className: ['diagram', 'diagram-note'], dataDiagram: `note-${number}` }, [
        // Focusable so keyboard users can scroll a diagram wider than the column.
        h(
          'div',
          { className: ['diagram-svg'], style: 'overflow-x:auto', tabIndex: 0, role: 'group', ariaLabel: meta.title },
          variants,
        ),
        h('details', { className: ['diagram-text'] }, [
          h('summary', '文字版（Mermaid 源码）'),
          // Text directly in <pre> (no <code>), so syntax highlighters leave it alone.
          h('pre', { className: ['diagram-source'] }, fence.source),
        ]),
      ]);
      fence.parent.children[fence.index] = figure;
    }
  };
}

export { rehypeMermaidFences };
