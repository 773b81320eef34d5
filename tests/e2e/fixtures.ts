/** Shared e2e helpers: one URL per page type, and a page that records problems. */
import { test as base, expect, type Page } from '@playwright/test';

/** One representative URL per page type (relative to baseURL). */
export const pageTypes: Record<string, string> = {
  home: './',
  note: 'notes/container-background/',
  guide: 'notes/authoring-guide/',
  card: 'cards/containerd/',
  cards: 'cards/',
  layers: 'layers/',
  compare: 'compare/docker-vs-podman/',
  archive: 'archive/',
  tag: 'tags/k8s/',
  category: 'categories/',
  examples: 'examples/',
  search: 'search/',
  notFound: 'this-page-does-not-exist/',
};

interface Recorder {
  consoleErrors: string[];
  offOrigin: string[];
}

/** A page fixture that records console errors and requests that leave the origin. */
export const test = base.extend<{ recorder: Recorder }>({
  recorder: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL!).origin;
    const recorder: Recorder = { consoleErrors: [], offOrigin: [] };
    page.on('console', (msg) => {
      if (msg.type() === 'error') recorder.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => recorder.consoleErrors.push(error.message));
    page.on('request', (request) => {
      const url = request.url();
      if (/^(data|blob|about):/.test(url)) return;
      if (new URL(url).origin !== origin) recorder.offOrigin.push(url);
    });
    await use(recorder);
  },
});

/** Sets the stored theme before any page script runs. */
export async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.addInitScript((t) => localStorage.setItem('theme', t), theme);
}

/**
 * Records every layout shift of the pages `page` opens from now on (Lighthouse's CLS entries,
 * whatever their `hadRecentInput`), each as `value: the moved elements`.
 */
export async function recordLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const shifts: string[] = [];
    (window as unknown as { __shifts: string[] }).__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<
        PerformanceEntry & { value: number; sources?: Array<{ node?: Node }> }
      >)
        shifts.push(
          `${entry.value.toFixed(4)}: ${(entry.sources ?? []).map((s) => (s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${s.node.className}` : '?')).join(', ')}`,
        );
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The shifts recorded so far, two frames after now (so that any shift just caused is reported). */
export async function layoutShifts(page: Page): Promise<string[]> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts);
}

export { expect };
