/** Reads a built site into plain data (pages, their ids and links) and checks the links. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
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

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
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

/** Loads every HTML page of `dir` (served under `base`). */
export async function collectSite(dir: string, base: string): Promise<Site> {
  const pages = new Map<string, SitePage>();
  const files = new Set<string>();
  let linkCount = 0;
  for (const file of await walk(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const sitePath = base + rel;
    if (rel.endsWith('.html')) {
      const page = parsePage(await readFile(file, 'utf8'));
      linkCount += page.links.length;
      const key =
        rel === 'index.html'
          ? base
          : rel.endsWith('/index.html')
            ? base + rel.slice(0, -'index.html'.length)
            : sitePath;
      pages.set(key, page);
    }
    files.add(sitePath);
  }
  return { base, pages, files, linkCount };
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
