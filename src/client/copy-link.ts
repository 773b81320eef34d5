/**
 * Progressive enhancement for heading anchors: clicking `#` still jumps to the
 * section and also copies its full canonical URL; a second button copies a
 * Markdown link `[page — section](url)` for wikis. Results are announced in a
 * polite live region so screen-reader users hear them.
 */
import { ui } from './ui-strings.ts';

/** Canonical absolute URL of a section of the current page. */
export function sectionUrl(canonical: string, id: string): string {
  const url = new URL(canonical);
  url.hash = encodeURIComponent(id);
  return url.href;
}

/** `[页面 — 小节](url)` with Markdown-special brackets escaped. */
export function markdownLink(pageTitle: string, section: string, url: string): string {
  const escape = (text: string) => text.replace(/([[\]\\])/g, '\\$1');
  const label = section && section !== pageTitle ? `${pageTitle} — ${section}` : pageTitle;
  return `[${escape(label)}](${url.replace(/\)/g, '%29')})`;
}

function announce(message: string) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node makes screen readers repeat the same message on a second copy.
  requestAnimationFrame(() => (region.textContent = message));
}

async function copy(text: string, done: string) {
  try {
    await navigator.clipboard.writeText(text);
    announce(done);
  } catch {
    announce(ui('copyFailed'));
  }
}

export function enhanceHeadingAnchors(): void {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ?? location.href;
  const pageTitle =
    document.querySelector<HTMLMetaElement>('meta[property="og:title"]')?.content ??
    document.querySelector('h1')?.textContent?.trim() ??
    document.title;
  for (const anchor of document.querySelectorAll<HTMLAnchorElement>('a.heading-anchor')) {
    const heading = anchor.closest('h2, h3, h4');
    const id = heading?.id ?? decodeURIComponent(anchor.hash.slice(1));
    if (!heading || !id) continue;
    const label = heading.cloneNode(true) as HTMLElement;
    for (const extra of label.querySelectorAll('.heading-anchor, .heading-copy-md')) extra.remove();
    const section = (label.textContent ?? '').trim();
    const url = sectionUrl(canonical, id);
    anchor.addEventListener('click', () => void copy(url, ui('linkDone', { section })));
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'heading-copy-md';
    button.textContent = 'MD';
    button.setAttribute('aria-label', ui('markdownLabel', { section }));
    button.title = ui('markdownLabel', { section });
    button.addEventListener(
      'click',
      () => void copy(markdownLink(pageTitle, section, url), ui('markdownDone', { section })),
    );
    anchor.after(button);
  }
}
