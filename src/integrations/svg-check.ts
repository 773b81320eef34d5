/**
 * Checks every standalone SVG of the built site (diagrams wikis embed, icons) after
 * the last step that writes one: well-formed XML (a strict parser: an image viewer or
 * wiki refuses a broken file) and nothing unsafeMarkup() refuses, or a <script>.
 * The digests of the files that passed are kept (`cacheFile`, with a digest of the checking
 * code): a rebuild parses only SVGs it has not seen pass (issue 28: parsing all of them
 * again took 0.4–1.5 s of a rebuild with nothing changed).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sax from 'sax';
import { unsafeMarkup } from '../model/markup-safety.ts';
import { codeRoot, readBuildCache, renderingDigest, writeBuildCache } from './content-cache.ts';
import type { BuiltSite } from './output.ts';

/** The checking code (relative to the checkout this module is in): a change to it checks every file again. */
const CHECK_CODE = ['src/integrations/svg-check.ts', 'src/model', 'package-lock.json'];

/** The problems of one SVG document, one line each. */
export function svgProblems(text: string): string[] {
  const problems: string[] = [];
  const parser = sax.parser(true, { xmlns: false, position: true });
  let broken = false;
  parser.onerror = (error) => {
    // one error is enough: the rest of a broken file is noise
    if (!broken) problems.push(`not well-formed XML: ${error.message.split('\n')[0]} (line ${parser.line + 1})`);
    broken = true;
    throw error;
  };
  parser.onopentag = (tag) => {
    const name = tag.name.toLowerCase();
    const attributes = Object.fromEntries(
      Object.entries(tag.attributes as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    if (name === 'script') problems.push('<script> in an SVG');
    const problem = unsafeMarkup(name, attributes, { inSvg: true });
    if (problem) problems.push(problem);
  };
  try {
    parser.write(text).close();
  } catch {
    /* reported through onerror */
  }
  return [...new Set(problems)];
}

export interface SvgCheckOptions {
  /** File keeping the digests of the SVGs that passed; none: every file is parsed. */
  cacheFile?: string;
  /** Digest of the checking code (default: CHECK_CODE's). */
  code?: string;
}

/** The digests kept by the last check made with the same code (empty when there are none). */
async function passedBefore(cacheFile: string, code: string): Promise<Set<string>> {
  const passed = await readBuildCache(cacheFile, code);
  return new Set(Array.isArray(passed) ? passed.filter((digest): digest is string => typeof digest === 'string') : []);
}

/** Every standalone SVG's problems as `<file>: <problem>`; throws when there are any. */
export async function checkStandaloneSvgs(site: BuiltSite, options: SvgCheckOptions = {}): Promise<string> {
  const files = site.files.filter((file) => file.endsWith('.svg'));
  const found: string[] = [];
  const code = options.cacheFile ? (options.code ?? renderingDigest(codeRoot, CHECK_CODE)) : '';
  const known = options.cacheFile ? await passedBefore(options.cacheFile, code) : new Set<string>();
  const passed: string[] = [];
  let parsed = 0;
  await Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(site.dir, file), 'utf8');
      const digest = createHash('sha256').update(text).digest('hex');
      if (known.has(digest)) {
        passed.push(digest);
        return;
      }
      parsed++;
      const problems = svgProblems(text);
      for (const problem of problems) found.push(`${file}: ${problem}`);
      if (problems.length === 0) passed.push(digest);
    }),
  );
  // Only this build's files are kept: the list does not grow with every edit.
  if (options.cacheFile) await writeBuildCache(options.cacheFile, code, [...new Set(passed)].sort());
  if (found.length) {
    throw new Error(
      `security: ${found.length} problem(s) in standalone SVG files:\n${found
        .sort()
        .slice(0, 20)
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
  }
  const seen =
    parsed < files.length ? ` (${files.length - parsed} unchanged since they last passed, not parsed again)` : '';
  return `svg check: ${files.length} standalone SVG files well-formed, no scripts, handlers or unsafe links${seen}`;
}
