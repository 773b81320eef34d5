/** What Astro's loader logs when a Markdown file fails to render, read back as file, place and message. */
import { describe, expect, it } from 'vitest';
import { renderErrorOf } from '../../../src/data/strict-loader.ts';

describe('renderErrorOf', () => {
  it('takes the file, line, column and the plugin’s own words from the loader’s message', () => {
    const logged =
      'Error rendering runc.md: Failed to parse Markdown file "/x/content/cards/runc.md":\n' +
      '/x/content/cards/runc.md:12:9: unknown wiki link target "nope" in [[nope]]';
    expect(renderErrorOf(logged)).toEqual({
      file: '/x/content/cards/runc.md',
      line: 12,
      column: 9,
      message: 'unknown wiki link target "nope" in [[nope]]',
    });
  });

  it('keeps a message without a place whole, and ignores messages that name no Markdown file', () => {
    expect(renderErrorOf('Error rendering a.mdx: Could not parse expression in /x/notes/a.mdx')).toEqual({
      file: '/x/notes/a.mdx',
      message: 'Error rendering a.mdx: Could not parse expression in /x/notes/a.mdx',
    });
    expect(renderErrorOf('some other failure')).toBeUndefined();
  });
});
