/**
 * Post-build's one pass over the built pages, a few at a time: each page is read,
 * parsed into the compact data the checks need (ids, links with their source stamps,
 * CSP data), measured, and written back without the source stamps; then its text is
 * dropped. Peak memory is a few pages plus the link graph, whatever the site's size.
 * What each page yielded is kept (`cacheFile`, by a digest of the page and of the scanning
 * code), so a rebuild parses only pages that changed (issue 28).
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_ATTRIBUTE } from '../markdown/source-positions.ts';
import { forEachBounded } from '../og/pool.ts';
import { codeRoot, readBuildCache, renderingDigest, writeBuildCache } from './content-cache.ts';
import {
  collectSite,
  parsePage,
  stringKeeper,
  type KeepString,
  type PageLink,
  type Site,
  type SitePage,
} from './link-graph.ts';
import { readPage, type BuiltSite } from './output.ts';

export interface ScannedSite {
  graph: Site;
  /** Bytes of each page as published (without the stamps), by file, in file order. */
  sizes: Map<string, number>;
  /** Pages that carried source stamps (rewritten without them). */
  stamped: number;
}

const STAMP = new RegExp(` ${SOURCE_ATTRIBUTE}="[^"]*"`, 'g');

/** The page without the source positions the Markdown step stamped on links (they were for the link check). */
export function withoutSourceStamps(html: string): string {
  return html.includes(SOURCE_ATTRIBUTE) ? html.replace(STAMP, '') : html;
}

/** Pages read at once: enough to keep the disk busy, few enough that their texts stay small. */
const PAGES_AT_ONCE = 8;

/** What a page yielded, as kept between builds (SitePage without its file, sets as lists). */
interface KeptPage {
  ids: string[];
  links: PageLink[];
  inlineScripts: string[];
  unsafe: string[];
  redirect?: string;
  cspMeta?: string;
}

/** The scanning code (relative to the checkout this module is in): a change to it parses every page again. */
const SCAN_CODE = ['src', 'package-lock.json'];

function kept(page: SitePage): KeptPage {
  const { file: _file, ids, ...rest } = page;
  return { ...rest, ids: [...ids] };
}

function fromKept(file: string, page: KeptPage, keep: KeepString): SitePage {
  return {
    file,
    ids: new Set(page.ids.map(keep)),
    links: page.links.map(({ href, source }) =>
      source ? { href: keep(href), source: keep(source) } : { href: keep(href) },
    ),
    inlineScripts: page.inlineScripts.map(keep),
    unsafe: page.unsafe.map(keep),
    ...(page.redirect !== undefined ? { redirect: keep(page.redirect) } : {}),
    ...(page.cspMeta !== undefined ? { cspMeta: keep(page.cspMeta) } : {}),
  };
}

/** The pages kept by the last scan made with the same code, by digest (empty when there are none). */
async function keptBefore(cacheFile: string, code: string): Promise<Map<string, KeptPage>> {
  const pages = await readBuildCache(cacheFile, code);
  return typeof pages === 'object' && pages !== null
    ? new Map(Object.entries(pages as Record<string, KeptPage>))
    : new Map();
}

export interface ScanOptions {
  /** File keeping what each page yielded; none: every page is parsed. */
  cacheFile?: string;
  /** Digest of the scanning code (default: SCAN_CODE's). */
  code?: string;
}

export async function scanPages(site: BuiltSite, options: ScanOptions = {}): Promise<ScannedSite> {
  const keep = stringKeeper();
  const parsed = new Array<SitePage>(site.pages.length);
  const bytes = new Array<number>(site.pages.length);
  const code = options.cacheFile ? (options.code ?? renderingDigest(codeRoot, SCAN_CODE)) : '';
  const before = options.cacheFile ? await keptBefore(options.cacheFile, code) : new Map<string, KeptPage>();
  const now = new Array<[string, KeptPage]>(site.pages.length);
  let stamped = 0;
  await forEachBounded(site.pages.keys(), PAGES_AT_ONCE, async (i) => {
    const file = site.pages[i]!;
    const html = await readPage(site, file);
    if (options.cacheFile) {
      const digest = createHash('sha256').update(file).update('\0').update(html).digest('hex');
      const known = before.get(digest);
      parsed[i] = known ? fromKept(file, known, keep) : parsePage(html, file, keep);
      now[i] = [digest, known ?? kept(parsed[i])];
    } else {
      parsed[i] = parsePage(html, file, keep);
    }
    const clean = withoutSourceStamps(html);
    bytes[i] = Buffer.byteLength(clean);
    if (clean !== html) {
      await writeFile(path.join(site.dir, file), clean);
      stamped += 1;
    }
  });
  // Only this build's pages are kept: the file does not grow with every edit.
  if (options.cacheFile) await writeBuildCache(options.cacheFile, code, Object.fromEntries(now));
  // Results in file order, whatever order the reads finished in: messages list pages in that order.
  const sizes = new Map(site.pages.map((file, i) => [file, bytes[i]!]));
  return { graph: collectSite(site.base, site.files, parsed), sizes, stamped };
}
