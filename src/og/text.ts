/** Text clean-up for preview images: one line, bounded length, no markdown. */

/**
 * Collapses whitespace and control characters into single spaces and cuts the
 * text at `max` code points (with an ellipsis). The layout clamps lines too;
 * this only keeps absurdly long input from costing layout time.
 */
export function clean(text: string | undefined | null, max = 240): string {
  // eslint-disable-next-line no-control-regex
  const flat = (text ?? '').replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : flat;
}

/**
 * A plain-text excerpt of a note's markdown body, for notes without a
 * description: drops frontmatter-free headings, code, HTML, images, link
 * targets, tables and emphasis markers.
 */
export function noteExcerpt(markdown: string, max = 160): string {
  const text = markdown
    .replace(/```[\s\S]*?```|~~~[\s\S]*?~~~/g, ' ') // fenced code
    .replace(/\$\$[\s\S]*?\$\$/g, ' ') // display math
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ') // HTML tags
    .split('\n')
    .filter((line) => !/^\s*(#{1,6}\s|\||:::|[-*_]{3,}\s*$|\[\^?[^\]]+\]:)/.test(line)) // headings, tables, directives, rules, definitions
    .join('\n')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ') // images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links keep their text
    .replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_, target: string, label?: string) => label ?? target) // wiki links
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^\s*(>\s*)+/gm, '') // quotes
    .replace(/^\s*([-*+]|\d+\.)\s+/gm, '') // list markers
    .replace(/(\*\*|__|\*|_|~~)(?=\S)([\s\S]*?\S)\1/g, '$2'); // emphasis
  return clean(text, max);
}

/** Rough display width in em: CJK and full-width characters count 1, the rest about 0.55. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 1
        : 0.55;
  return width;
}
