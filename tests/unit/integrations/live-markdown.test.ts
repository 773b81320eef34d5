/**
 * In `astro dev` the Markdown processor is made once while cards and notes change: with
 * `current`, a card added after the processor was made is known to wiki links and
 * auto-links on the next render, and one removed is no longer. A missing image next
 * to a note is refused at its line before Astro would import it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/integrations/content.ts';
import { markdownSettings, type MarkdownContent } from '../../../src/integrations/markdown.ts';
import type { DiagramRenderer } from '../../../src/diagrams/render/renderer.ts';
import { root } from '../../support/bad-input.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-live-md-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const notesDir = path.join(dir, 'notes');
mkdirSync(notesDir, { recursive: true });
const note = path.join(notesDir, 'later.md');

const site = loadContent(root, 'tests/fixtures/minimal');
const withoutRunc: MarkdownContent = {
  atlas: {
    ...site.atlas,
    cards: site.atlas.cards.filter((c) => c.id !== 'runc'),
    aliases: new Map([...site.atlas.aliases].filter(([, id]) => id !== 'runc')),
    byId: new Map([...site.atlas.byId].filter(([id]) => id !== 'runc')),
  },
  notes: [],
};
const withRunc: MarkdownContent = { atlas: site.atlas, notes: [] };

async function processor(current: () => MarkdownContent) {
  return createMarkdownProcessor({
    syntaxHighlight: false,
    ...markdownSettings({
      atlas: current().atlas,
      notes: current().notes,
      current,
      notesDir,
      base: '/',
      // no Mermaid fence is rendered here
      renderer: {} as DiagramRenderer,
    }),
  });
}

const render = async (p: Awaited<ReturnType<typeof processor>>, text: string) => {
  writeFileSync(note, text);
  const log = console.error;
  console.error = () => undefined;
  try {
    return (await p.render(text, { fileURL: pathToFileURL(note) })).code;
  } finally {
    console.error = log;
  }
};

describe('Markdown plugins that follow the content of the moment', () => {
  it('know a card added after the processor was made, and forget one removed', async () => {
    let now = withoutRunc;
    const p = await processor(() => now);
    await expect(render(p, '见 [[runc]]。')).rejects.toThrow(/later\.md:1:3: unknown wiki link target "runc"/);
    now = withRunc;
    const html = await render(p, '见 [[runc]]。后来 runc 也提到了。');
    expect(html).toContain('href="/cards/runc/"');
    now = withoutRunc;
    await expect(render(p, '见 [[runc]]。')).rejects.toThrow(/unknown wiki link target "runc"/);
  });

  it('refuses an image next to the note that does not exist, at the column of its path', async () => {
    const p = await processor(() => withRunc);
    await expect(render(p, '架构：\n\n![架构图](./missing.png)\n')).rejects.toThrow(
      /later\.md:3:8: image \.\/missing\.png not found/,
    );
    writeFileSync(path.join(notesDir, 'here.png'), '');
    await expect(render(p, '![图](./here.png)\n')).resolves.toContain('here.png');
    await expect(render(p, '![远程](https://example.com/a.png)\n')).resolves.toContain('example.com');
  });
});
