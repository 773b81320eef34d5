/**
 * The Content-Security-Policy of the static site, computed from the site's own
 * scripts, never from the output: the only inline script allowed is the known
 * list below (by hash); every other script must be a same-origin file (Astro's
 * bundles, Pagefind). So a <script> that reaches a page any other way (a note, a
 * diagram cache entry) is blocked by the browser, and inline event handlers are
 * blocked outright. The policy ships twice: in `_headers` for hosts that read it
 * and as a <meta http-equiv> in every page for hosts that don't (GitHub Pages).
 */
import { createHash } from 'node:crypto';
import { themeInitScript } from '../client/theme-init.ts';
import { VIDEO_FRAME_ORIGINS } from './video-hosts.ts';

/** Every inline script the site itself prints (components with `is:inline`). */
export const SITE_INLINE_SCRIPTS: readonly string[] = [themeInitScript];

/** sha256 source expression of an inline script or style, as CSP wants it. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** The policy string for a set of inline script hashes. Only directives a <meta> policy honours. */
export function buildPolicy(scriptHashes: Iterable<string>, options: { machine?: boolean } = {}): string {
  const hashes = [...new Set(scriptHashes)].sort();
  return [
    "default-src 'self'",
    // Pagefind's search runs as WebAssembly.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    // onclick="…" and friends never run, whatever else the policy allows.
    "script-src-attr 'none'",
    // Expressive Code and Mermaid output carry style attributes.
    "style-src 'self' 'unsafe-inline'",
    // Note covers and images may be http(s) URLs (Fuwari notes often use them); images cannot run code.
    "img-src 'self' data: https:",
    "font-src 'self'",
    // Frames: the site's own pages and the players of the known video hosts (model/video-hosts.ts),
    // which a reader loads by pressing a video's button. Listed on every page, whether or not the
    // site has a video: the list is fixed in code (content can name no other frame: the build
    // refuses it), so a site with videos and one without differ by three exact origins; one
    // policy for every page keeps `_headers` one rule (hosts that read it set it per path, and a
    // per-page list would have to be derived from the output) and keeps `astro dev` right the
    // moment a note gains a video. No scheme or wildcard: never `https:`, never `*.youtube.com`.
    `frame-src 'self' ${VIDEO_FRAME_ORIGINS.join(' ')}`,
    "connect-src 'self'",
    // The live machine (v86) paces its CPU loop with a tiny worker it makes from a blob: URL;
    // only the pages that run the machine allow that.
    options.machine ? "worker-src 'self' blob:" : "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The site's policy: its own inline scripts by hash, nothing else inline. */
export const sitePolicy: string = buildPolicy(SITE_INLINE_SCRIPTS.map(cspHash));

/** The policy of the pages that run the live machine: the site's, plus blob: workers. */
export const machinePolicy: string = buildPolicy(SITE_INLINE_SCRIPTS.map(cspHash), { machine: true });

/** The policy a page must carry. */
export function policyFor(page: { machine: boolean }): string {
  return page.machine ? machinePolicy : sitePolicy;
}

/**
 * A Netlify/Cloudflare-Pages style `_headers` file applying the policy to every path;
 * the machine pages (site paths relative to the base) first drop it (`! header`) and
 * carry the machine policy instead, because two policies would both be enforced.
 */
export function headersFile(
  base: string,
  policy: string,
  machine: { pages: readonly string[]; policy: string } = { pages: [], policy: machinePolicy },
): string {
  const machinePages = machine.pages.flatMap((page) => [
    `${base}${page}`,
    '  ! Content-Security-Policy',
    `  Content-Security-Policy: ${machine.policy}`,
  ]);
  return [
    `${base}*`,
    `  Content-Security-Policy: ${policy}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=()',
    `${base}_astro/*`,
    '  Cache-Control: public, max-age=31536000, immutable',
    `${base}sw.js`,
    '  Cache-Control: no-cache',
    // A machine's folder is named by its content key: its files never change.
    `${base}vm/*`,
    '  Cache-Control: public, max-age=31536000, immutable',
    ...machinePages,
    '',
  ].join('\n');
}
