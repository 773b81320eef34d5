/** Every bad-input fixture is refused at its stage with the exact message an author needs. */
import { afterAll, describe, expect, it } from 'vitest';
import { tryFindChromium } from '../../src/diagrams/render/browser.ts';
import { DiagramRenderer } from '../../src/diagrams/render/renderer.ts';
import { contentFor, listCases, root, runStage } from '../support/bad-input.ts';

const cases = listCases();
const browser = await tryFindChromium();
const renderer = new DiagramRenderer({ root, cacheDir: false, log: () => undefined });
afterAll(() => renderer.close(true));

describe('bad input', () => {
  it('has a case for every fixture folder, and at least 45 of them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    for (const c of cases) expect(c.message ?? c.warning, c.name).toBeTruthy();
  });

  for (const c of cases) {
    const expected = (c.message ?? c.warning)!;
    const needsBrowser = c.stage === 'markdown' && /mermaid/.test(c.name);
    it.skipIf(needsBrowser && !browser)(`${c.name}: ${expected}`, async () => {
      const { content, cleanup } = contentFor(c.name);
      try {
        const message = await runStage(c, content, renderer);
        expect(message, 'the input was accepted').toBeDefined();
        expect(message).toContain(expected);
      } finally {
        cleanup();
      }
    });
  }
});
