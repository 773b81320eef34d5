import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAtlas, readFrontmatter } from '../../../src/model/load.ts';
import { noteSchema } from '../../../src/model/note-schema.ts';
import { listNoteFiles } from '../../../src/model/validate-notes.ts';
import { loadFonts } from '../../../src/og/fonts.ts';
import { renderPreview, type PreviewSpec } from '../../../src/og/render.ts';
import { glyphCoverage } from '../../../src/og/sfnt.ts';
import { cardPreview, notePreview, sitePreview } from '../../../src/og/specs.ts';

const atlas = loadAtlas('content');
const notesDir = path.join('content', 'notes');
const notes = listNoteFiles(notesDir).map((rel) => {
  const { data, body } = readFrontmatter(rel, readFileSync(path.join(notesDir, rel), 'utf8'));
  return { rel, ...noteSchema.parse(data), body };
});

/** Width and height from the PNG's IHDR chunk, which must come first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(8)).toBe(13);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const kubernetes = cardPreview(atlas, atlas.byId.get('kubernetes')!);
const specs: Array<[string, PreviewSpec]> = [
  ['card kubernetes', kubernetes],
  ['card in the aside layer', cardPreview(atlas, atlas.byId.get('virtual-machine')!)],
  ['note', notePreview(notes[0]!)],
  ['site', sitePreview(atlas)],
  [
    'overlong note',
    {
      kind: 'note',
      title: '一个非常非常长的笔记标题，用来检查换行与截断：容器运行时、镜像、编排与网络的全景概览（第二版）'.repeat(3),
      description: 'HorizontalPodAutoscaler'.repeat(30) + '很长的描述。'.repeat(100),
      published: new Date('2026-01-02'),
      tags: Array.from({ length: 30 }, (_, i) => `标签${i}`),
    },
  ],
];

describe('renderPreview', () => {
  beforeAll(() => {
    loadFonts(); // one-off font load, outside the timed renders
  });

  it.each(specs)('%s: a 1200×630 PNG of real content', async (_, spec) => {
    const png = await renderPreview(spec);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    // A blank or text-less canvas of this size compresses to a few kB; ours carry outlined text.
    expect(png.length).toBeGreaterThan(30_000);
    expect(png.length).toBeLessThan(1_000_000);
  });

  it('is deterministic: the same spec gives the same bytes, whatever was rendered in between', async () => {
    const first = await renderPreview(kubernetes);
    const other = await renderPreview(cardPreview(atlas, atlas.byId.get('runc')!));
    const again = await renderPreview(structuredClone(kubernetes));
    expect(again.equals(first)).toBe(true);
    expect(other.equals(first)).toBe(false);
  });
});

describe('preview font', () => {
  it('has a glyph for every character the previews show (no tofu)', () => {
    const [regular, bold] = loadFonts();
    const text = [
      ...atlas.cards.flatMap((c) => [c.name, c.zh, c.position]),
      ...atlas.layers.flatMap((l) => [l.name, l.en, l.group ?? '']),
      ...notes.flatMap((n) => [n.title, n.description, n.category ?? '', ...n.tags]),
      'Stack Atlas · 容器技术栈图谱 技术卡片 笔记 在技术栈中的位置 对照：不属于容器技术栈 年月日 #…',
    ].join('');
    for (const font of [regular!, bold!]) {
      let covers: (cp: number) => boolean;
      try {
        covers = glyphCoverage(font.data);
      } catch {
        return; // a WOFF font given through STACK_ATLAS_OG_FONT: coverage is not checked
      }
      const missing = [...new Set(text)].filter((ch) => !/\s/.test(ch) && !covers(ch.codePointAt(0)!));
      expect(missing).toEqual([]);
    }
  });
});
