/**
 * What a published element may not carry, judged on one parsed element (name and
 * decoded attributes) — the same rules for built pages, inline and standalone SVG, and
 * raw HTML in notes. Each rule names code the browser would run or a page that would
 * silently not work under the site's Content-Security-Policy.
 */
import { urlScheme } from './safe-url.ts';

/** Attributes whose value the browser follows, loads or submits to. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'data',
  'xlink:href',
  'cite',
  'background',
]);

/** SVG animation elements: they can set any attribute, an `href` too, to any value. */
const SMIL = new Set(['animate', 'set', 'animatemotion', 'animatetransform']);

/** Schemes a published page may point at; `data:` only for images shown by <img>. */
function allowedUrl(element: string, attribute: string, value: string): boolean {
  const scheme = urlScheme(value);
  if (scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto') return true;
  return (
    scheme === 'data' &&
    element === 'img' &&
    attribute === 'src' &&
    /^\s*data:image\/(png|jpe?g|gif|webp|avif|svg\+xml)[;,]/i.test(value)
  );
}

/** Options for {@link unsafeMarkup}. */
export interface MarkupContext {
  /** Inside an <svg> (or a standalone SVG file): foreignObject would embed HTML there. */
  inSvg?: boolean;
}

/**
 * Why this element may not be published, or undefined. `name` and attribute names in
 * lower case, attribute values decoded (as a parser gives them).
 */
export function unsafeMarkup(
  name: string,
  attributes: Record<string, string>,
  context: MarkupContext = {},
): string | undefined {
  for (const [attribute, value] of Object.entries(attributes)) {
    if (/^on[a-z]/.test(attribute)) return `<${name} ${attribute}>: inline event handler`;
    if (attribute === 'srcdoc') return `<${name} srcdoc>: an inline document (its scripts would run as the site's)`;
    if (URL_ATTRIBUTES.has(attribute) && !allowedUrl(name, attribute, value)) {
      return `<${name} ${attribute}="${value.slice(0, 40)}">: only relative paths and http(s) URLs are allowed`;
    }
  }
  if (SMIL.has(name)) {
    const target = (attributes.attributename ?? '').trim().toLowerCase();
    if (target === 'href' || target === 'xlink:href')
      return `<${name} attributeName="${target}">: animates a link target`;
    for (const key of ['to', 'from', 'values', 'by']) {
      const value = attributes[key];
      if (value !== undefined && value.split(';').some((v) => !allowedUrl(name, 'href', v))) {
        return `<${name} ${key}="${value.slice(0, 40)}">: animates to a URL that is not allowed`;
      }
    }
  }
  if (context.inSvg && name === 'foreignobject') return '<foreignObject>: HTML inside an SVG diagram';
  return undefined;
}
