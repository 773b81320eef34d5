/**
 * Checks that every built page carries its Content-Security-Policy as a <meta>
 * tag and runs no inline code the policy does not know (a layout that forgot the
 * tag, a script that slipped past the Markdown checks), then writes the same
 * policies to `_headers`. Pages that run the live machine carry the machine
 * policy and no other page does; `_headers` names exactly those pages.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cspHash, headersFile, machinePolicy, SITE_INLINE_SCRIPTS, sitePolicy } from '../model/csp.ts';
import { pagePath } from './output.ts';
import type { Site } from './link-graph.ts';
import type { BuiltSite } from './output.ts';

/**
 * Every page's CSP problems, one line each (empty when all pages are fine).
 * `machinePages`: site paths (relative to the base) of the pages that run the live machine.
 */
export function cspProblems(graph: Site, policy = sitePolicy, machinePages: ReadonlySet<string> = new Set()): string[] {
  const known = new Set(SITE_INLINE_SCRIPTS.map(cspHash));
  const problems: string[] = [];
  for (const page of graph.pages.values()) {
    const machine = machinePages.has(pagePath(page.file));
    const expected = machine ? machinePolicy : policy;
    if (page.cspMeta === undefined) problems.push(`${page.file}: no <meta http-equiv="Content-Security-Policy">`);
    else if (page.cspMeta !== expected)
      problems.push(
        `${page.file}: its Content-Security-Policy meta tag is not the ${machine ? 'machine pages' : "site's"} policy` +
          (page.cspMeta === machinePolicy ? ' (it has the machine policy but does not run the machine)' : ''),
      );
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

export async function writeHeaders(
  site: BuiltSite,
  graph: Site,
  machinePages: readonly string[] = [],
): Promise<string> {
  const problems = cspProblems(graph, sitePolicy, new Set(machinePages));
  if (problems.length) {
    throw new Error(
      `security: ${problems.length} problem(s) with the Content-Security-Policy:\n` +
        problems
          .slice(0, 20)
          .map((p) => `  ${p}`)
          .join('\n'),
    );
  }
  await writeFile(
    path.join(site.dir, '_headers'),
    headersFile(site.base, sitePolicy, { pages: machinePages, policy: machinePolicy }),
  );
  return (
    `security headers: _headers written; ${graph.pages.size} pages carry the policy as a meta tag ` +
    `(${SITE_INLINE_SCRIPTS.length} inline script hash; ${machinePages.length} run the live machine and allow its blob: worker)`
  );
}
