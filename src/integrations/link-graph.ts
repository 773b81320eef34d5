/**
 * Reads a built site into plain data, one scan per page: ids, links (with the
 * source line the Markdown step stamped on them), redirects, and what the CSP
 * check needs (inline scripts, event handler attributes, the policy meta tag).
 */
import { pagePath, type BuiltSite } from './output.ts';

export interface PageLink {
  href: string;
  /** `content/notes/x.md:98` when the link was written in Markdown. */
  source?: string;
}

export interface SitePage {
  /** Output file, relative to the output folder. */
  file: string;
  ids: Set<string>;
  links: PageLink[];
  /** Set when the page is a redirect stub (meta refresh). */
  redirect?: string;
  /** Text of every inline <script> that browsers would run (JSON data blocks excluded). */
  inlineScripts: string[];
  /** `<tag onclick>` for every event handler attribute. */
  handlers: string[];
  /** Content of `<meta http-equiv="Content-Security-Policy">`, if any. */
  cspMeta?: string;
}

export interface Site {
  base: string;
  /** Site path (`/cards/runc/`) → page. */
  pages: Map<string, SitePage>;
  /** Every non-HTML file, by site path. */
  files: Set<string>;
  linkCount: number;
}

export interface BrokenLink {
  page: string;
  href: string;
  reason: string;
  source?: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

/** Decodes the character references an attribute value can hold. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/** A comment, or a start tag whose quoted attribute values may hold `<` and `>`. */
const TAG =
  /<!--[\s\S]*?-->|<([a-zA-Z][\w:-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?)*)\s*\/?>/g;

/** Elements whose content is text, not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea']);

const JSON_SCRIPT = /^(?:application\/(?:ld\+)?json|importmap)$/i;

/**
 * Extracts ids, link targets and scripts from one built HTML page. A tag scanner
 * rather than a full parse (ten times faster on big sites): the pages are our own
 * output; attribute values are read whole (a `<script>` inside `content="…"` is
 * text), and script, style and comment bodies are skipped, so text that merely
 * looks like markup (escaped in HTML) never counts.
 */
export function parsePage(html: string, file = ''): SitePage {
  const page: SitePage = { file, ids: new Set(), links: [], inlineScripts: [], handlers: [] };
  const tags = new RegExp(TAG.source, 'g');
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    if (!tag[1]) continue; // a comment
    const name = tag[1].toLowerCase();
    const attrs = new Map<string, string>();
    for (const attr of (tag[2] ?? '').matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?/g)) {
      attrs.set(attr[1]!.toLowerCase(), decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? ''));
    }
    const id = attrs.get('id');
    if (id) page.ids.add(id);
    if (name === 'a' && attrs.get('name')) page.ids.add(attrs.get('name')!);
    const source = attrs.get('data-sa-src');
    const link = (href: string) => page.links.push(source ? { href, source } : { href });
    const href = name === 'a' || name === 'link' ? attrs.get('href') : undefined;
    if (href !== undefined && attrs.get('rel') !== 'canonical') link(href);
    const src = name === 'img' || name === 'script' ? attrs.get('src') : undefined;
    if (src !== undefined) link(src);
    for (const attr of attrs.keys()) if (/^on[a-z]/.test(attr)) page.handlers.push(`<${name} ${attr}>`);
    if (name === 'meta') {
      const equiv = attrs.get('http-equiv')?.toLowerCase();
      if (equiv === 'refresh') {
        const match = /url=(.+)$/i.exec(attrs.get('content') ?? '');
        if (match) page.redirect = match[1]!.trim();
      }
      if (equiv === 'content-security-policy') page.cspMeta = attrs.get('content') ?? '';
    }
    if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'i');
      const rest = html.slice(tags.lastIndex);
      const end = rest.search(close);
      const body = end < 0 ? rest : rest.slice(0, end);
      if (name === 'script' && src === undefined && body && !JSON_SCRIPT.test(attrs.get('type') ?? '')) {
        page.inlineScripts.push(body);
      }
      tags.lastIndex += body.length;
    }
  }
  return page;
}

/** Parses every HTML page of a built site (served under its base) into ids and links. */
export function collectSite(site: BuiltSite): Site {
  const pages = new Map<string, SitePage>();
  const files = new Set<string>();
  let linkCount = 0;
  for (const rel of site.files) {
    const html = site.html.get(rel);
    if (html !== undefined) {
      const page = parsePage(html, rel);
      linkCount += page.links.length;
      pages.set(site.base + pagePath(rel), page);
    }
    files.add(site.base + rel);
  }
  return { base: site.base, pages, files, linkCount };
}

function decode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Every internal link whose target page, file or fragment does not exist. */
export function findBrokenLinks(site: Site): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const [pagePath, page] of site.pages) {
    for (const { href, source } of page.links) {
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href)) continue; // external, mailto:, data:
      const report = (reason: string) => broken.push({ page: pagePath, href, reason, ...(source ? { source } : {}) });
      const url = new URL(href, `http://site${pagePath}`);
      const target = url.pathname;
      const fragment = decode(url.hash.slice(1));
      if (!target.startsWith(site.base)) {
        report(`outside the base path ${site.base}`);
        continue;
      }
      const decodedTarget = decode(target);
      const targetPage = site.pages.get(decodedTarget) ?? site.pages.get(`${decodedTarget}/`);
      if (!targetPage) {
        if (site.files.has(decodedTarget) || site.files.has(target)) continue;
        // A path ending in / or .html, or without an extension, was meant as a page.
        report(/\/$|\.html?$/.test(decodedTarget) || !/\.\w+$/.test(decodedTarget) ? 'no such page' : 'no such file');
        continue;
      }
      if (fragment && !targetPage.redirect && !targetPage.ids.has(fragment)) {
        report(`no element with id "${fragment}"`);
      }
    }
  }
  return broken;
}
