/**
 * The one inline script of the site: sets data-theme before first paint so there
 * is no flash of the wrong theme (an external file would be fetched after first
 * paint). Kept as text here so the Content-Security-Policy can hash exactly what
 * ThemeScript.astro prints (src/model/csp.ts).
 */
export const themeInitScript =
  "(()=>{const s=localStorage.getItem('theme');" +
  "const d=s?s==='dark':matchMedia('(prefers-color-scheme: dark)').matches;" +
  "document.documentElement.dataset.theme=d?'dark':'light';})();";
