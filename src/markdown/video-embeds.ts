/**
 * rehype plugin: a video embed pasted into a note (`<iframe src="https://www.youtube.com/embed/…">`,
 * Bilibili's and Vimeo's embed code) becomes a click-to-load player (`video-player.ts`), so a
 * page fetches nothing from the video host until the reader asks for the video. Runs after
 * `content-security.ts`, which has already refused every other frame, and any frame carrying
 * handlers or `srcdoc`, with its line; what reaches this plugin is a recognised video.
 *
 * Raw HTML is still unparsed here (`raw` nodes): each chunk is parsed on its own, and the
 * chunk is split around the frame (the parser gives its offsets), so the rest of the author's
 * markup reaches Astro's final parse unchanged.
 */
import type { Element, ElementContent, Properties, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { t } from '../i18n/index.ts';
import { videoEmbed, type VideoEmbed } from '../model/video-hosts.ts';
import { playerElement, type PlayerLabels } from './video-player.ts';

/** Titles embed code comes with that name the player, not the video. */
const GENERIC_TITLES = new Set(['youtube video player', 'vimeo video player', 'bilibili video player', 'video player']);

/** The video a frame element shows, if it is one the site plays. */
function frameVideo(element: Element): VideoEmbed | undefined {
  if (element.tagName !== 'iframe' || typeof element.properties.src !== 'string') return undefined;
  const result = videoEmbed(element.properties.src);
  return result && 'embed' in result ? result.embed : undefined;
}

/** Button, notice and link texts for a video with the frame's `title` attribute (if it names the video). */
export function playerLabels(embed: VideoEmbed, properties: Properties): PlayerLabels {
  const written = typeof properties.title === 'string' ? properties.title.trim().replace(/\s+/g, ' ') : '';
  const title = written && !GENERIC_TITLES.has(written.toLowerCase()) ? written : undefined;
  const host = embed.hostName;
  return {
    play: title ? t('video.play', { title }) : t('video.playUntitled', { host }),
    notice: t('video.notice', { host }),
    watch: t('video.watchOn', { host }),
    frameTitle: title ? t('video.frameTitle', { host, title }) : t('video.frameTitleUntitled', { host }),
  };
}

function player(element: Element, embed: VideoEmbed): Element {
  const made = playerElement(embed, playerLabels(embed, element.properties));
  if (element.position) made.position = element.position;
  return made;
}

/** The frames of one raw HTML chunk as [start, end) offsets in it, with their video. */
function framesIn(html: string): { start: number; end: number; element: Element; embed: VideoEmbed }[] {
  const found: { start: number; end: number; element: Element; embed: VideoEmbed }[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (element) => {
    const embed = frameVideo(element);
    const start = element.position?.start.offset;
    if (!embed || start === undefined) return;
    // a start tag whose </iframe> is in a later chunk (a frame inside a paragraph) runs to the
    // chunk's end; the lone end tag left behind is dropped by the HTML parser
    const endOffset = element.position?.end.offset;
    const end = endOffset !== undefined && endOffset > start ? endOffset : html.length;
    found.push({ start, end, element, embed });
    return SKIP;
  });
  return found;
}

/** A raw chunk with its frames replaced by players: raw text around player elements. */
function splitRaw(html: string, position: RootContent['position']): RootContent[] | undefined {
  const frames = framesIn(html);
  if (!frames.length) return undefined;
  const parts: RootContent[] = [];
  let at = 0;
  for (const frame of frames) {
    if (frame.start > at) parts.push({ type: 'raw', value: html.slice(at, frame.start) });
    const made = player(frame.element, frame.embed);
    // the player's place in the note's file, for messages of later checks
    if (position) made.position = position;
    parts.push(made);
    at = frame.end;
  }
  if (at < html.length) parts.push({ type: 'raw', value: html.slice(at) });
  return parts;
}

export const rehypeVideoEmbeds: Plugin<[], Root> = function () {
  return (tree) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === 'element') {
        const embed = frameVideo(node);
        if (!embed) return;
        parent.children[index] = player(node, embed);
        return SKIP;
      }
      if (node.type !== 'raw') return;
      const parts = splitRaw(node.value, node.position);
      if (!parts) return;
      parent.children.splice(index, 1, ...(parts as ElementContent[]));
      return index + parts.length;
    });
  };
};
