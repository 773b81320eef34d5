/**
 * Drawing primitives for the diagrams we lay out ourselves. Colours come from the
 * site's own tokens (`var(--bg-raised)`, `var(--accent)`, …) so one inline SVG
 * follows the theme toggle; the fallbacks after the comma are the light values,
 * used when the SVG is opened on its own (render/svg.ts adds the token values there).
 */
import type { Edge } from '../../model/types.ts';
import { wrapText } from './measure.ts';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** ` name="value"` for each defined attribute, every value escaped (the one way attributes are written). */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${esc(String(value))}"`)
    .join('');
}

/** Rounds to one decimal: stable output, small files. */
export const r = (n: number) => Math.round(n * 10) / 10;

export const fontSizes = { name: 14, zh: 12, title: 15, sub: 12, label: 12.5, labelSub: 12 } as const;
export const lineHeight = (size: number) => Math.round(size * 1.3);

/** One line of drawn text. */
export interface Line {
  text: string;
  size: number;
  className?: string;
}

/** Classes drawn at weight 600 or more (see diagramStyle), measured with the bold advances. */
const boldClass = /\b(?:name|title|num)\b/;

/** `text` wrapped to `width` as drawn lines of one size and class; nothing is ever cut. */
export function wrapped(text: string, width: number, size: number, className?: string): Line[] {
  const bold = className !== undefined && boldClass.test(className);
  return wrapText(text, width, size, bold).map((line) => ({ text: line, size, ...(className ? { className } : {}) }));
}

/** Height of stacked lines. */
export const linesHeight = (lines: { size: number }[]) => lines.reduce((sum, line) => sum + lineHeight(line.size), 0);

/** The CSS every laid-out diagram carries (scoped to its root class). */
export function diagramStyle(): string {
  return [
    '.dg{font-family:var(--font-diagram,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",sans-serif)}',
    '.dg text{fill:var(--fg,#1b2125)}',
    '.dg .muted{fill:var(--fg-muted,#55606a)}',
    '.dg .band{fill:var(--bg-soft,#f5f7f7);stroke:var(--border,#dfe4e6)}',
    '.dg .aside .band{fill:none;stroke:var(--fg-muted,#55606a);stroke-dasharray:6 4}',
    '.dg .title{font-weight:700}',
    '.dg .chip rect{fill:var(--bg-raised,#fff);stroke:var(--border,#dfe4e6);stroke-width:1.2}',
    '.dg .chip .bar{fill:var(--accent,#0f766e);stroke:none}',
    '.dg .chip .name{font-weight:600}',
    '.dg .iface rect{fill:var(--accent-soft,#e6f4f1);stroke:var(--accent,#0f766e);stroke-dasharray:5 3}',
    '.dg .focus rect{fill:var(--accent-soft,#e6f4f1);stroke:var(--accent,#0f766e);stroke-width:2.5}',
    '.dg .legacy rect,.dg .deprecated rect{stroke-dasharray:4 3}',
    '.dg a:hover rect,.dg a:focus rect{stroke:var(--accent,#0f766e);stroke-width:2.5}',
    '.dg a:focus{outline:none}',
    '.dg a:focus-visible rect{stroke:var(--focus,#2563eb);stroke-width:3.5}',
    '.dg a:hover .name,.dg a:focus .name{text-decoration:underline}',
    '.dg .step circle{fill:var(--accent,#0f766e)}',
    '.dg .step .name{font-weight:600}',
    '.dg .step .num{fill:var(--bg-raised,#fff);font-weight:700}',
    '.dg .step.reply circle{fill:var(--bg-raised,#fff);stroke:var(--accent,#0f766e);stroke-width:1.5;stroke-dasharray:3 2}',
    '.dg .step.reply .num{fill:var(--accent,#0f766e)}',
    '.dg .spine{fill:none;stroke:var(--border,#dfe4e6);stroke-width:2}',
    '.dg .note rect{fill:var(--bg-soft,#f5f7f7);stroke:var(--border,#dfe4e6)}',
    '.dg .edge{fill:none;stroke:var(--fg-muted,#55606a);stroke-width:1.5}',
    '.dg .head{fill:var(--fg-muted,#55606a)}',
    '.dg .historical .edge{stroke-dasharray:6 4}',
    '.dg .rel:hover .edge,.dg .rel:focus-within .edge{stroke:var(--accent,#0f766e);stroke-width:2.5}',
    '.dg .rel:hover .head,.dg .rel:focus-within .head{fill:var(--accent,#0f766e)}',
    // Colour, not weight: a bolder label would be wider than the room measured for it.
    '.dg .rel:hover .label,.dg .rel:focus-within .label{fill:var(--accent-strong,#115e59)}',
  ].join('');
}

