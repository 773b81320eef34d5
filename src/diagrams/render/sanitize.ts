/**
 * Diagrams are inlined into pages, so their SVG must not be able to run code or
 * fetch anything: no <script>, no event handler attributes, no <foreignObject>
 * (we render with htmlLabels off), no links or references leaving the page (every
 * `href` points inside the SVG, `#id`). Applied to every rendering and to every
 * disk cache entry before it is trusted.
 */

/** Why `svg` is not safe to inline, or undefined when it is. */
export function unsafeSvgReason(svg: string): string | undefined {
  if (/<script\b/i.test(svg)) return 'contains <script>';
  if (/<foreignObject\b/i.test(svg)) return 'contains <foreignObject>';
  if (/<(?:iframe|object|embed)\b/i.test(svg)) return 'embeds another document';
  // References (<use>, <image>, gradients) stay inside the SVG; only <a> may point at a page of the site.
  for (const match of svg.matchAll(/<([a-z][\w:-]*)\b[^>]*?\s(?:xlink:)?href\s*=\s*["']?\s*([^"'\s>]*)/gi)) {
    const [, tag, value = ''] = match;
    if (value.startsWith('#')) continue;
    if (tag!.toLowerCase() !== 'a') return 'references something outside the diagram';
    // eslint-disable-next-line no-control-regex -- browsers ignore control characters inside a scheme
    if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(value.replace(/[\u0000-\u0020]/g, ''))) return 'links outside the site';
  }
  const handler = /<[^>]*\son[a-z]+\s*=/i.exec(svg);
  if (handler) return 'has an event handler attribute';
  if (/@import|url\(\s*["']?(?!#)[^)]*\)/i.test(svg)) return 'loads something through CSS';
  return undefined;
}

/** Throws naming `what` when `svg` is not safe to inline. */
export function assertSafeSvg(svg: string, what: string): string {
  const reason = unsafeSvgReason(svg);
  if (reason) throw new Error(`diagrams: ${what}: refusing to inline an SVG that ${reason}`);
  return svg;
}
