/** Finds a Chromium to drive: Debian's, an explicit path, or Playwright's own download. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const candidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Path of a Chromium executable, or throws saying how to provide one. */
export function findChromium(): string {
  const explicit = process.env.STACK_ATLAS_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (explicit) {
    if (existsSync(explicit)) return explicit;
    throw new Error(`STACK_ATLAS_CHROMIUM points to ${explicit}, which does not exist`);
  }
  for (const path of candidates) if (existsSync(path)) return path;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright-core without a downloaded browser
  }
  throw new Error(
    'No Chromium found. Install one: `apt-get install chromium` (Debian/Ubuntu), or set STACK_ATLAS_CHROMIUM=/path/to/chrome, or run `npx playwright install chromium`.',
  );
}
