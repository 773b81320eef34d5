/**
 * Video embeds pasted into notes (the embed code YouTube, Bilibili and Vimeo hand out) become
 * click-to-load players: nothing in the page loads from the host until the reader presses the
 * button; any other frame is refused with the note's file and line.
 */
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.ts';
import { rehypeContentSecurity } from '../../../src/markdown/content-security.ts';
import { rehypeVideoEmbeds } from '../../../src/markdown/video-embeds.ts';
import { isPlayerUrl, PLAYER_FRAME, VIDEO_FRAME_ORIGINS, videoEmbed } from '../../../src/model/video-hosts.ts';
import { render } from './render.ts';

const md = (markdown: string, path?: string) =>
  render(markdown, { rehype: [rehypeContentSecurity, rehypeVideoEmbeds], path });

/** Every URL the page would load by itself (frames, images, scripts, media, styles). */
function fetchedUrls(html: string): string[] {
  const tree = fromHtml(html, { fragment: true });
  return selectAll('iframe, frame, img, script, video, audio, source, embed, object, link', tree).map((el) =>
    String(el.properties.src ?? el.properties.href ?? el.properties.data ?? ''),
  );
}

const youtube =
  '<iframe width="100%" height="468" src="https://www.youtube.com/embed/aBcDeFgHiJ0?si=tracking123" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" allowfullscreen></iframe>';
const bilibili =
  '<iframe width="100%" height="468" src="//player.bilibili.com/player.html?bvid=BV1ab4y1c7De&p=1" scrolling="no" border="0" frameborder="no" framespacing="0" allowfullscreen="true"> </iframe>';

describe('video embeds', () => {
  it('turn YouTube and Bilibili embed code into players that load nothing before the press', async () => {
    const html = await md(`## 视频\n\n${youtube}\n\n## 另一个\n\n${bilibili}\n`);
    expect(fetchedUrls(html)).toEqual([]);
    const tree = fromHtml(html, { fragment: true });
    const buttons = selectAll('button.video-embed-play', tree);
    expect(buttons.map((b) => b.properties.dataVideoSrc)).toEqual([
      'https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?autoplay=1',
      'https://player.bilibili.com/player.html?bvid=BV1ab4y1c7De&p=1&autoplay=1',
    ]);
    // the generic "YouTube video player" title names the player, not the video: the label names the host
    expect(buttons.map((b) => selectAll('.video-embed-title', b)[0]?.children[0])).toMatchObject([
      { value: t('video.playUntitled', { host: 'YouTube' }) },
      { value: t('video.playUntitled', { host: 'Bilibili' }) },
    ]);
    expect(buttons.every((b) => b.properties.type === 'button')).toBe(true);
    // the link that works without JavaScript: the video's page, without the share tracker
    expect(selectAll('a.video-embed-link', tree).map((a) => a.properties.href)).toEqual([
      'https://www.youtube.com/watch?v=aBcDeFgHiJ0',
      'https://www.bilibili.com/video/BV1ab4y1c7De/',
    ]);
    expect(html).not.toContain('tracking123');
  });

  it('name the video when the embed code gives its title (Vimeo does)', async () => {
    const html = await md(
      '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" title="容器的一生" allow="autoplay; fullscreen"></iframe>\n',
    );
    const tree = fromHtml(html, { fragment: true });
    const [button] = selectAll('button.video-embed-play', tree);
    expect(button?.properties.dataVideoSrc).toBe(
      'https://player.vimeo.com/video/76979871?h=8272103f6e&autoplay=1&dnt=1',
    );
    expect(button?.properties.dataVideoTitle).toBe(t('video.frameTitle', { host: 'Vimeo', title: '容器的一生' }));
    expect(html).toContain(t('video.play', { title: '容器的一生' }));
    expect(selectAll('a.video-embed-link', tree)[0]?.properties.href).toBe('https://vimeo.com/76979871/8272103f6e');
  });

  it('keep the markup around the frame and work inside a paragraph', async () => {
    const html = await md(
      `<div class="wrap">\n<p>看这个：</p>\n${youtube}\n</div>\n\n文字中的 <iframe src="https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?start=90"></iframe> 视频。\n`,
    );
    const tree = fromHtml(html, { fragment: true });
    expect(selectAll('div.wrap > p', tree)).toHaveLength(1);
    expect(selectAll('div.wrap > .video-embed', tree)).toHaveLength(1);
    expect(selectAll('p > .video-embed button', tree)[0]?.properties.dataVideoSrc).toBe(
      'https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?autoplay=1&start=90',
    );
    expect(fetchedUrls(html)).toEqual([]);
    expect(html).toContain('</span> 视频。</p>');
  });

  it('refuse a frame from any other host, naming the file and line', async () => {
    await expect(
      md('# 标题\n\n正文\n\n<iframe src="https://example.com/widget"></iframe>\n', 'content/notes/clip.md'),
    ).rejects.toThrow(
      'content/notes/clip.md:5:1: <iframe src="https://example.com/widget"> would stay empty: the site\'s Content-Security-Policy only embeds the site\'s own pages and videos from YouTube, Bilibili, Vimeo',
    );
    // a look-alike host is another host
    await expect(
      md('<iframe src="https://www.youtube.com.example.net/embed/aBcDeFgHiJ0"></iframe>\n', 'content/notes/clip.md'),
    ).rejects.toThrow('content/notes/clip.md:1:1: <iframe src="https://www.youtube.com.example.net/embed/');
  });

  it('refuse a URL on a video host that is not a video, and handlers on a video frame', async () => {
    await expect(
      md('文字\n\n<iframe src="https://www.youtube.com/feed/trending"></iframe>\n', 'content/notes/clip.md'),
    ).rejects.toThrow(
      'content/notes/clip.md:3:1: <iframe src="https://www.youtube.com/feed/trending">: not a YouTube video embed the site can play (expected https://www.youtube.com/embed/<11-character video id>)',
    );
    await expect(
      md('<iframe src="https://player.vimeo.com/video/1" onload="steal()"></iframe>\n', 'content/notes/clip.md'),
    ).rejects.toThrow('content/notes/clip.md:1:1: event handler attribute onload="…" on <iframe>');
    await expect(
      md('<iframe src="https://player.vimeo.com/video/1" srcdoc="<b>x</b>"></iframe>\n', 'content/notes/clip.md'),
    ).rejects.toThrow('content/notes/clip.md:1:1: <iframe srcdoc>');
  });
});

