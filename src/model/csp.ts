/**
 * Content-Security-Policy for the static site: inline <script> blocks are
 * allowed by hash (never 'unsafe-inline'), everything else only from the origin.
 */
import { createHash } from 'node:crypto';

/** sha256 source expression of an inline script or style, as CSP wants it. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** Contents of every inline (no src) <script> of an HTML document, except JSON data blocks. */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = match[1] ?? '';
    if (/\ssrc\s*=/.test(attrs) || /type\s*=\s*["']?application\/(ld\+)?json/i.test(attrs)) continue;
    if (match[2]!.length) scripts.push(match[2]!);
  }
  return scripts;
}

/** The policy string for a set of inline script hashes. */
export function buildPolicy(scriptHashes: Iterable<string>): string {
  const hashes = [...new Set(scriptHashes)].sort();
  return [
    "default-src 'self'",
    // Pagefind's search runs as WebAssembly.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    // Expressive Code and Mermaid output carry style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** A Netlify/Cloudflare-Pages style `_headers` file applying the policy to every path. */
export function headersFile(base: string, policy: string): string {
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
    '',
  ].join('\n');
}
