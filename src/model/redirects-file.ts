/** Reads content/redirects.yaml (old site path → new site path). */
import { existsSync } from 'node:fs';
import { isSymlink, readContentFile } from './content-files.ts';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { ContentError, formatZodError } from './errors.ts';
import { redirectsSchema } from './url-contract.ts';

/** Declared redirects, keyed by site path without leading slash; empty when the file is absent. */
export function loadRedirects(contentDir: string): Record<string, string> {
  const file = path.join(contentDir, 'redirects.yaml');
  if (!existsSync(file) && !isSymlink(file)) return {};
  const lineCounter = new LineCounter();
  const document = parseDocument(readContentFile(file), { lineCounter });
  let data: unknown;
  try {
    if (document.errors.length) throw document.errors[0]!;
    data = document.toJS() ?? {};
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = redirectsSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid redirects:\n${formatZodError(result.error)}`);
  const lines = new Map<string, number>();
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (isScalar(pair.key) && pair.key.range) {
        lines.set(String(pair.key.value).replace(/^\//, ''), lineCounter.linePos(pair.key.range[0]).line);
      }
    }
  }
  const redirects = Object.fromEntries(
    Object.entries(result.data).map(([from, to]) => [from.replace(/^\//, ''), to.replace(/^\//, '')]),
  );
  const problems = redirectChainProblems(redirects, (from) => lines.get(from));
  if (problems.length) {
    const listed = problems.map((p) => `  ${file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    throw new ContentError(file, `redirects that lead to another redirect:\n${listed.join('\n')}`);
  }
  return redirects;
}

/** The site path a redirect target names, without its #fragment or ?query. */
const targetPath = (to: string) => to.replace(/[#?].*$/, '');

/**
 * Redirects whose target is itself redirected: a loop (`a → b → a`), which no reader
 * ever leaves, or a chain (`a → b → c`), where `a` should point at `c` directly (each
 * hop is a page load, and a chain hides loops as it grows). One problem per redirect.
 */
export function redirectChainProblems(
  redirects: Record<string, string>,
  lineOf: (from: string) => number | undefined,
): { from: string; line: number | undefined; message: string }[] {
  const problems: { from: string; line: number | undefined; message: string }[] = [];
  for (const [from, to] of Object.entries(redirects)) {
    if (!(targetPath(to) in redirects)) continue;
    const path = [from];
    let current = targetPath(to);
    while (current in redirects && !path.includes(current)) {
      path.push(current);
      current = targetPath(redirects[current]!);
    }
    const line = lineOf(from);
    const next = targetPath(to);
    const shown = [...path, current].map((p) => `/${p}`).join(' → ');
    const message = path.includes(current)
      ? `/${from} is in a redirect loop (${shown}): a reader would never arrive; point one of them at a page`
      : `/${from} leads to /${next}, which is itself redirected (line ${lineOf(next) ?? '?'}): ${shown}; point /${from} at /${current} directly`;
    problems.push({ from, line, message });
  }
  return problems;
}
