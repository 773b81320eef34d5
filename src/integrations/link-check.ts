/**
 * Fails the build on any broken internal link or fragment in the built site,
 * naming where the link was written: `content/notes/x.md:98: local-doc.html (no
 * such page)`. `brokenLinks: 'warn'` (STACK_ATLAS_BROKEN_LINKS=warn) publishes
 * anyway and lists them as warnings, for a folder of imported notes being fixed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findBrokenLinks, type BrokenLink, type Site } from './link-graph.ts';

export type BrokenLinksMode = 'error' | 'warn';

export interface LinkCheckOptions {
  mode: BrokenLinksMode;
  /** The source file of a page (site path → absolute file), for links the Markdown step did not stamp. */
  sourceOf?: (sitePath: string) => string | undefined;
}

export interface LinkCheckResult {
  summary: string;
  /** One line per broken link when `mode` is 'warn'. */
  warnings: string[];
}

const display = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};

/** `#%E7%BB%93` → `#结`, as the author wrote it. */
function readable(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

/** `file:line` of `href` in a page's source, found by its text (raw HTML links, reference definitions). */
function findInSource(file: string, href: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const forms = [`](${href}`, `](<${href}>`, `"${href}"`, `'${href}'`, `]: ${href}`, href];
  for (const form of forms) {
    const at = text.indexOf(form);
    if (at >= 0) return `${display(file)}:${text.slice(0, at).split('\n').length}`;
  }
  return undefined;
}

/** Where an author fixes a broken link: the stamped source line, else the page's source file, else the page. */
export function locateBrokenLink(link: BrokenLink, sourceOf?: LinkCheckOptions['sourceOf']): string {
  if (link.source) return link.source;
  const file = sourceOf?.(link.page);
  if (!file) return link.page;
  return findInSource(file, link.href) ?? `${display(file)} (page ${link.page})`;
}

/** Checks every link of every page; returns the summary (and warnings), throws listing what is broken. */
export function checkLinks(graph: Site, options: LinkCheckOptions): LinkCheckResult {
  const broken = findBrokenLinks(graph);
  const lines = broken.map((b) => `${locateBrokenLink(b, options.sourceOf)}: ${readable(b.href)} (${b.reason})`);
  if (broken.length && options.mode === 'error') {
    const shown = lines.slice(0, 50).map((line) => `  ${line}`);
    if (lines.length > 50) shown.push(`  … and ${lines.length - 50} more`);
    throw new Error(
      `link check: ${broken.length} broken internal link(s):\n${shown.join('\n')}\n` +
        'Fix them, or build with STACK_ATLAS_BROKEN_LINKS=warn to publish while you fix them (see README).',
    );
  }
  const summary = `link check: ${graph.pages.size} pages, ${graph.linkCount} internal links, ${broken.length} broken`;
  return { summary, warnings: lines.map((line) => `link check: warning: ${line}`) };
}
