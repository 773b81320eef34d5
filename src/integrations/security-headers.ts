/**
 * Checks that every built page carries the site's Content-Security-Policy as a
 * <meta> tag and runs no inline code the policy does not know (a layout that
 * forgot the tag, a script that slipped past the Markdown checks), then writes
 * the same policy to `_headers`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cspHash, headersFile, SITE_INLINE_SCRIPTS, sitePolicy } from '../model/csp.ts';
import type { Site } from './link-graph.ts';
import type { BuiltSite } from './output.ts';

/** Every page's CSP problems, one line each (empty when all pages are fine). */
export function cspProblems(graph: Site, policy = sitePolicy): string[] {
  const known = new Set(SITE_INLINE_SCRIPTS.map(cspHash));
  const problems: string[] = [];
  for (const page of graph.pages.values()) {
    if (page.cspMeta === undefined) problems.push(`${page.file}: no <meta http-equiv="Content-Security-Policy">`);
    else if (page.cspMeta !== policy)
      problems.push(`${page.file}: its Content-Security-Policy meta tag is not the site's`);
    for (const script of page.inlineScripts) {
      const hash = cspHash(script);
      if (!known.has(hash)) {
        problems.push(
          `${page.file}: inline <script> that is not one of the site's own (${hash}): ${script.slice(0, 60)}`,
        );
      }
    }
    for (const problem of page.unsafe) problems.push(`${page.file}: ${problem}`);
  }
  return problems;
}

export async function writeHeaders(site: BuiltSite, graph: Site): Promise<string> {
  const problems = cspProblems(graph);
  if (problems.length) {
    throw new Error(
      `security: ${problems.length} problem(s) with the Content-Security-Policy:\n` +
        problems
          .slice(0, 20)
          .map((p) => `  ${p}`)
          .join('\n'),
    );
  }
  await writeFile(path.join(site.dir, '_headers'), headersFile(site.base, sitePolicy));
  return `security headers: _headers written; ${graph.pages.size} pages carry the policy as a meta tag (${SITE_INLINE_SCRIPTS.length} inline script hash)`;
}
