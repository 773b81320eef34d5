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

/** Site-relative paths (no leading slash, trailing slash on pages). */
export const paths = {
  card: (id: string, fragment?: string) => `cards/${id}/${fragment ? `#${fragment}` : ''}`,
  note: (slug: string, fragment?: string) => `notes/${slug}/${fragment ? `#${fragment}` : ''}`,
  example: (id: string) => `examples/${id}/`,
  tag: (tag: string) => `tags/${encodeURIComponent(tag)}/`,
  category: (category: string) => `categories/${encodeURIComponent(category)}/`,
  diagramSvg: (name: string) => `diagrams/${name}.svg`,
  diagramSource: (name: string) => `diagrams/${name}.mmd`,
};
