/** URL helpers: every internal link goes through these so the base path is applied once. */

/** Joins the base path and a site-relative path: `withBase('/stack-atlas/', 'cards/runc/')`. */
export function joinBase(base: string, path: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return b + path.replace(/^\/+/, '');
}

export const paths = {
  card: (id: string) => `cards/${id}/`,
  note: (slug: string) => `notes/${slug}/`,
  example: (id: string) => `examples/${id}/`,
  tag: (tag: string) => `tags/${encodeURIComponent(tag)}/`,
  category: (category: string) => `categories/${encodeURIComponent(category)}/`,
  diagramSvg: (name: string) => `diagrams/${name}.svg`,
  diagramSource: (name: string) => `diagrams/${name}.mmd`,
};
