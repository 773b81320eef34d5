/**
 * The search dialog's behaviour (loaded on first use by search-boot.ts, which opens it): a modal <dialog>
 * with a search box and live results. Esc or the close button closes it, Tab
 * stays inside it, focus returns to where it was, and following a result
 * (including a section link on the current page) closes it.
 */
import { SearchView } from './search-view.ts';

export { warmIndex as warmSearch } from './search-engine.ts';
import type { ClientStrings } from '../i18n/client.ts';

interface DialogParts {
  dialog: HTMLDialogElement;
  input: HTMLInputElement;
  view: SearchView;
}

let parts: DialogParts | undefined;
let returnFocus: HTMLElement | undefined;

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((node) => node.getClientRects().length > 0);
}

function setup(dialog: HTMLDialogElement): DialogParts {
  const input = dialog.querySelector<HTMLInputElement>('[data-search-input]')!;
  const strings = JSON.parse(dialog.dataset.strings ?? '{}') as ClientStrings;
  const view = new SearchView({
    input,
    status: dialog.querySelector<HTMLElement>('[data-search-status]')!,
    results: dialog.querySelector<HTMLElement>('[data-search-results]')!,
    strings,
    limit: 8,
  });

  dialog.addEventListener('keydown', (event) => {
    // (Esc is search-boot.ts's, which is there before this module.)
    if (event.key === 'Tab') {
      const nodes = focusables(dialog);
      if (nodes.length === 0) return;
      const first = nodes[0]!;
      const last = nodes[nodes.length - 1]!;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    closeSearchDialog();
  });
  dialog.addEventListener('close', () => {
    const target = returnFocus;
    returnFocus = undefined;
    if (target?.isConnected) target.focus({ preventScroll: true });
  });
  dialog.addEventListener('click', (event) => {
    const target = event.target as Element;
    // A click on the backdrop targets the <dialog> itself (the close button is search-boot.ts's).
    if (target === dialog) {
      closeSearchDialog();
      return;
    }
    const link = target.closest('a[href]');
    if (link && !(event instanceof MouseEvent && (event.ctrlKey || event.metaKey || event.shiftKey))) {
      // Leave focus where the link takes the reader (same-page sections included).
      returnFocus = undefined;
      dialog.close();
    }
  });
  return { dialog, input, view };
}

/**
 * Wires up the dialog (once) after search-boot.ts opened it, and searches for
 * whatever was typed while this module loaded. `returnTo` gets focus back on close.
 */
export function attachSearchDialog(dialog: HTMLDialogElement, returnTo?: HTMLElement): void {
  parts ??= setup(dialog);
  returnFocus = returnTo;
  if (!dialog.open) return;
  parts.view.warm();
  if (parts.input.value.trim()) void parts.view.update();
}

function closeSearchDialog(): void {
  if (parts?.dialog.open) parts.dialog.close();
}
