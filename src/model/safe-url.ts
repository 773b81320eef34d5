/**
 * URLs that content may put into pages (covers, sources, links, redirect targets):
 * a relative or root-relative path, or http(s). Anything else (`javascript:`,
 * `data:`, `vbscript:`, `file:`) could run code or leak local files, so it is refused.
 */

/** The scheme of `value` (`javascript`, `https`), or undefined for a path. */
export function urlScheme(value: string): string | undefined {
  // Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`).
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be removed
  const compact = value.replace(/[\u0000-\u0020]/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
}

/** True for `./cover.png`, `/images/a.png`, `#id`, `https://example.com/x` (and `mailto:` when `allowMail`). */
export function isSafeUrl(value: string, { allowMail = false } = {}): boolean {
  const scheme = urlScheme(value);
  if (scheme === undefined) return true;
  return scheme === 'http' || scheme === 'https' || (allowMail && scheme === 'mailto');
}
