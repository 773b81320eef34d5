/**
 * Post-build's one pass over the built pages, a few at a time: each page is read,
 * parsed into the compact data the checks need (ids, links with their source stamps,
 * CSP data), measured, and written back without the source stamps; then its text is
 * dropped. Peak memory is a few pages plus the link graph, whatever the site's size.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_ATTRIBUTE } from '../markdown/source-positions.ts';
import { forEachBounded } from '../og/pool.ts';
import { collectSite, parsePage, stringKeeper, type Site, type SitePage } from './link-graph.ts';
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

export async function scanPages(site: BuiltSite): Promise<ScannedSite> {
  const keep = stringKeeper();
  const parsed = new Array<SitePage>(site.pages.length);
  const bytes = new Array<number>(site.pages.length);
  let stamped = 0;
  await forEachBounded(site.pages.keys(), PAGES_AT_ONCE, async (i) => {
    const file = site.pages[i]!;
    const html = await readPage(site, file);
    parsed[i] = parsePage(html, file, keep);
    const clean = withoutSourceStamps(html);
    bytes[i] = Buffer.byteLength(clean);
    if (clean !== html) {
      await writeFile(path.join(site.dir, file), clean);
      stamped += 1;
    }
  });
  // Results in file order, whatever order the reads finished in: messages list pages in that order.
  const sizes = new Map(site.pages.map((file, i) => [file, bytes[i]!]));
  return { graph: collectSite(site.base, site.files, parsed), sizes, stamped };
}
