/** Reads a built site into plain data (pages, their ids and links) and checks the links. */
import { pagePath, type BuiltSite } from './output.ts';

export interface SitePage {
  ids: Set<string>;
  links: string[];
  /** Set when the page is a redirect stub (meta refresh). */
  redirect?: string;
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

/**
 * Extracts ids and link targets from one built HTML page. A tag scanner rather
 * than a full parse (ten times faster on big sites): the pages are our own
 * output, and script, style and comment bodies are skipped, so text that merely
 * looks like markup (escaped in HTML) never counts.
 */
export function parsePage(html: string): SitePage {
  const markup = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|textarea)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi, '<$1$2></$1>');
  const ids = new Set<string>();
  const links: string[] = [];
  let redirect: string | undefined;
  for (const tag of markup.matchAll(/<([a-zA-Z][\w:-]*)(\s[^>]*)?>/g)) {
    const name = tag[1]!.toLowerCase();
    const attrs = new Map<string, string>();
    for (const attr of (tag[2] ?? '').matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attrs.set(attr[1]!.toLowerCase(), decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? ''));
    }
    const id = attrs.get('id');
    if (id) ids.add(id);
    if (name === 'a' && attrs.get('name')) ids.add(attrs.get('name')!);
    const href = name === 'a' || name === 'link' ? attrs.get('href') : undefined;
    if (href !== undefined && attrs.get('rel') !== 'canonical') links.push(href);
    const src = name === 'img' || name === 'script' ? attrs.get('src') : undefined;
    if (src !== undefined) links.push(src);
    if (name === 'meta' && attrs.get('http-equiv')?.toLowerCase() === 'refresh') {
      const match = /url=(.+)$/i.exec(attrs.get('content') ?? '');
      if (match) redirect = match[1]!.trim();
    }
  }
  return { ids, links, redirect };
}

/** Parses every HTML page of a built site (served under its base) into ids and links. */
export function collectSite(site: BuiltSite): Site {
  const pages = new Map<string, SitePage>();
  const files = new Set<string>();
  let linkCount = 0;
  for (const rel of site.files) {
    const html = site.html.get(rel);
    if (html !== undefined) {
      const page = parsePage(html);
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
    for (const href of page.links) {
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href)) continue; // external, mailto:, data:
      const url = new URL(href, `http://site${pagePath}`);
      const target = url.pathname;
      const fragment = decode(url.hash.slice(1));
      if (!target.startsWith(site.base)) {
        broken.push({ page: pagePath, href, reason: `outside the base path ${site.base}` });
        continue;
      }
      const decodedTarget = decode(target);
      const targetPage = site.pages.get(decodedTarget) ?? site.pages.get(`${decodedTarget}/`);
      if (!targetPage) {
        if (site.files.has(decodedTarget) || site.files.has(target)) continue;
        broken.push({ page: pagePath, href, reason: 'no such page or file' });
        continue;
      }
      if (fragment && !targetPage.redirect && !targetPage.ids.has(fragment)) {
        broken.push({ page: pagePath, href, reason: `no element with id "${fragment}"` });
      }
    }
  }
  return broken;
}
