/**
 * Content-hash disk cache for link-preview PNGs: a preview is drawn again only
 * when what it shows (its spec), the font or the drawing code changed, so an
 * unchanged rebuild draws nothing and a one-note edit draws one image.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FontFiles } from './fonts.ts';
import type { PreviewSpec } from './types.ts';

/** Bump when the layouts or the rendering change: every cached preview is drawn again. */
export const PREVIEW_VERSION = '2';

/** sha256 of the spec, the font files (path, size, mtime) and the preview version. */
export function previewKey(spec: PreviewSpec, fonts: FontFiles): string {
  const stamp = (file: string | undefined) => {
    if (!file || !existsSync(file)) return file ?? '';
    const { size, mtimeMs } = statSync(file);
    return `${file}:${size}:${Math.round(mtimeMs)}`;
  };
  return createHash('sha256')
    .update(JSON.stringify([PREVIEW_VERSION, spec, stamp(fonts.regular), stamp(fonts.bold), fonts.face ?? '']))
    .digest('hex');
}

export class PreviewCache {
  // A plain field, not a parameter property: Node's type stripping cannot run those, and astro.config.mjs
  // imports this module; one such file sent the whole config to Astro's slower Vite fallback.
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  file(key: string): string {
    return path.join(this.dir, `${key}.png`);
  }

  get(key: string): Buffer | undefined {
    const file = this.file(key);
    // A PNG starts with this signature; anything else is a broken entry and is drawn again.
    if (!existsSync(file)) return undefined;
    const data = readFileSync(file);
    return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? data : undefined;
  }

  set(key: string, png: Buffer): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file(key)}.${process.pid}.tmp`;
    writeFileSync(tmp, png);
    renameSync(tmp, this.file(key));
  }
}
