/**
 * Video players the site can show: a fixed list of well-known hosts (YouTube, Bilibili,
 * Vimeo), what an embed URL from each looks like, the player URL loaded after the
 * reader's click, the video's own page (the link that works without JavaScript) and the
 * attributes every player frame gets. Pure, browser-safe: the Markdown transform, the
 * Content-Security-Policy and the click handler in the browser all read this one list.
 */

export type VideoHostId = 'youtube' | 'bilibili' | 'vimeo';

interface VideoHost {
  id: VideoHostId;
  /** The host's name as readers know it. */
  name: string;
  /** The one origin player frames are loaded from (listed in the CSP's frame-src). */
  frameOrigin: string;
  /** Host names embed code from this host is written with. */
  embedHosts: readonly string[];
  /** What an embed URL from the host looks like, for the error message. */
  expected: string;
}

export const VIDEO_HOSTS: readonly VideoHost[] = [
  {
    id: 'youtube',
    name: 'YouTube',
    // The privacy-enhanced player: no cookies until the reader plays the video.
    frameOrigin: 'https://www.youtube-nocookie.com',
    embedHosts: ['www.youtube.com', 'youtube.com', 'm.youtube.com', 'www.youtube-nocookie.com', 'youtube-nocookie.com'],
    expected: 'https://www.youtube.com/embed/<11-character video id>',
  },
  {
    id: 'bilibili',
    name: 'Bilibili',
    frameOrigin: 'https://player.bilibili.com',
    embedHosts: ['player.bilibili.com'],
    expected: 'https://player.bilibili.com/player.html?bvid=<BV id> (or aid=<number>)',
  },
  {
    id: 'vimeo',
    name: 'Vimeo',
    frameOrigin: 'https://player.vimeo.com',
    embedHosts: ['player.vimeo.com'],
    expected: 'https://player.vimeo.com/video/<number>',
  },
];

/** The origins of the player frames, for the CSP's frame-src. */
export const VIDEO_FRAME_ORIGINS: readonly string[] = VIDEO_HOSTS.map((host) => host.frameOrigin);

/**
 * Attributes of every player frame. The frame always holds the host's own origin (the
 * browser builds it only for a URL on one of VIDEO_FRAME_ORIGINS), so `allow-same-origin`
 * keeps the player's own storage and cookies there and gives it nothing of this site:
 * the well-known risk of that flag with `allow-scripts` is a frame of the embedding
 * site's own origin removing its sandbox. Left out: top navigation (the player cannot
 * take the reader's page away), forms, modals, downloads.
 */
export const PLAYER_FRAME = {
  sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox',
  // Playback, DRM-protected streams, the player's fullscreen and picture-in-picture buttons; nothing else.
  allow: 'autoplay; encrypted-media; fullscreen; picture-in-picture',
  // YouTube refuses to play for a frame without a Referer (error 153); only the origin is sent.
  referrerPolicy: 'strict-origin-when-cross-origin',
} as const;

/** A recognised video embed. */
export interface VideoEmbed {
  host: VideoHostId;
  /** The host's name, for labels. */
  hostName: string;
  /** Player URL, loaded only when the reader asks for it. */
  player: string;
  /** The video's page on the host. */
  page: string;
}

export type VideoEmbedResult = { embed: VideoEmbed } | { problem: string };

const digits = /^[0-9]{1,12}$/;

function youtube(url: URL): VideoEmbed | undefined {
  const [, kind, id, extra] = url.pathname.split('/');
  if (kind !== 'embed' || !id || extra || !/^[A-Za-z0-9_-]{11}$/.test(id)) return undefined;
  const start = url.searchParams.get('start');
  const list = url.searchParams.get('list');
  const player = new URL(`https://www.youtube-nocookie.com/embed/${id}`);
  const page = new URL('https://www.youtube.com/watch');
  page.searchParams.set('v', id);
  player.searchParams.set('autoplay', '1');
  if (start && digits.test(start)) {
    player.searchParams.set('start', start);
    page.searchParams.set('t', `${start}s`);
  }
  if (list && /^[A-Za-z0-9_-]{2,64}$/.test(list)) {
    player.searchParams.set('list', list);
    page.searchParams.set('list', list);
  }
  return { host: 'youtube', hostName: 'YouTube', player: player.href, page: page.href };
}

function bilibili(url: URL): VideoEmbed | undefined {
  if (url.pathname !== '/player.html') return undefined;
  const bvid = url.searchParams.get('bvid') ?? '';
  const aid = url.searchParams.get('aid') ?? '';
  const validBvid = /^BV[0-9A-Za-z]{10}$/.test(bvid);
  if (!validBvid && !digits.test(aid)) return undefined;
  const player = new URL('https://player.bilibili.com/player.html');
  if (validBvid) player.searchParams.set('bvid', bvid);
  else player.searchParams.set('aid', aid);
  for (const key of ['cid', 'p', 'page', 't']) {
    const value = url.searchParams.get(key);
    if (value && digits.test(value)) player.searchParams.set(key, value);
  }
  player.searchParams.set('autoplay', '1');
  const part = url.searchParams.get('p') ?? url.searchParams.get('page');
  const page = new URL(`https://www.bilibili.com/video/${validBvid ? bvid : `av${aid}`}/`);
  if (part && digits.test(part) && part !== '1') page.searchParams.set('p', part);
  return { host: 'bilibili', hostName: 'Bilibili', player: player.href, page: page.href };
}

function vimeo(url: URL): VideoEmbed | undefined {
  const [, kind, id, extra] = url.pathname.split('/');
  if (kind !== 'video' || !id || extra || !digits.test(id)) return undefined;
  const hash = url.searchParams.get('h');
  const validHash = hash && /^[0-9a-f]{6,20}$/.test(hash) ? hash : undefined;
  const player = new URL(`https://player.vimeo.com/video/${id}`);
  if (validHash) player.searchParams.set('h', validHash);
  player.searchParams.set('autoplay', '1');
  // Vimeo's "do not track": no session data about the reader.
  player.searchParams.set('dnt', '1');
  const page = `https://vimeo.com/${id}${validHash ? `/${validHash}` : ''}`;
  return { host: 'vimeo', hostName: 'Vimeo', player: player.href, page };
}

const PARSERS: Record<VideoHostId, (url: URL) => VideoEmbed | undefined> = { youtube, bilibili, vimeo };

/**
 * What an iframe `src` written in a note is: a video from a known host (`embed`), a URL on a
 * known video host that is not a video embed (`problem`), or undefined (not a video host at all).
 * Protocol-relative URLs (`//player.bilibili.com/…`, as Bilibili's embed code has them) and
 * `http:` are read as https.
 */
export function videoEmbed(src: string): VideoEmbedResult | undefined {
  let url: URL;
  try {
    // the base only serves protocol-relative URLs; a relative path stays on it and is no video
    url = new URL(src.trim(), 'https://relative.invalid/');
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = VIDEO_HOSTS.find((h) => h.embedHosts.includes(url.hostname));
  if (!host) return undefined;
  if (url.username || url.password || url.port) {
    return { problem: `a ${host.name} embed URL with a user name or port is not a video player the site knows` };
  }
  const embed = PARSERS[host.id](url);
  return embed
    ? { embed }
    : { problem: `not a ${host.name} video embed the site can play (expected ${host.expected})` };
}

/** True for a player URL the site itself would build: https, on one of the player origins. */
export function isPlayerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && VIDEO_FRAME_ORIGINS.includes(url.origin);
  } catch {
    return false;
  }
}
