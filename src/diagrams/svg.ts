/**
 * String-level finishing of rendered SVGs (Node side, no DOM): title/desc,
 * per-use id prefixes and classes, and the standalone variant for <img> use.
 */
import { systemFontStack } from './assets.ts';

/** What the renderer returns (and caches) for one diagram in one theme. */
export interface RenderedSvg {
  /** Serialized XML, ids all starting with `prefix`, no <title>/<desc> yet. */
  svg: string;
  /** Unique id prefix of this rendering (derived from the cache key). */
  prefix: string;
  width: number;
  height: number;
  /** viewBox "minX minY width height". */
  viewBox: string;
  /** accTitle / accDescr written in the Mermaid source, if any. */
  accTitle?: string;
  accDescr?: string;
  /** Labels that do not fit their shape (clipping check); empty when all is well. */
  warnings: string[];
}

export interface SvgMeta {
  title: string;
  description: string;
  /** Extra class(es) on the root <svg>, e.g. `diagram-light`. */
  className?: string;
  /** Replace the id prefix (when the same rendering appears twice on one page). */
  idPrefix?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Renames every id (and reference) of a rendering: prefixes are unique tokens, so a plain replace is safe. */
export function reprefixSvg(svg: string, from: string, to: string): string {
  return from === to ? svg : svg.split(from).join(to);
}

const rootTag = /^<svg\b[^>]*>/;

function editRoot(svg: string, edit: (tag: string) => string): string {
  const match = rootTag.exec(svg);
  if (!match) throw new Error('diagrams: rendered SVG does not start with <svg');
  return edit(match[0]) + svg.slice(match[0].length);
}

function setAttribute(tag: string, name: string, value: string): string {
  const re = new RegExp(`\\s${name}="[^"]*"`);
  const attr = ` ${name}="${escapeXml(value)}"`;
  return re.test(tag)
    ? tag.replace(re, attr)
    : tag.replace(/\s*\/?>$/, (end) => `${attr}${end.trim() === '/>' ? ' />' : '>'}`);
}

/** Smallest scale an inline diagram may be shrunk to: 16 px text stays at least 12 px. */
export const minimumScale = 0.75;

/**
 * Inline sizing: scales down with its container, never up, keeping the aspect
 * ratio; but not below `minimumScale` (wide diagrams then need a container with
 * `overflow-x: auto`, which the rehype plugin's `.diagram-svg` wrapper has).
 */
export function responsiveStyle(width: number): string {
  const min = Math.round(width * minimumScale);
  return `max-width:100%;height:auto${width > 640 ? `;min-width:${min}px` : ''}`;
}

/** Adds role="img", <title>, <desc>, aria references, classes and sizing; optionally renames ids. */
export function finalizeSvg(rendered: RenderedSvg, meta: SvgMeta & { standalone?: boolean }): string {
  const prefix = meta.idPrefix ?? rendered.prefix;
  const svg = reprefixSvg(rendered.svg, rendered.prefix, prefix);
  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;
  const withRoot = editRoot(svg, (tag) => {
    let out = setAttribute(tag, 'role', 'img');
    out = setAttribute(out, 'style', meta.standalone ? 'background-color:#ffffff' : responsiveStyle(rendered.width));
    out = setAttribute(out, 'aria-labelledby', titleId);
    out = setAttribute(out, 'aria-describedby', descId);
    if (meta.className) {
      const existing = /\sclass="([^"]*)"/.exec(out)?.[1];
      out = setAttribute(out, 'class', existing ? `${existing} ${meta.className}` : meta.className);
    }
    return out;
  });
  const head =
    `<title id="${titleId}">${escapeXml(meta.title)}</title>` +
    `<desc id="${descId}">${escapeXml(meta.description)}</desc>`;
  return withRoot.replace(rootTag, (tag) => tag + head);
}

/**
 * A self-contained SVG file for <img> embeds elsewhere (wikis, image viewers):
 * white background, CJK system fonts (no web font), XML declaration.
 */
export function standaloneSvg(rendered: RenderedSvg, meta: Omit<SvgMeta, 'className'>): string {
  let svg = finalizeSvg(rendered, { ...meta, standalone: true });
  svg = svg
    // Declarations in <style> and in style="" attributes (where quotes are &quot;).
    .replace(
      /font-family\s*:\s*(?:&quot;|&#39;|&apos;|&amp;|"[^"<]*"|'[^'<]*'|[^;}"'<&])*/g,
      `font-family:${systemFontStack}`,
    )
    .replace(/\sfont-family="[^"]*"/g, ` font-family="${systemFontStack}"`);
  const [x, y, w, h] = rendered.viewBox.split(/[\s,]+/);
  const background = `<rect class="diagram-background" x="${x}" y="${y}" width="${w}" height="${h}" fill="#ffffff"/>`;
  // After <title>/<desc> so assistive tech still finds them first.
  svg = svg.replace(/<\/desc>/, `</desc>${background}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}
