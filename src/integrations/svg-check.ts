/**
 * Checks every standalone SVG of the built site (diagrams wikis embed, icons) after
 * the last step that writes one: well-formed XML (a strict parser: an image viewer or
 * wiki refuses a broken file) and nothing unsafeMarkup() refuses, or a <script>.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sax from 'sax';
import { unsafeMarkup } from '../model/markup-safety.ts';
import type { BuiltSite } from './output.ts';

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

/** Every standalone SVG's problems as `<file>: <problem>`; throws when there are any. */
export async function checkStandaloneSvgs(site: BuiltSite): Promise<string> {
  const files = site.files.filter((file) => file.endsWith('.svg'));
  const found: string[] = [];
  await Promise.all(
    files.map(async (file) => {
      for (const problem of svgProblems(await readFile(path.join(site.dir, file), 'utf8'))) {
        found.push(`${file}: ${problem}`);
      }
    }),
  );
  if (found.length) {
    throw new Error(
      `security: ${found.length} problem(s) in standalone SVG files:\n${found
        .sort()
        .slice(0, 20)
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
  }
  return `svg check: ${files.length} standalone SVG files well-formed, no scripts, handlers or unsafe links`;
}
