/**
 * Click-to-load video players (markup from `src/markdown/video-embeds.ts`): until the reader
 * presses a video's button the page has fetched nothing from the video host; the press puts
 * the host's player frame in the button's place. Only a player URL on one of the known
 * player origins is ever loaded, with the fixed sandbox, permissions and referrer policy of
 * `model/video-hosts.ts` (the page's Content-Security-Policy names the same origins).
 * Loaded on the first press by `video-buttons.ts`: most notes have no video.
 */
import { isPlayerUrl, PLAYER_FRAME } from '../model/video-hosts.ts';

/** The frame for a player button, or undefined when its URL is not a known player. */
export function playerFrame(button: HTMLElement): HTMLIFrameElement | undefined {
  const src = button.dataset.videoSrc ?? '';
  if (!isPlayerUrl(src)) return undefined;
  const frame = document.createElement('iframe');
  // sandbox and permissions first: they apply when the frame starts loading
  frame.setAttribute('sandbox', PLAYER_FRAME.sandbox);
  frame.setAttribute('allow', PLAYER_FRAME.allow);
  frame.setAttribute('referrerpolicy', PLAYER_FRAME.referrerPolicy);
  frame.allowFullscreen = true;
  frame.className = 'video-embed-frame';
  frame.title = button.dataset.videoTitle ?? '';
  frame.src = src;
  return frame;
}

/** Puts the player frame in the button's place (nothing when its URL is not a known player). */
export function playVideo(button: HTMLElement): void {
  const frame = playerFrame(button);
  if (!frame) return;
  button.replaceWith(frame);
  frame.focus();
}
