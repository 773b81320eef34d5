import { describe, expect, it } from 'vitest';
import { releaseBrowser } from '../../../src/integrations/browser-release.ts';

describe('releaseBrowser', () => {
  it('draws the generated diagrams first, then closes the browser so that it can launch again', async () => {
    const events: string[] = [];
    const renderer = {
      close: async (final?: boolean) => {
        events.push(`close final=${String(final)}`);
      },
    };
    await releaseBrowser(async () => {
      await Promise.resolve();
      events.push('diagrams drawn');
    }, renderer);
    expect(events).toEqual(['diagrams drawn', 'close final=false']);
  });

  it('stops the build with the diagram error', async () => {
    await expect(
      releaseBrowser(() => Promise.reject(new Error('diagrams: stack could not be drawn')), undefined),
    ).rejects.toThrow('diagrams: stack could not be drawn');
  });
});
