/** Writes `_headers` with a Content-Security-Policy that the built pages satisfy. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildPolicy, cspHash, headersFile, inlineScripts } from '../model/csp.ts';
import type { BuiltSite } from './output.ts';

export async function writeHeaders(site: BuiltSite): Promise<string> {
  const hashes = new Set<string>();
  for (const html of site.html.values()) for (const script of inlineScripts(html)) hashes.add(cspHash(script));
  await writeFile(path.join(site.dir, '_headers'), headersFile(site.base, buildPolicy(hashes)));
  return `security headers: _headers written (${hashes.size} inline script hashes)`;
}
