/**
 * The header's theme button: switches light/dark and persists the reader's choice;
 * the inline head script (theme-init.ts) applies it on every page before first paint.
 */
export function enhanceThemeToggles(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    const sync = () => button.setAttribute('aria-pressed', String(document.documentElement.dataset.theme === 'dark'));
    sync();
    button.addEventListener('click', () => {
      const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
      document.documentElement.dataset.theme = next;
      localStorage.setItem('theme', next);
      sync();
    });
  }
}
