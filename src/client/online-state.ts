/**
 * A small 「离线」 badge in the header while the browser reports no network
 * (navigator.onLine false), kept current by the online/offline events. Pages already
 * visited still open from the offline worker; the badge says why a link may not.
 */
export function showOnlineState(): void {
  const badge = document.querySelector<HTMLElement>('[data-offline-state]');
  if (!badge) return;
  const update = () => {
    badge.hidden = navigator.onLine;
    document.documentElement.toggleAttribute('data-offline', !navigator.onLine);
  };
  addEventListener('online', update);
  addEventListener('offline', update);
  update();
}
