/**
 * Nothing moves while a page loads on a phone (Lighthouse's CLS): the scripts that run
 * after the first paint (the header's menu button, the table of contents) must not push
 * content around. Layout-shift entries are counted whatever their `hadRecentInput`.
 */
import { test, expect, layoutShifts, pageTypes, recordLayoutShifts } from './fixtures.ts';

// A phone, as Lighthouse's mobile run emulates one.
test.use({ viewport: { width: 412, height: 823 }, isMobile: true, serviceWorkers: 'block' });

// Pages with a table of contents or the stack sidebar (the two scripts that used to move things).
for (const name of ['note', 'guide', 'card'] as const) {
  test(`the ${name} page does not shift while it loads on a phone`, async ({ page }) => {
    await recordLayoutShifts(page);
    await page.goto(pageTypes[name]!, { waitUntil: 'networkidle' });
    expect(await layoutShifts(page)).toEqual([]);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a phone reader gets the article first: the table of contents is collapsed until tapped', async ({ page }) => {
    await page.goto(pageTypes.note!);
    const toc = page.locator('nav.toc');
    await expect(toc.getByRole('link').first()).toBeHidden();
    await toc.locator('summary').click();
    await expect(toc.getByRole('link').first()).toBeVisible();
  });
});
