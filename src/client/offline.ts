/**
 * Registers the offline worker (sw.js, src/client/service-worker.ts) and tells the
 * page when a new deployment's worker has taken over this tab: the window gets a
 * `stack-atlas:updated` event (search listens to it to reload its index) and the
 * "有新版本" notice (UpdateNotice.astro) offers a reload. It also asks the worker to
 * keep this page (the first one loads before the worker exists) and shows the
 * footer's 「保存整站以离线阅读」 control, whose code (offline-save.ts) loads on a press.
 */

/** Dispatched on `window` when a new version of the site now serves this tab. */
export const UPDATED_EVENT = 'stack-atlas:updated';

/** How often an open tab asks whether a new version was deployed. */
const CHECK_EVERY_MS = 30 * 60 * 1000;

function showUpdateNotice(): void {
  const notice = document.querySelector<HTMLElement>('[data-update-notice]');
  if (!notice) return;
  notice.hidden = false;
  notice.querySelector('[data-update-reload]')?.addEventListener('click', () => location.reload(), { once: true });
  notice.querySelector('[data-update-dismiss]')?.addEventListener('click', () => (notice.hidden = true), {
    once: true,
  });
}

/** This page and the fonts and images it loaded: what the worker keeps of a page read. */
function pageFiles(): string[] {
  const files = performance
    .getEntriesByType('resource')
    .filter((entry) => /\.(?:woff2?|svg|png|webp|avif|jpe?g|gif)(?:\?|$)/.test(entry.name))
    .map((entry) => entry.name);
  return [location.href.split('#')[0]!, ...files];
}

/** `9.0 MB`, `340 KB`: sizes as a reader reads them. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function showSaveControl(worker: ServiceWorker | null): void {
  const root = document.querySelector<HTMLElement>('[data-offline-save]');
  if (!root) return;
  root.hidden = false;
  // The size before a press (the worker knows the save list's total); the press says what is still missing.
  const hint = root.querySelector<HTMLElement>('[data-offline-hint]');
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<{ bytes?: number }>) => {
    if (hint && typeof event.data.bytes === 'number' && !root.hasAttribute('data-saved'))
      hint.textContent = (hint.dataset.template ?? '').replace('{size}', formatSize(event.data.bytes));
  };
  worker?.postMessage({ type: 'save-size' }, [channel.port2]);
  root.querySelector('button')?.addEventListener('click', () => {
    void import('./offline-save.ts').then((module) => module.saveSite(root));
  });
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const container = navigator.serviceWorker;
  // The first worker taking control is no update: only a change of controller is.
  let controlled = Boolean(container.controller);
  container.addEventListener('controllerchange', () => {
    if (controlled) {
      window.dispatchEvent(new CustomEvent(UPDATED_EVENT));
      showUpdateNotice();
    }
    controlled = true;
  });
  const url = `${import.meta.env.BASE_URL}sw.js`;
  window.addEventListener('load', () => {
    container
      .register(url, { scope: import.meta.env.BASE_URL })
      .then((registration) => {
        void container.ready.then((ready) => {
          showSaveControl(ready.active);
          ready.active?.postMessage({ type: 'keep', urls: pageFiles() });
        });
        // Browsers look for a new sw.js on navigations; a tab left open asks now and then too.
        const check = () => void registration.update().catch(() => undefined);
        setInterval(check, CHECK_EVERY_MS);
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'visible') check();
        });
      })
      .catch(() => {
        // Offline support is an enhancement; the site works without it.
      });
  });
}
