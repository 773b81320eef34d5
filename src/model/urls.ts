/**
 * The one URL helper: base paths, joining and the site's path shapes. Pages
 * (through `url()` in src/config.ts), integrations, Markdown plugins, feeds and
 * link previews all build internal URLs with these, so the base is applied once.
 */

/** `stack-atlas` → `/stack-atlas/`, `` → `/`: always starts and ends with `/`. */
export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** Joins a base path (any form) and a site-relative path without doubling slashes. */
export function withBase(base: string, sitePath: string): string {
  return normaliseBase(base) + sitePath.replace(/^\/+/, '');
}

/** Absolute URL of a site-relative path: `absoluteUrl('https://x.org', '/atlas/', 'cards/runc/')`. */
export function absoluteUrl(site: string, base: string, sitePath: string): string {
  return new URL(withBase(base, sitePath), site).href;
}

/**
 * URL segment of a tag or category: the name as written (letters of any script,
 * digits, case kept, so `容器` and `Markdown` read as themselves), with every run
 * of characters that have a meaning in URLs or file names (`/ ? # % \\ :`,
 * spaces, quotes, …) turned into one `-`: `CI/CD` → `CI-CD`, `容器/运行时` →
 * `容器-运行时`. Empty when the name has no letter or digit (the note schema refuses those).
 */
export function taxonomySlug(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}_.+~@-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** Site-relative paths (no leading slash, trailing slash on pages). */
export const paths = {
  layers: () => 'layers/',
  cards: () => 'cards/',
  examples: () => 'examples/',
  compareAll: () => 'compare/',
  card: (id: string, fragment?: string) => `cards/${id}/${fragment ? `#${fragment}` : ''}`,
  note: (slug: string, fragment?: string) => `notes/${slug}/${fragment ? `#${fragment}` : ''}`,
  example: (id: string) => `examples/${id}/`,
  compare: (pairId: string) => `compare/${pairId}/`,
  playground: () => 'playground/',
  machineLicences: () => 'playground/licences/',
  tag: (tag: string) => `tags/${encodeURIComponent(taxonomySlug(tag))}/`,
  category: (category: string) => `categories/${encodeURIComponent(taxonomySlug(category))}/`,
  diagramSvg: (name: string) => `diagrams/${name}.svg`,
  diagramSource: (name: string) => `diagrams/${name}.mmd`,
};
