/**
 * The press of a click-to-load video button (markup from `src/markdown/video-embeds.ts`).
 * Only this listener is on every note page; the player code (`video-player.ts`, with the
 * list of player origins) loads on the first press, so notes without a video never fetch it.
 */
const PLAY_BUTTON = 'button.video-embed-play[data-video-src]';

/** One listener for the page: buttons in content added later work too. */
export function enhanceVideoPlayers(root: Document = document): void {
  root.addEventListener('click', (event) => {
    const target = event.target;
    const button = target instanceof Element ? target.closest<HTMLButtonElement>(PLAY_BUTTON) : null;
    if (!button) return;
    void import('./video-player.ts').then(({ playVideo }) => playVideo(button));
  });
}
