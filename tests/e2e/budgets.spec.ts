/**
 * Size budgets on the built site (sizes only, never timings), measured the way
 * `npm run bench` measures page weight (tools/bench/weight.ts): first load with an
 * empty cache and the service worker blocked, each response gzipped at level 9.
 *   - JS executed before interaction (scripts requested before `load` + inline scripts) ≤ 15 KB
 *   - CSS ≤ 30 KB
 * on note and card pages, and the note page's whole first load ≤ the benchmark's goal
 * (tools/bench/goals.ts, 25 KB). A failure names the page and the assets, largest first.
 */
import { test, expect } from '@playwright/test';
import { BUDGETS, checkBudgets, formatBytes, measurePage, type PageWeight } from '../../tools/bench/weight.ts';
import { GOALS } from '../../tools/bench/goals.ts';
import { pageTypes } from './fixtures.ts';

const pages = { note: pageTypes.note!, card: pageTypes.card! };

test.use({ serviceWorkers: 'block' });

for (const [name, path] of Object.entries(pages)) {
  test.describe(`${name} page size budgets`, () => {
    let weight: PageWeight;

    test.beforeEach(async ({ page, baseURL }) => {
      weight = await measurePage(page, new URL(path, baseURL).href);
      test.info().annotations.push({
        type: 'weight',
        description:
          `${name}: JS before interaction ${formatBytes(weight.jsBeforeInteraction.gzipBytes)}, ` +
          `CSS ${formatBytes(weight.totals.css.gzipBytes)}, total ${formatBytes(weight.totalGzipBytes)} (gzip)`,
      });
    });

    test(`JS before interaction ≤ ${formatBytes(BUDGETS.jsBeforeInteraction)} gzipped`, () => {
      const problems = checkBudgets(name, weight, { jsBeforeInteraction: BUDGETS.jsBeforeInteraction });
      expect(problems, problems.join('\n')).toEqual([]);
    });

    test(`CSS ≤ ${formatBytes(BUDGETS.css)} gzipped`, () => {
      const problems = checkBudgets(name, weight, { css: BUDGETS.css });
      expect(problems, problems.join('\n')).toEqual([]);
    });

    if (name === 'note') {
      const max = GOALS.notePageBytes.max;
      test(`everything of the first load ≤ ${formatBytes(max)} gzipped`, () => {
        const assets = [...weight.resources]
          .sort((a, b) => b.gzipBytes - a.gzipBytes)
          .map((r) => `${new URL(r.url).pathname} (${formatBytes(r.gzipBytes)})`);
        expect(
          weight.totalGzipBytes,
          `${formatBytes(weight.totalGzipBytes)}: ${assets.join(', ')}`,
        ).toBeLessThanOrEqual(max);
      });
    }
  });
}
