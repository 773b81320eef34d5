/**
 * String-level finishing of diagram SVGs (Node side, no DOM): colours as site
 * tokens, links on chain participants, title/desc and sizing for inline use, and
 * the standalone files for <img> embeds in both themes.
 */
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { tokens } from '../../styles/tokens.ts';
import type { ParticipantLink } from '../source/chain.ts';
import { attrs } from '../source/svg-kit.ts';
import { systemFontStack } from './assets.ts';
import { assertSafeSvg } from './sanitize.ts';
import { placeholdersToVars } from './theme.ts';

/** What the renderer returns (and caches) for one Mermaid diagram. */
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
  /** Unique prefix for the title/desc ids (and Mermaid's ids) where this copy is inlined. */
  idPrefix: string;
  /** Mermaid's own id prefix, renamed to idPrefix. */
  fromPrefix?: string;
  /** Extra class(es) on the root <svg>. */
  className?: string;
  /** The SVG holds links: it is a group of links, not an image. */
  interactive?: boolean;
  /** CSS written into the copy as its own <style> (the width at which a page swaps wide and narrow forms). */
  css?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const rootTag = /^<svg\b[^>]*>/;

function editRoot(svg: string, edit: (tag: string) => string): string {
  const match = rootTag.exec(svg);
  if (!match) throw new Error('diagrams: SVG does not start with <svg');
  return edit(match[0]) + svg.slice(match[0].length);
}

function setAttribute(tag: string, name: string, value: string): string {
  const re = new RegExp(`\\s${name}="[^"]*"`);
  const attr = ` ${name}="${escapeXml(value)}"`;
  return re.test(tag) ? tag.replace(re, attr) : tag.replace(/\s*>$/, `${attr}>`);
}

/** A Mermaid rendering made safe and theme-following (placeholder colours → site tokens). */
export function themedMermaidSvg(rendered: RenderedSvg, what: string): string {
  return placeholdersToVars(assertSafeSvg(rendered.svg, what));
}

/**
 * Turns sequence-diagram participant boxes into links to their cards (or layer).
 * Mermaid writes each participant as `<g data-et="participant" data-id="p_x">`
 * holding its box and name lines. The link's one accessible name is its aria-label,
 * the box's text read through a parser (entities decoded) and escaped again where
 * it is written; no <title> inside, which would be announced a second time.
 */
export function linkParticipants(
  svg: string,
  links: Record<string, ParticipantLink>,
  hrefOf: (sitePath: string) => string,
): string {
  return svg.replace(
    /(<g\b[^>]*\bdata-et="participant"[^>]*\bdata-id="([^"]+)"[^>]*>)([\s\S]*?)(<\/g>)/g,
    (whole, open: string, name: string, inner: string, close: string) => {
      const link = links[name];
      if (!link) return whole;
      const tree = fromHtml(`<svg>${inner}</svg>`, { fragment: true, space: 'svg' });
      const label = selectAll('tspan', tree)
        .map((tspan) => toString(tspan).trim())
        .filter(Boolean)
        .join(' ');
      const at = attrs({
        href: hrefOf(link.path),
        class: 'actor-link',
        'data-card': link.card,
        'data-layer': link.layer,
        'aria-label': label,
      });
      return `${open}<a${at}>${inner}</a>${close}`;
    },
  );
}

/**
 * Mermaid stacks the lines of a participant box one font size apart, so Han
 * characters of neighbouring lines touch; spreads them to 1.25 line height around
 * the same centre (the box is tall enough: sequenceLayout.actorHeight).
 */
export function spreadParticipantLines(svg: string, factor = 1.25): string {
  return svg.replace(
    /(<g\b[^>]*\bdata-et="participant"[^>]*>)([\s\S]*?)(<\/g>)/g,
    (_, open: string, inner: string, close: string) => {
      const spread = inner.replace(/(<tspan\b[^>]*\bdy=")(-?[\d.]+)(")/g, (_m, a: string, dy: string, b: string) => {
        return `${a}${Math.round(Number(dy) * factor * 100) / 100}${b}`;
      });
      return open + spread + close;
    },
  );
}

/** The smallest font size written in an SVG (attributes and style rules), in its own units. */
export function smallestFontSize(svg: string): number {
  const sizes = [...svg.matchAll(/font-size(?:="|\s*:\s*)([\d.]+)/g)].map((m) => Number(m[1]));
  if (!sizes.length) throw new Error('diagrams: no font-size in the SVG');
  return Math.min(...sizes);
}

/** Adds <title>/<desc>, accessible role and responsive sizing (shrinks with its column, never grows). */
export function inlineSvg(svg: string, meta: SvgMeta): string {
  const renamed = meta.fromPrefix ? svg.split(meta.fromPrefix).join(meta.idPrefix) : svg;
  const titleId = `${meta.idPrefix}-title`;
  const descId = `${meta.idPrefix}-desc`;
  const withRoot = editRoot(renamed, (tag) => {
    let out = setAttribute(tag, 'role', meta.interactive ? 'group' : 'img');
    out = setAttribute(out, 'style', 'max-width:100%;height:auto');
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
    `<desc id="${descId}">${escapeXml(meta.description)}</desc>` +
    (meta.css ? `<style>${meta.css}</style>` : '');
  return withRoot.replace(rootTag, (tag) => tag + head);
}

/**
 * A self-contained SVG file for <img> embeds (wikis, image viewers): the token
 * values of one theme written in, an opaque background, CJK system fonts.
 */
export function standaloneSvg(svg: string, meta: Omit<SvgMeta, 'className' | 'css'>, theme: 'light' | 'dark'): string {
  const values = tokens()[theme];
  const declarations = Object.entries(values)
    .filter(([name]) => !name.startsWith('font') && !name.startsWith('shadow'))
    .map(([name, value]) => `--${name}:${value}`)
    .join(';');
  let out = inlineSvg(svg, meta)
    .replace(' style="max-width:100%;height:auto"', '')
    .replace(/font-family\s*:\s*var\(--font-diagram,[^;}]*\)/g, `font-family:${systemFontStack}`);
  const viewBox = /viewBox="([^"]+)"/.exec(out)?.[1]?.split(/[\s,]+/) ?? ['0', '0', '100', '100'];
  const [x, y, w, h] = viewBox;
  const style = `<style>svg{${declarations};font-family:${systemFontStack}}</style>`;
  const background = `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${values['bg'] ?? '#fff'}"/>`;
  // After <title>/<desc> so assistive tech still finds them first.
  out = out.replace(/<\/desc>/, `</desc>${style}${background}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out}\n`;
}
