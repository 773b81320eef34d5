/**
 * Link-preview images (Open Graph / Twitter cards): 1200×630 PNGs drawn by
 * satori (layout and text to SVG paths) and rasterised by resvg. The font is
 * read once per process; text is converted to outlines, so resvg needs no
 * fonts of its own and the output does not depend on the machine's font setup
 * beyond the one file chosen in fonts.ts.
 */
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';
import { loadFonts, type FontFiles } from './fonts.ts';
import { previewTree } from './layout/index.ts';
import { HEIGHT, WIDTH } from './theme.ts';
import type { PreviewSpec } from './types.ts';

export type { PreviewSpec, CardPreview, NotePreview, PagePreview, StackLayer } from './types.ts';
export { WIDTH, HEIGHT } from './theme.ts';

export interface RenderOptions {
  /** Font files to use instead of the ones fonts.ts finds (see STACK_ATLAS_OG_FONT). */
  fonts?: FontFiles;
}

/** The preview as SVG (text as paths). */
export async function renderPreviewSvg(spec: PreviewSpec, options: RenderOptions = {}): Promise<string> {
  const fonts = loadFonts(options.fonts);
  return satori(previewTree(spec) as Parameters<typeof satori>[0], { width: WIDTH, height: HEIGHT, fonts });
}

/** The preview as a 1200×630 PNG. Same spec and font → same bytes. */
export async function renderPreview(spec: PreviewSpec, options: RenderOptions = {}): Promise<Buffer> {
  const svg = await renderPreviewSvg(spec, options);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    // satori has already turned every glyph into a path; scanning the system's
    // fonts (several large CJK collections here) would only cost time.
    font: { loadSystemFonts: false },
    shapeRendering: 2,
    textRendering: 2,
  });
  return resvg.render().asPng();
}
