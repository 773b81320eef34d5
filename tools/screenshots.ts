/**
 * Takes screenshots of the built site (light and dark, phone and desktop) for
 * a human to look at: `node tools/screenshots.ts [path ...]` with `npm run preview` running.
 * Output: .cache/screenshots/<name>-<theme>-<width>.png. SELECTOR=css shoots only the
 * first matching element (e.g. SELECTOR='[data-diagram]').
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { findChromium } from '../tests/support/browser.ts';

const origin = process.env.PREVIEW_URL ?? 'http://127.0.0.1:4321';
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['/', '/notes/container-background/'];
const widths = (process.env.WIDTHS ?? '390,1280').split(',').map(Number);
const themes = (process.env.THEMES ?? 'light,dark').split(',');
mkdirSync('.cache/screenshots', { recursive: true });

const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
for (const path of pages) {
  for (const theme of themes) {
    for (const width of widths) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        colorScheme: theme as 'light' | 'dark',
      });
      const page = await context.newPage();
      await page.goto(origin + path, { waitUntil: 'networkidle' });
      const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
      const file = `.cache/screenshots/${name}-${theme}-${width}.png`;
      const selector = process.env.SELECTOR;
      if (selector) await page.locator(selector).first().screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: process.env.FULL !== '0' });
      console.log(file);
      await context.close();
    }
  }
}
await browser.close();
