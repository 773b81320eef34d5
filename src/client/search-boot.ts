/**
 * The only search code loaded with every page (about 1 KB gzipped): opens search
 * from the header link, `/` and Ctrl/Cmd+K. The dialog itself is already in the
 * page, so it opens at once and the box takes the very next keystrokes; its
 * behaviour (search-dialog.ts, in search-ui.ts) and then the page map load on first
 * use; on /search/ the same module boots the page (search-page.ts). Without
 * JavaScript the header link simply goes to /search/, and on /search/ itself the
 * shortcuts focus the page's search box instead.
 */

const loadDialog = () => import('./search-ui.ts');

/**
 * Starts fetching the page map (search-core.ts `PAGE_MAP_FILE`) alongside the search
 * module instead of after it; search-engine.ts takes the promise from this global. The
 * path is spelled out here so this module stays free of imports (it is on every page).
 */
function prefetchMap(): void {
  const shared = globalThis as { __stackAtlasPageMap?: Promise<unknown> };
  if (shared.__stackAtlasPageMap) return;
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const started = fetch(`${base}pagefind/pages.json`).then((response) => {
    if (!response.ok) throw new Error(`pagefind/pages.json: HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  });
  started.catch(() => undefined);
  shared.__stackAtlasPageMap = started;
}

type ShortcutKey = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** True for the keys that open search: `/` (outside text fields) and Ctrl/Cmd+K (anywhere). */
export function isOpenShortcut(event: ShortcutKey, inTextField: boolean): boolean {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k')
    return true;
  return event.key === '/' && !inTextField && !event.ctrlKey && !event.metaKey && !event.altKey;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** Where focus goes back to when the dialog closes. */
let returnTo: HTMLElement | undefined;

function openSearch(fallbackHref?: string): void {
  const pageInput = document.querySelector<HTMLInputElement>('[data-search-page] [data-search-input]');
  if (pageInput) {
    pageInput.focus();
    pageInput.select();
    return;
  }
  const dialog = document.querySelector<HTMLDialogElement>('dialog[data-search-dialog]');
  const input = dialog?.querySelector<HTMLInputElement>('[data-search-input]');
  if (!dialog || !input) {
    if (fallbackHref) location.href = fallbackHref;
    return;
  }
  if (!dialog.open) {
    const active = document.activeElement;
    returnTo =
      active instanceof HTMLElement && active !== document.body
        ? active
        : (document.querySelector<HTMLElement>('[data-search-open]') ?? undefined);
    document.documentElement.classList.add('search-dialog-open');
    dialog.showModal();
  }
  input.focus();
  input.select();
  prefetchMap();
  loadDialog()
    .then((module) => module.attachSearchDialog(dialog, returnTo))
    .catch(() => {
      // The dialog code could not load (offline before it was cached): use the page.
      if (fallbackHref) location.href = fallbackHref;
    });
}

export function bootSearch(): void {
  // The /search/ page: its behaviour comes in the same module as the dialog's.
  if (document.querySelector('[data-search-page]')) {
    prefetchMap();
    void loadDialog().then((module) => module.bootSearchPage());
  }
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-search-open]');
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    openSearch(link.href);
  });
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (!isOpenShortcut(event, isTextField(event.target))) return;
    event.preventDefault();
    openSearch(document.querySelector<HTMLAnchorElement>('a[data-search-open]')?.href);
  });
  const dialog = document.querySelector<HTMLDialogElement>('dialog[data-search-dialog]');
  dialog?.addEventListener('close', () => {
    document.documentElement.classList.remove('search-dialog-open');
  });
  // The close button and Esc work from the first moment the dialog is open, before (or
  // without) its behaviour module: on a slow phone the reader may tap or press them first.
  dialog?.addEventListener('click', (event) => {
    if ((event.target as Element | null)?.closest?.('[data-search-close]') && dialog.open) dialog.close();
  });
  dialog?.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.isComposing || !dialog.open) return;
    // Taken here: a search box with text in it would spend the first Esc on clearing itself.
    event.preventDefault();
    dialog.close();
  });
  // The reader heads for the search button: fetch the dialog code and warm the index
  // (Pagefind, its WebAssembly, the vocabulary and filters), so the first keystroke answers at once.
  const button = document.querySelector('[data-search-open]');
  const warm = () => {
    prefetchMap();
    void loadDialog()
      .then((module) => module.warmSearch())
      .catch(() => {});
  };
  for (const type of ['pointerenter', 'focus', 'touchstart'] as const)
    button?.addEventListener(type, warm, { once: true, passive: true });
}
