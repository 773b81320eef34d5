/**
 * The web app manifest, from site.yaml: the installed site is called what the content
 * calls it, in its language. Relative URLs, so it works under any base path.
 */
import { siteLang, siteSettings } from '../config.ts';

export function GET() {
  const { name, tagline } = siteSettings;
  const manifest = {
    name: [name, tagline].filter(Boolean).join(' · '),
    short_name: name,
    description: siteSettings.description,
    lang: siteLang,
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0f766e',
    icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  };
  return new Response(JSON.stringify(manifest, null, 2), {
    headers: { 'Content-Type': 'application/manifest+json' },
  });
}