describe('video hosts', () => {
  it('read embed URLs of each host, protocol-relative and http too', () => {
    expect(videoEmbed('http://youtube.com/embed/aBcDeFgHiJ0')).toMatchObject({ embed: { host: 'youtube' } });
    expect(videoEmbed('//player.bilibili.com/player.html?aid=170001&page=2')).toMatchObject({
      embed: { host: 'bilibili', page: 'https://www.bilibili.com/video/av170001/?p=2' },
    });
    expect(videoEmbed('https://example.com/embed/aBcDeFgHiJ0')).toBeUndefined();
    expect(videoEmbed('/local/page.html')).toBeUndefined();
    expect(videoEmbed('https://www.youtube.com/embed/short')).toHaveProperty('problem');
    expect(videoEmbed('https://player.bilibili.com/player.html?bvid=BV1%22onload')).toHaveProperty('problem');
  });

  it('load players only from the exact player origins, over https', () => {
    expect(VIDEO_FRAME_ORIGINS).toEqual([
      'https://www.youtube-nocookie.com',
      'https://player.bilibili.com',
      'https://player.vimeo.com',
    ]);
    expect(isPlayerUrl('https://player.vimeo.com/video/1?autoplay=1')).toBe(true);
    for (const url of [
      'http://player.vimeo.com/video/1',
      'https://evil.example/?https://player.vimeo.com/',
      'https://player.vimeo.com.evil.example/video/1',
      'https://user@player.vimeo.com/video/1',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isPlayerUrl(url), url).toBe(false);
    }
  });

  it('give frames no way to navigate the page, submit forms or use devices', () => {
    const sandbox = PLAYER_FRAME.sandbox.split(' ');
    expect(sandbox).toContain('allow-scripts');
    expect(sandbox.filter((flag) => /top-navigation|forms|modals|downloads/.test(flag))).toEqual([]);
    expect(PLAYER_FRAME.allow).not.toMatch(/camera|microphone|geolocation|clipboard|usb|payment/);
    expect(PLAYER_FRAME.referrerPolicy).toBe('strict-origin-when-cross-origin');
  });
});
