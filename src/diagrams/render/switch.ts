/**
 * When a page shows a diagram's narrow form instead of its wide one: as soon as the
 * wide form, shrunk to the column, would draw its smallest text below the readable
 * size. The rule is CSS (a container query on the figure, no script), written into
 * the narrow SVG's own <style> because the width differs per diagram.
 */

/** Smallest text size, CSS px at 1:1, a page may show. */
export const readableTextPx = 11.5;

/** The figure's frame around the picture (Diagram.astro: 12 px padding, 1 px border, each side). */
export const figureFrame = { padding: 12, border: 1 } as const;

/** Figure width (px) below which the wide form's text would be smaller than `readableTextPx`. */
export function switchWidth(wideWidth: number, wideSmallestFont: number): number {
  const inner = Math.ceil((wideWidth * readableTextPx) / wideSmallestFont);
  return inner + 2 * (figureFrame.padding + figureFrame.border);
}

/**
 * The CSS for one figure (`figure[data-diagram="<name>"]`): the wide form and its
 * caption by default, the narrow form and its caption in a figure narrower than `at`.
 */
export function switchCss(name: string, at: number): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`diagrams: "${name}" is not a diagram name`);
  const f = `figure[data-diagram="${name}"]`;
  return (
    `${f} svg.dg-narrow,${f} .desc-narrow{display:none}` +
    `@container (max-width:${at - 0.02}px){` +
    `${f} svg.dg-wide,${f} .desc-wide{display:none}` +
    `${f} svg.dg-narrow,${f} .desc-narrow{display:block}}`
  );
}
