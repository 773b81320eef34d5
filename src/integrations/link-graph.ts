/** Reads a built site into plain data (pages, their ids and links) and checks the links. */
import { fromHtml } from 'hast-util-from-html';
import { pagePath, type BuiltSite } from './output.ts';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';

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

/** Extracts ids and link targets from one HTML document. */
export function parsePage(html: string): SitePage {
  const tree = fromHtml(html);
  const ids = new Set<string>();
  const links: string[] = [];
  let redirect: string | undefined;
  visit(tree, 'element', (node: Element) => {
    const id = node.properties.id;
    if (typeof id === 'string') ids.add(id);
    if (node.tagName === 'a' && typeof node.properties.name === 'string') ids.add(node.properties.name);
    const href = node.tagName === 'a' || node.tagName === 'link' ? node.properties.href : undefined;
    if (typeof href === 'string' && node.properties.rel?.toString() !== 'canonical') links.push(href);
    const src = node.tagName === 'img' || node.tagName === 'script' ? node.properties.src : undefined;
    if (typeof src === 'string') links.push(src);
    if (node.tagName === 'meta' && String(node.properties.httpEquiv).toLowerCase() === 'refresh') {
      const match = /url=(.+)$/i.exec(String(node.properties.content ?? ''));
      if (match) redirect = match[1]!.trim();
    }
  });
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
