/**
 * Click-to-load videos on the built site: a note page with a YouTube and a Bilibili embed
 * fetches nothing from either host until the reader presses a video's button; the press
 * loads exactly that player, which the page's Content-Security-Policy lets through.
 *
 * The default content has no video (none belongs there), so the note body here is a small
 * note rendered by the site's own Markdown plugins (content check, then the video transform)
 * and put into a built note page: the page's own script bundle, styles and CSP meta tag do
 * the rest. The video hosts are answered by a stub: the test never leaves the machine.
 */
import { rehypeContentSecurity } from '../../src/markdown/content-security.ts';
import { rehypeVideoEmbeds } from '../../src/markdown/video-embeds.ts';
import { PLAYER_FRAME, VIDEO_FRAME_ORIGINS } from '../../src/model/video-hosts.ts';
import { render } from '../unit/markdown/render.ts';
import { test, expect } from './fixtures.ts';

const note = [
  '## 演示视频',
  '',
  '<iframe width="100%" height="468" src="https://www.youtube.com/embed/aBcDeFgHiJ0?si=share1" title="YouTube video player" frameborder="0" allowfullscreen></iframe>',
  '',
  '## 另一个站点',
  '',
  '<iframe src="//player.bilibili.com/player.html?bvid=BV1ab4y1c7De&p=1" scrolling="no" border="0" frameborder="no" allowfullscreen="true"> </iframe>',
  '',
].join('\n');

const notePage = 'notes/container-background/';

test.beforeEach(async ({ page }) => {
  const body = await render(note, { rehype: [rehypeContentSecurity, rehypeVideoEmbeds] });
  await page.route(`**/${notePage}`, async (route) => {
    const response = await route.fetch();
    expect(response.status()).toBe(200);
    const html = (await response.text()).replace(/<div class="prose"[^>]*>/, (open) => `${open}${body}`);
    // no CSP header: the page's own meta tag is the policy, as on GitHub Pages
    await route.fulfill({ response, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  // every player origin answers with a stub page, so a blocked or wrong frame is visible
  for (const origin of VIDEO_FRAME_ORIGINS) {
    await page.route(`${origin}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>stub</title><p>player ${origin}</p>` }),
    );
  }
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const w = window as unknown as { __violations?: string[] };
      (w.__violations ??= []).push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
});

test('no request leaves the site before a video is pressed; the press loads exactly its player', async ({
  page,
  recorder,
}) => {
  await page.goto(notePage, { waitUntil: 'networkidle' });
  const buttons = page.getByRole('button', { name: /播放 (YouTube|Bilibili) 视频/ });
  await expect(buttons).toHaveCount(2);
  await expect(page.locator('iframe')).toHaveCount(0);
  expect(recorder.offOrigin).toEqual([]);

  await page.getByRole('button', { name: '播放 YouTube 视频' }).click();
  const frame = page.locator('.video-embed iframe');
  await expect(frame).toHaveCount(1);
  await expect(frame).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?autoplay=1');
  await expect(frame).toHaveAttribute('sandbox', PLAYER_FRAME.sandbox);
  await expect(frame).toHaveAttribute('allow', PLAYER_FRAME.allow);
  await expect(frame).toHaveAttribute('referrerpolicy', PLAYER_FRAME.referrerPolicy);
  await expect(frame).toHaveAttribute('title', 'YouTube 视频播放器');
  // the frame's document is the stub: the CSP let the player origin through
  await expect(page.frameLocator('.video-embed iframe').locator('p')).toHaveText(
    'player https://www.youtube-nocookie.com',
  );
  // only the pressed video's player was fetched; the other video stays a button
  expect(recorder.offOrigin).toEqual(['https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?autoplay=1']);
  await expect(page.getByRole('button', { name: '播放 Bilibili 视频' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])).toEqual([]);
});

test('a player button pointing anywhere else loads nothing, and the policy would block such a frame', async ({
  page,
  recorder,
}) => {
  await page.goto(notePage, { waitUntil: 'networkidle' });
  // markup that slipped into a page with a foreign URL: the click handler refuses it
  await page.evaluate(() => {
    document
      .querySelector<HTMLElement>('.video-embed-play')!
      .setAttribute('data-video-src', 'https://www.youtube.com.evil.example/embed/x');
  });
  await page.locator('.video-embed-play').first().click();
  await expect(page.locator('iframe')).toHaveCount(0);
  // and a frame built by hand for another origin is stopped by the CSP
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.src = 'https://example.com/';
    document.body.append(frame);
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []))
    .toEqual([expect.stringMatching(/^frame-src https:\/\/example\.com/)]);
  expect(recorder.offOrigin.filter((url) => !url.startsWith('https://example.com/'))).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('each video is a link to its page on the host, and no button that would do nothing', async ({
    page,
    recorder,
  }) => {
    await page.goto(notePage, { waitUntil: 'networkidle' });
    await expect(page.getByRole('button', { name: /播放/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: '在 YouTube 上观看' })).toHaveAttribute(
      'href',
      'https://www.youtube.com/watch?v=aBcDeFgHiJ0',
    );
    await expect(page.getByRole('link', { name: '在 Bilibili 上观看' })).toHaveAttribute(
      'href',
      'https://www.bilibili.com/video/BV1ab4y1c7De/',
    );
    expect(recorder.offOrigin).toEqual([]);
  });
});
