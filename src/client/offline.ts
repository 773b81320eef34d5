/**
 * Registers the offline worker (sw.js, src/client/service-worker.ts) and tells the
 * page when a new deployment's worker has taken over this tab: the window gets a
 * `stack-atlas:updated` event (search listens to it to reload its index) and the
 * "有新版本" notice (UpdateNotice.astro) offers a reload.
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
