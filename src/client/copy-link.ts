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

/** A small menu under a heading's `#` on touch screens: one tap target instead of two. */
function openMenu(anchor: HTMLAnchorElement, actions: { label: string; run: () => void }[]): void {
  document.querySelector('.heading-menu')?.remove();
  const menu = document.createElement('div');
  menu.className = 'heading-menu';
  menu.setAttribute('role', 'menu');
  for (const action of actions) {
    const item = document.createElement('button');
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.textContent = action.label;
    item.addEventListener('click', () => {
      action.run();
      close();
    });
    menu.append(item);
  }
  const close = () => {
    menu.remove();
    document.removeEventListener('click', outside, true);
    document.removeEventListener('keydown', escape);
  };
  const outside = (event: Event) => {
    if (!menu.contains(event.target as Node) && event.target !== anchor) close();
  };
  const escape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      close();
      anchor.focus();
    }
  };
  anchor.after(menu);
  document.addEventListener('click', outside, true);
  document.addEventListener('keydown', escape);
  menu.querySelector('button')?.focus();
}

export function enhanceHeadingAnchors(): void {
  const touch = matchMedia('(hover: none)').matches;
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
    const copyLink = () => void copy(url, ui('linkDone', { section }));
    const copyMarkdown = () => void copy(markdownLink(pageTitle, section, url), ui('markdownDone', { section }));
    if (touch) {
      anchor.setAttribute('aria-haspopup', 'menu');
      anchor.addEventListener('click', (event) => {
        event.preventDefault();
        openMenu(anchor, [
          { label: ui('copyLinkAction'), run: copyLink },
          { label: ui('copyMarkdownAction'), run: copyMarkdown },
        ]);
      });
      continue;
    }
    anchor.addEventListener('click', copyLink);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'heading-copy-md';
    button.textContent = 'MD';
    button.setAttribute('aria-label', ui('markdownLabel', { section }));
    button.title = ui('markdownLabel', { section });
    button.addEventListener('click', copyMarkdown);
    anchor.after(button);
  }
}
