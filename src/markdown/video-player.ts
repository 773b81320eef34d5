/**
 * The markup of a click-to-load video player: a button that names the video and a link
 * to the video's page on its host. Nothing in it loads anything from the host (no frame,
 * no thumbnail); `client/video-player.ts` puts the player frame in the button's place when
 * the reader presses it. Only spans, so it is valid wherever the author's <iframe> stood
 * (inside a paragraph too). Strings come in as arguments: this module has no dictionary.
 */
import type { Element } from 'hast';
import { h } from 'hastscript';
import type { VideoEmbed } from '../model/video-hosts.ts';

export interface PlayerLabels {
  /** Text of the button (the video's title, or a generic label naming the host). */
  play: string;
  /** Says that the host is contacted only after the press. */
  notice: string;
  /** Text of the link to the video's page on the host. */
  watch: string;
  /** Title of the frame once loaded (screen readers announce it). */
  frameTitle: string;
}

export function playerElement(embed: VideoEmbed, labels: PlayerLabels): Element {
  return h('span.video-embed', { dataVideoHost: embed.host }, [
    h('button.video-embed-play', { type: 'button', dataVideoSrc: embed.player, dataVideoTitle: labels.frameTitle }, [
      h('span.video-embed-icon', { ariaHidden: 'true' }),
      h('span.video-embed-title', labels.play),
      // site chrome, not the note's words: kept out of the search index
      h('span.video-embed-notice', { dataPagefindIgnore: '' }, labels.notice),
    ]),
    h('a.video-embed-link', { href: embed.page, rel: 'noopener', dataPagefindIgnore: '' }, labels.watch),
  ]);
}
