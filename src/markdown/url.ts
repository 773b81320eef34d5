/** Site URLs for cards and notes, with the deployment base path applied. */

/** Joins the site base (`/`, `/atlas`, `/atlas/`) and a site-relative path without doubling slashes. */
export function withBase(base: string, sitePath: string): string {
  const prefix = `/${base.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  return `${prefix}/${sitePath.replace(/^\/+/, '')}`;
}

/** URL of a card page, e.g. `/cards/containerd/`. */
export function cardUrl(base: string, id: string, fragment?: string): string {
  return withBase(base, `cards/${id}/`) + (fragment ? `#${fragment}` : '');
}

/** URL of a note page, e.g. `/notes/container-background/`. */
export function noteUrl(base: string, slug: string, fragment?: string): string {
  return withBase(base, `notes/${slug}/`) + (fragment ? `#${fragment}` : '');
}
