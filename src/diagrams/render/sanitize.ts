/**
 * Diagrams are inlined into pages, so their SVG must not be able to run code or
 * fetch anything: no <script>, no event handler attributes, no <foreignObject>
 * (we render with htmlLabels off), no links or references leaving the page.
 */

/** Why `svg` is not safe to inline, or undefined when it is. */
export function unsafeSvgReason(svg: string): string | undefined {
  if (/<script\b/i.test(svg)) return 'contains <script>';
  if (/<foreignObject\b/i.test(svg)) return 'contains <foreignObject>';
  if (/<(?:iframe|object|embed|image|use)\b[^>]*\s(?:xlink:)?href\s*=\s*["']?(?!#)/i.test(svg)) {
    return 'references an external resource';
  }
  const handler = /<[^>]*\son[a-z]+\s*=/i.exec(svg);
  if (handler) return 'has an event handler attribute';
  const href = /\s(?:xlink:)?href\s*=\s*["']\s*(javascript|data|vbscript):/i.exec(svg);
  if (href) return `has a ${href[1]}: link`;
  if (/@import|url\(\s*["']?(?!#)[^)]*\)/i.test(svg)) return 'loads something through CSS';
  return undefined;
}

/** Throws naming `what` when `svg` is not safe to inline. */
export function assertSafeSvg(svg: string, what: string): string {
  const reason = unsafeSvgReason(svg);
  if (reason) throw new Error(`diagrams: ${what}: refusing to inline an SVG that ${reason}`);
  return svg;
}
