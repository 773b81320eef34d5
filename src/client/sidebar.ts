/**
 * On narrow screens the stack navigation is a drawer: the header's menu button
 * opens it over the page, Escape or a click outside closes it, focus moves into
 * it and back to the button. Wider screens show it as a sidebar and never use this.
 */
export function enhanceSidebarDrawer(): void {
  const button = document.querySelector<HTMLButtonElement>('.menu-button');
  const sidebar = document.querySelector<HTMLElement>('[data-sidebar]');
  if (!button || !sidebar) return;
  button.hidden = false;
  const setOpen = (open: boolean, restoreFocus = false) => {
    button.setAttribute('aria-expanded', String(open));
    sidebar.toggleAttribute('data-open', open);
    document.documentElement.toggleAttribute('data-drawer-open', open);
    if (open) {
      const current = sidebar.querySelector<HTMLElement>('[aria-current="page"]') ?? sidebar.querySelector('a');
      current?.focus();
      current?.scrollIntoView({ block: 'center' });
    } else if (restoreFocus) {
      button.focus();
    }
  };
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && sidebar.hasAttribute('data-open')) setOpen(false, true);
  });
  document.addEventListener('click', (event) => {
    const target = event.target as Node;
    if (sidebar.hasAttribute('data-open') && !sidebar.contains(target) && !button.contains(target)) setOpen(false);
  });
  // Leaving the drawer with Tab closes it, so focus never hides behind it.
  sidebar.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (sidebar.hasAttribute('data-open') && next && !sidebar.contains(next) && next !== button) setOpen(false);
  });
  matchMedia('(min-width: 1024px)').addEventListener('change', () => setOpen(false));
}

/**
 * On wide screens the sidebar scrolls on its own: on load, scroll it (not the page, and
 * without moving focus) so that the current card, or else the first card the page is
 * about, sits in its upper third instead of below its fold.
 */
export function keepCurrentInView(): void {
  const sidebar = document.querySelector<HTMLElement>('[data-sidebar]');
  if (!sidebar || sidebar.hasAttribute('data-open') || sidebar.scrollHeight <= sidebar.clientHeight) return;
  const target =
    sidebar.querySelector<HTMLElement>('[aria-current="page"]:not(.stack-nav-top)') ??
    sidebar.querySelector<HTMLElement>('a.related');
  if (!target) return;
  const box = sidebar.getBoundingClientRect();
  const item = target.getBoundingClientRect();
  const margin = item.height * 2;
  if (item.top >= box.top + margin && item.bottom <= box.bottom - margin) return;
  sidebar.scrollTop += item.top - box.top - sidebar.clientHeight / 3;
}
