/**
 * Reads a built site into plain data, one scan per page: ids, links (with the
 * source line the Markdown step stamped on them), redirects, and what the CSP
 * check needs (inline scripts, unsafe markup, the policy meta tag).
 */
import { Parser } from 'htmlparser2';
import { unsafeMarkup } from '../model/markup-safety.ts';
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
  /** What unsafeMarkup() found: handlers, `javascript:` URLs, srcdoc, SMIL href animation, … */
  unsafe: string[];
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

/** Elements whose text browsers run as script (JSON data blocks are data). */
const JSON_SCRIPT = /^(?:application\/(?:ld\+)?json|importmap)$/i;

/**
 * Extracts ids, link targets, scripts and unsafe markup from one built HTML page with
 * htmlparser2's tokenizer (a real HTML tokenizer: attribute values are decoded whole,
 * script and style bodies are raw text, comments are skipped), streaming, without
 * building a tree, so big sites stay fast.
 */
export function parsePage(html: string, file = ''): SitePage {
  const page: SitePage = { file, ids: new Set(), links: [], inlineScripts: [], unsafe: [] };
  let script: string[] | null = null;
  let svgDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'svg') svgDepth += 1;
        const id = attrs.id;
        if (id) page.ids.add(id);
        if (name === 'a' && attrs.name) page.ids.add(attrs.name);
        const source = attrs['data-sa-src'];
        const link = (href: string) => page.links.push(source ? { href, source } : { href });
        const href = name === 'a' || name === 'link' ? attrs.href : undefined;
        if (href !== undefined && attrs.rel !== 'canonical') link(href);
        const src = name === 'img' || name === 'script' ? attrs.src : undefined;
        if (src !== undefined) link(src);
        const problem = unsafeMarkup(name, attrs, { inSvg: svgDepth > 0 });
        if (problem) page.unsafe.push(problem);
        if (name === 'meta') {
          const equiv = attrs['http-equiv']?.toLowerCase();
          if (equiv === 'refresh') {
            const match = /url=(.+)$/i.exec(attrs.content ?? '');
            if (match) page.redirect = match[1]!.trim();
          }
          if (equiv === 'content-security-policy') page.cspMeta = attrs.content ?? '';
        }
        if (name === 'script' && src === undefined && !JSON_SCRIPT.test(attrs.type ?? '')) script = [];
      },
      ontext(text) {
        script?.push(text);
      },
      onclosetag(name) {
        if (name === 'svg' && svgDepth > 0) svgDepth -= 1;
        if (name === 'script' && script) {
          const body = script.join('');
          if (body) page.inlineScripts.push(body);
          script = null;
        }
      },
    },
    { lowerCaseAttributeNames: true, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
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
      // Browsers read `\` as `/`: `/\evil.example/` looks like a site path but leaves the site.
      if (url.host !== 'site') {
        report(`leads off the site, to ${url.host}`);
        continue;
      }
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
