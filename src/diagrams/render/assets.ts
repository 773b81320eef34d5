/**
 * Locates the files the render page needs (mermaid bundle, CJK web font) in
 * node_modules, without relying on package `exports` maps or import.meta
 * resolution (the code also runs inside Astro's Vite config loader).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Font family name of the self-hosted web font (from @fontsource-variable/noto-sans-sc). */
export const webFontFamily = 'Noto Sans SC Variable';

/** Font stack used while rendering and in inline SVGs: the web font first. */
export const fontStack = `"${webFontFamily}", "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif`;

/** Font stack of standalone SVGs: common CJK system fonts only, no web font. */
export const systemFontStack =
  "'Noto Sans SC','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Finds `node_modules/<name>` walking up from the given directories (default: cwd, this file). */
export function findPackageDir(name: string, from: string[] = [process.cwd(), here]): string {
  for (const start of from) {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`diagrams: package "${name}" not found in node_modules (searched up from ${from.join(', ')})`);
}

export function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface RenderAssets {
  mermaidScript: string;
  mermaidVersion: string;
  fontDir: string;
  fontVersion: string;
  /** @font-face rules with `src: url(/fonts/<file>)`, served by the render page's route. */
  fontCss: string;
}

let cached: RenderAssets | undefined;

/** Paths and versions only (cheap: used for cache keys before any browser work). */
export function assetVersions(root?: string): { mermaid: string; font: string } {
  const from = root ? [root, here] : undefined;
  return {
    mermaid: packageVersion(findPackageDir('mermaid', from)),
    font: packageVersion(findPackageDir('@fontsource-variable/noto-sans-sc', from)),
  };
}

export function loadRenderAssets(root?: string): RenderAssets {
  if (cached) return cached;
  const from = root ? [root, here] : undefined;
  const mermaidDir = findPackageDir('mermaid', from);
  const fontDir = findPackageDir('@fontsource-variable/noto-sans-sc', from);
  const css = readFileSync(path.join(fontDir, 'index.css'), 'utf8')
    .replaceAll('./files/', '/fonts/')
    // Block (not swap) so text is never measured in a fallback font.
    .replaceAll('font-display: swap', 'font-display: block');
  cached = {
    mermaidScript: path.join(mermaidDir, 'dist', 'mermaid.min.js'),
    mermaidVersion: packageVersion(mermaidDir),
    fontDir: path.join(fontDir, 'files'),
    fontVersion: packageVersion(fontDir),
    fontCss: css,
  };
  return cached;
}
