/** Fails the build on any broken internal link or fragment in the built site. */
import { collectSite, findBrokenLinks } from './link-graph.ts';
import type { BuiltSite } from './output.ts';

/** Checks every link of every page; returns the summary line, throws listing what is broken. */
export function checkLinks(site: BuiltSite): string {
  const graph = collectSite(site);
  const broken = findBrokenLinks(graph);
  if (broken.length) {
    const lines = broken.slice(0, 50).map((b) => `  ${b.page}: ${b.href} (${b.reason})`);
    throw new Error(`link check: ${broken.length} broken internal link(s):\n${lines.join('\n')}`);
  }
  return `link check: ${graph.pages.size} pages, ${graph.linkCount} internal links, 0 broken`;
}
