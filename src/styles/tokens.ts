/**
 * The site's colour tokens, read from the one place they are written
 * (src/styles/global.css), for what cannot use CSS variables live: standalone
 * diagram files and link-preview images. Build-time only (Node).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Tokens = Record<string, string>;

/** The stylesheet holding the tokens, relative to the project root. */
export const tokensFile = 'src/styles/global.css';

/** `--name: value;` declarations of the first block whose selector is exactly `selector`. */
export function tokensOf(css: string, selector: string): Tokens {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`tokens: no "${selector} {" block in src/styles/global.css`);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  const tokens: Tokens = {};
  for (const match of body.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) {
    tokens[match[1]!] = match[2]!.replace(/\s+/g, ' ').trim();
  }
  return tokens;
}

/** Light and dark token values of a stylesheet (dark = light overridden by the dark block). */
export function siteTokens(css: string): { light: Tokens; dark: Tokens } {
  const light = tokensOf(css, ':root');
  return { light, dark: { ...light, ...tokensOf(css, ":root[data-theme='dark']") } };
}

let cached: { light: Tokens; dark: Tokens } | undefined;

/** The site's tokens, read once per process from the project root's stylesheet. */
export function tokens(root: string = process.cwd()): { light: Tokens; dark: Tokens } {
  cached ??= siteTokens(readFileSync(path.join(root, tokensFile), 'utf8'));
  return cached;
}
