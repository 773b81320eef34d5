/**
 * rehype plugin: refuses content that would run code or that the site's
 * Content-Security-Policy would silently block, with the file line. Notes are
 * often imported from blogs, where raw HTML is common: an inline <script>, an
 * `onclick=` attribute, a `javascript:` link or an embedded player from another
 * site would either run in every reader's browser (if the policy allowed it) or
 * quietly do nothing (it does not), so the author hears about it at build time.
 *
 * Raw HTML is still unparsed (`raw` nodes) when this runs — Astro parses it last —
 * so each raw chunk is parsed here on its own to look inside it.
 */
import type { Element, Properties, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Plugin } from 'unified';
import type { Point } from 'unist';
import { visit } from 'unist-util-visit';
import { unsafeMarkup } from '../model/markup-safety.ts';
import { isSafeUrl } from '../model/safe-url.ts';
import { VIDEO_HOSTS, videoEmbed } from '../model/video-hosts.ts';
import { fail } from './errors.ts';

/** Attributes holding a URL the browser follows or loads. */
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formAction', 'poster', 'data', 'xLinkHref', 'cite', 'background'];

/** Elements that embed another document; the policy only lets the site embed itself. */
const EMBEDS = new Set(['iframe', 'frame', 'object', 'embed']);

/** Elements that change the whole page (refresh, base URL, stylesheets and preloads). */
const PAGE_LEVEL = new Set(['meta', 'base', 'link']);

function attributeName(property: string): string {
  return property === 'xLinkHref' ? 'xlink:href' : property === 'formAction' ? 'formaction' : property;
}

/** Why `element` is refused, or undefined. */
function problem(element: Element): string | undefined {
  const props: Properties = element.properties ?? {};
  const name = element.tagName.toLowerCase();
  if (name === 'script') {
    return "inline <script> is not allowed in content: the site's Content-Security-Policy only runs the site's own scripts";
  }
  for (const key of Object.keys(props)) {
    if (/^on[a-z]/i.test(key)) {
      const attr = key.toLowerCase();
      return `event handler attribute ${attr}="…" on <${name}> is not allowed in content: the Content-Security-Policy blocks inline handlers`;
    }
  }
  for (const key of URL_ATTRIBUTES) {
    const value = props[key];
    if (typeof value !== 'string') continue;
    const imageData = name === 'img' && key === 'src' && /^\s*data:image\/(png|jpe?g|gif|webp|avif);/i.test(value);
    if (!imageData && !isSafeUrl(value, { allowMail: name === 'a' && key === 'href' })) {
      return `${attributeName(key)}="${value.slice(0, 60)}" on <${name}>: only relative paths and http(s) URLs are allowed in content`;
    }
  }
  if (EMBEDS.has(name)) {
    const key = props.src !== undefined ? 'src' : 'data';
    const target = String(props[key] ?? '');
    // a frame from a known video host becomes a click-to-load player (video-embeds.ts)
    const video = name === 'iframe' ? videoEmbed(target) : undefined;
    if (video && 'problem' in video) return `<iframe src="${target.slice(0, 80)}">: ${video.problem}`;
    if (!video && /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(target)) {
      return (
        `<${name} ${key}="${target.slice(0, 60)}"> would stay empty: the site's Content-Security-Policy only embeds ` +
        `the site's own pages and videos from ${VIDEO_HOSTS.map((h) => h.name).join(', ')} (shown as click-to-load players); link to it instead`
      );
    }
  }
  if (PAGE_LEVEL.has(name)) return `<${name}> is not allowed in content: it would change the whole page`;
  // what the build's own check of the published pages refuses (srcdoc, SMIL href animation)
  // (hast names properties in camelCase or, outside their namespace, as written: compare lower-cased)
  const attributes = Object.fromEntries(
    Object.entries(props)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(' ') : String(value)]),
  );
  const refused = unsafeMarkup(name, attributes);
  if (refused)
    return `${refused}: not allowed in content (the Content-Security-Policy would block it, so the page would silently not work)`;
  return undefined;
}

/** `point` (in a raw chunk parsed on its own) as a point in the file, given where the chunk starts. */
function within(start: Point | undefined, inner: Point | undefined): Point | undefined {
  if (!start || !inner) return start;
  return inner.line === 1
    ? { line: start.line, column: start.column + inner.column - 1 }
    : { line: start.line + inner.line - 1, column: inner.column };
}

export const rehypeContentSecurity: Plugin<[], Root> = function () {
  return (tree, file) => {
    visit(tree, (node) => {
      if (node.type === 'element') {
        const reason = problem(node);
        if (reason) fail(file, node.position, reason, 'content-security');
      } else if (node.type === 'raw') {
        const fragment = fromHtml(node.value, { fragment: true });
        visit(fragment, 'element', (element) => {
          const reason = problem(element);
          if (reason) fail(file, within(node.position?.start, element.position?.start), reason, 'content-security');
        });
      }
    });
  };
};