/** Lines of text centred at (cx, top of first line) with one size per line. */
export function textLines(lines: Line[], cx: number, top: number, anchor: 'middle' | 'start' = 'middle'): string {
  let y = top;
  return lines
    .map((line) => {
      y += lineHeight(line.size);
      // The baseline sits a quarter line above the bottom of the line box.
      const at = attrs({
        x: r(cx),
        y: r(y - lineHeight(line.size) * 0.28),
        'font-size': line.size,
        'text-anchor': anchor,
        class: line.className,
      });
      return `<text${at}>${esc(line.text)}</text>`;
    })
    .join('');
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A box that links to a card (or a layer): `<a>` with one accessible name, its
 * aria-label (no <title> inside, which would be read a second time), focusable by
 * keyboard (SVG links are in the tab order), with `data-card` / `data-layer` for
 * tests and scripts.
 */
export function linkedBox(options: {
  box: Box;
  href: string | undefined;
  card?: string;
  layer?: string;
  label: string;
  className: string;
  lines: Line[];
  bar?: boolean;
  /** Text anchored at the left (after the bar) instead of centred. */
  align?: 'middle' | 'start';
}): string {
  const { box, href, card, layer, label, className, lines, bar, align = 'middle' } = options;
  const textHeight = linesHeight(lines);
  const inner =
    `<rect${attrs({ x: r(box.x), y: r(box.y), width: r(box.w), height: r(box.h), rx: 8 })}/>` +
    (bar
      ? `<rect${attrs({ class: 'bar', x: r(box.x), y: r(box.y + 8), width: 4, height: r(box.h - 16), rx: 2 })}/>`
      : '') +
    textLines(lines, align === 'start' ? box.x + 12 : box.x + box.w / 2, box.y + (box.h - textHeight) / 2, align);
  const data = { 'data-card': card, 'data-layer': layer };
  if (!href) return `<g${attrs({ class: className, ...data })}>${inner}</g>`;
  return `<a${attrs({ class: className, href, 'aria-label': label, ...data })}>${inner}</a>`;
}

/** An arrowhead pointing in direction (dx, dy) with its tip at (x, y). */
export function arrowHead(x: number, y: number, dx: number, dy: number, size = 7): string {
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const bx = x - ux * size;
  const by = y - uy * size;
  const px = -uy * size * 0.55;
  const py = ux * size * 0.55;
  return `<path class="head" d="M${r(x)} ${r(y)}L${r(bx + px)} ${r(by + py)}L${r(bx - px)} ${r(by - py)}Z"/>`;
}

/** Data attributes that say which relations (same subject and object) an edge draws; the unit tests check them. */
export function edgeData(edges: Pick<Edge, 'from' | 'to' | 'type'>[]): string {
  const types = [...new Set(edges.map((e) => e.type))].join(' ');
  return attrs({ 'data-from': edges[0]!.from, 'data-to': edges[0]!.to, 'data-rel': types });
}

/** Root element of a laid-out diagram (title/desc and sizing are added by render/svg.ts). */
export function svgRoot(width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="dg" viewBox="0 0 ${r(width)} ${r(height)}" ` +
    `width="${r(width)}" height="${r(height)}"><style>${diagramStyle()}</style>${body}</svg>`
  );
}
