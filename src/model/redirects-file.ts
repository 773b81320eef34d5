/** Reads content/redirects.yaml (old site path → new site path). */
import { existsSync } from 'node:fs';
import { isSymlink, readContentFile } from './content-files.ts';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ContentError, formatZodError } from './errors.ts';
import { redirectsSchema } from './url-contract.ts';

/** Declared redirects, keyed by site path without leading slash; empty when the file is absent. */
export function loadRedirects(contentDir: string): Record<string, string> {
  const file = path.join(contentDir, 'redirects.yaml');
  if (!existsSync(file) && !isSymlink(file)) return {};
  let data: unknown;
  try {
    data = parseYaml(readContentFile(file)) ?? {};
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = redirectsSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid redirects:\n${formatZodError(result.error)}`);
  return Object.fromEntries(
    Object.entries(result.data).map(([from, to]) => [from.replace(/^\//, ''), to.replace(/^\//, '')]),
  );
}
