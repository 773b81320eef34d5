/**
 * The CJK font for link-preview images, found once and cached for the process.
 *
 * Satori needs font data it can parse (TTF, OTF, WOFF; WOFF2 works too but the
 * site's @fontsource-variable/noto-sans-sc is variable and satori renders only
 * its default instance, the Thin weight, and does not fall back across its
 * unicode-range subsets). Sources, first match wins:
 *
 * 1. `STACK_ATLAS_OG_FONT` (regular) and optionally `STACK_ATLAS_OG_FONT_BOLD`:
 *    paths to .ttf/.otf/.woff/.woff2 or a .ttc/.otc collection, whose face is
 *    picked by `STACK_ATLAS_OG_FONT_FACE` (default "Noto Sans CJK SC").
 * 2. The npm package @expo-google-fonts/noto-sans-sc (static Noto Sans SC TTFs).
 * 3. Debian's fonts-noto-cjk (installed by .ci/run and the README's setup):
 *    NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { extractFace, findFace, isCollection, listFaces } from './sfnt.ts';

export interface FontFiles {
  /** Regular (400) weight. */
  regular: string;
  /** Bold (700) weight; the regular file is used for bold text when missing. */
  bold?: string;
  /** Face to take from a collection (.ttc), e.g. "Noto Sans CJK SC". */
  face?: string;
}

export interface PreviewFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

/** Family name the layout uses; every loaded file is registered under it. */
export const FONT_FAMILY = 'Atlas Sans';
const DEFAULT_FACE = 'Noto Sans CJK SC';

export const SYSTEM_FONT_DIRS = [
  '/usr/share/fonts/opentype/noto', // Debian, Ubuntu: fonts-noto-cjk
  '/usr/share/fonts/noto-cjk', // Arch, Fedora
  '/usr/share/fonts/google-noto-cjk',
  '/usr/local/share/fonts',
];

/** Where the preview font comes from on this machine; throws with the fix when nothing is found. */
export function findFontFiles(
  env: NodeJS.ProcessEnv = process.env,
  root = process.cwd(),
  systemDirs: readonly string[] = SYSTEM_FONT_DIRS,
): FontFiles {
  if (env.STACK_ATLAS_OG_FONT) {
    return {
      regular: env.STACK_ATLAS_OG_FONT,
      bold: env.STACK_ATLAS_OG_FONT_BOLD || undefined,
      face: env.STACK_ATLAS_OG_FONT_FACE || undefined,
    };
  }
  const expo = path.join(root, 'node_modules/@expo-google-fonts/noto-sans-sc');
  if (existsSync(expo)) {
    const regular = findFile(expo, 'NotoSansSC_400Regular.ttf');
    if (regular) return { regular, bold: findFile(expo, 'NotoSansSC_700Bold.ttf') };
  }
  for (const dir of systemDirs) {
    const regular = path.join(dir, 'NotoSansCJK-Regular.ttc');
    if (!existsSync(regular)) continue;
    const bold = path.join(dir, 'NotoSansCJK-Bold.ttc');
    return { regular, bold: existsSync(bold) ? bold : undefined, face: env.STACK_ATLAS_OG_FONT_FACE || undefined };
  }
  throw new Error(
    "No CJK font for link-preview images. Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), " +
      'add the npm package @expo-google-fonts/noto-sans-sc, or set STACK_ATLAS_OG_FONT to a .ttf/.otf/.woff/.ttc file ' +
      '(and STACK_ATLAS_OG_FONT_BOLD for the bold weight).',
  );
}

/** Reads a font file; for a collection, copies out the requested face (Simplified Chinese by default). */
export function readFontFile(file: string, face = DEFAULT_FACE): Buffer {
  const data = readFileSync(file);
  if (!isCollection(data)) return data;
  const match = findFace(data, face) ?? listFaces(data).find((f) => / SC$/.test(f.family) && !/Mono/.test(f.family));
  if (!match) {
    const names = listFaces(data)
      .map((f) => f.family)
      .join(', ');
    throw new Error(`${file}: no face "${face}" in this collection (it has: ${names})`);
  }
  return Buffer.from(extractFace(data, match.index));
}

const cache = new Map<string, PreviewFont[]>();

/**
 * The fonts for satori, loaded once per distinct set of files. The same array
 * is returned every time so that satori's own parsed-font cache (keyed by the
 * array) is hit too.
 */
export function loadFonts(files: FontFiles = findFontFiles()): PreviewFont[] {
  const key = JSON.stringify([files.regular, files.bold ?? '', files.face ?? '']);
  let fonts = cache.get(key);
  if (!fonts) {
    const regular = readFontFile(files.regular, files.face);
    const bold = files.bold ? readFontFile(files.bold, files.face) : regular;
    fonts = [
      { name: FONT_FAMILY, data: regular, weight: 400, style: 'normal' },
      { name: FONT_FAMILY, data: bold, weight: 700, style: 'normal' },
    ];
    cache.set(key, fonts);
  }
  return fonts;
}

/** Depth-limited search for a file name inside a package folder. */
function findFile(dir: string, name: string, depth = 3): string | undefined {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === name) return full;
    if (depth > 0 && entry !== 'node_modules' && statSync(full).isDirectory()) {
      const found = findFile(full, name, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}
