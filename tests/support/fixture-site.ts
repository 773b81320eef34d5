/**
 * Builds the minimal fixture site (tests/fixtures/minimal) into a temporary folder and
 * serves built sites from one origin, each under its own base path, like a static host
 * (GitHub Pages project sites `user.github.io/a/` and `/b/`). Files are re-read on every
 * request, so a new build shows at once.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { astroBuild } from './checkout-build.ts';

const root = path.resolve(import.meta.dirname, '../..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `sites` (base path → built folder) from one origin; anything else is a 404. */
export function serveSites(sites: Record<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const base = Object.keys(sites).find((b) => pathname.startsWith(b));
    if (!base) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no site here');
      return;
    }
    const dir = sites[base]!;
    let file = path.join(dir, pathname.slice(base.length));
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const found = existsSync(file) && statSync(file).isFile();
    const body = readFileSync(found ? file : path.join(dir, '404.html'));
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(found ? 200 : 404, { 'content-type': type, 'cache-control': 'no-cache' });
    response.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, origin: `http://127.0.0.1:${address.port}` });
    }),
  );
}

/** Builds the minimal fixture under `base` into a fresh temporary folder; returns its dist/ and the folder. */
export async function buildFixture(base: string): Promise<{ dist: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-fixture-'));
  const content = path.join(dir, 'content');
  cpSync(path.join(root, 'tests/fixtures/minimal'), content, { recursive: true });
  const dist = path.join(dir, 'dist');
  await astroBuild({
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    FORCE_COLOR: '0',
    BASE_PATH: base,
    STACK_ATLAS_CONTENT: content,
    STACK_ATLAS_OUT: dist,
    STACK_ATLAS_CACHE: path.join(dir, 'cache'),
  });
  return { dist, dir };
}
