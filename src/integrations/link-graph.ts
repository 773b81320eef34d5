/**
 * Reads a built site into plain data, one scan per page: ids, links (with the
 * source line the Markdown step stamped on them), redirects, and what the CSP
 * check needs (inline scripts, unsafe markup, the policy meta tag).
 */
import { Parser } from 'htmlparser2';
import { unsafeMarkup } from '../model/markup-safety.ts';
import { pagePath } from './output.ts';

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
  /** Every file (pages included), by site path. */
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

/** Keeps a string found in a page: returns an equal string that may outlive the page. */
export type KeepString = (text: string) => string;

/**
 * A `KeepString` for a whole site: each distinct string is copied once and shared by
 * every page that has it. The tokenizer's attribute values and texts are V8 slices of
 * the page's text, and a slice keeps the whole page alive: without the copy, the ids
 * and links of 10,000 pages held every page's HTML (about a gigabyte). One copy per
 * distinct string also stores the navigation links every page repeats, and the site's
 * own inline scripts, once.
 */
export function stringKeeper(): KeepString {
  const kept = new Map<string, string>();
  return (text) => {
    let copy = kept.get(text);
    if (copy === undefined) {
      // Concatenation then slice makes a fresh flat string that no longer points into the page.
      copy = ` ${text}`.slice(1);
      kept.set(copy, copy);
    }
    return copy;
  };
}

/**
 * Extracts ids, link targets, scripts and unsafe markup from one built HTML page with
 * htmlparser2's tokenizer (a real HTML tokenizer: attribute values are decoded whole,
 * script and style bodies are raw text, comments are skipped), streaming, without
 * building a tree, so big sites stay fast. Every string the result holds goes through
 * `keep` (see stringKeeper).
 */
export function parsePage(html: string, file = '', keep: KeepString = (text) => text): SitePage {
  const page: SitePage = { file, ids: new Set(), links: [], inlineScripts: [], unsafe: [] };
  let script: string[] | null = null;
  let svgDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'svg') svgDepth += 1;
        const id = attrs.id;
        if (id) page.ids.add(keep(id));
        if (name === 'a' && attrs.name) page.ids.add(keep(attrs.name));
        const source = attrs['data-sa-src'];
        const link = (href: string) =>
          page.links.push(source ? { href: keep(href), source: keep(source) } : { href: keep(href) });
        const href = name === 'a' || name === 'link' ? attrs.href : undefined;
        if (href !== undefined && attrs.rel !== 'canonical') link(href);
        const src = name === 'img' || name === 'script' ? attrs.src : undefined;
        if (src !== undefined) link(src);
        const problem = unsafeMarkup(name, attrs, { inSvg: svgDepth > 0 });
        if (problem) page.unsafe.push(keep(problem));
        if (name === 'meta') {
          const equiv = attrs['http-equiv']?.toLowerCase();
          if (equiv === 'refresh') {
            const match = /url=(.+)$/i.exec(attrs.content ?? '');
            if (match) page.redirect = keep(match[1]!.trim());
          }
          if (equiv === 'content-security-policy') page.cspMeta = keep(attrs.content ?? '');
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
          if (body) page.inlineScripts.push(keep(body));
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

/**
 * The link graph of a built site served under `base`: its parsed pages (in the order
 * given) by site path, and every file of the output (pages included: a link may name
 * `x/index.html`).
 */
export function collectSite(base: string, files: readonly string[], parsed: readonly SitePage[]): Site {
  const pages = new Map<string, SitePage>();
  let linkCount = 0;
  for (const page of parsed) {
    linkCount += page.links.length;
    pages.set(base + pagePath(page.file), page);
  }
  return { base, pages, files: new Set(files.map((file) => base + file)), linkCount };
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
