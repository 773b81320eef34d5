import { describe, expect, it } from 'vitest';
import { rehypeNoteSlips } from '../../../src/markdown/note-slips.ts';
import { noteSlips, plainText } from '../../../src/model/note-slips.ts';
import type { Card } from '../../../src/model/types.ts';
import { render } from '../markdown/render.ts';

const card = (id: string, remarks: Card['remarks']) => ({ id, file: `content/cards/${id}.md`, remarks }) as Card;
const note = {
  slug: 'bg',
  body: '- **现状**：被更现代的容器运行时（如 runc、containerd）取代\n\n虚拟机**启停缓慢**。',
};

describe('note slips', () => {
  it('read the note as a reader sees it: emphasis and tags dropped', () => {
    expect(plainText('**启停<u>缓慢</u>**，需要\n完整启动')).toBe('启停缓慢，需要 完整启动');
  });

  it('point at the remark on the card, for each quoted sentence', () => {
    const slips = noteSlips(
      {
        cards: [
          card('lxc', [
            { text: '仍在开发', corrects: { note: 'bg', quote: '被更现代的容器运行时（如 runc、containerd）取代' } },
          ]),
        ],
      },
      [note],
      '/atlas/',
    );
    expect(slips.get('bg')).toEqual([
      {
        quote: '被更现代的容器运行时（如 runc、containerd）取代',
        href: '/atlas/cards/lxc/#remark-1',
        card: 'lxc',
        remark: '仍在开发',
      },
    ]);
  });

  it('refuse a quote the note does not say, or a note that does not exist', () => {
    const wrong = [card('vm', [{ text: 'x' }, { text: 'y', corrects: { note: 'bg', quote: '启动很快' } }])];
    expect(() => noteSlips({ cards: wrong }, [note], '/')).toThrow(
      'content/cards/vm.md: remarks.1.corrects.quote: "启动很快" is not in the note "bg"',
    );
    const missing = [card('vm', [{ text: 'y', corrects: { note: 'nope', quote: '启停缓慢' } }])];
    expect(() => noteSlips({ cards: missing }, [note], '/')).toThrow('remarks.0.corrects.note: unknown note "nope"');
  });

  it('put the marker right after the quote, also when the quote runs across links and emphasis', async () => {
    const slips = noteSlips(
      {
        cards: [
          card('lxc', [
            { text: '仍在开发', corrects: { note: 'bg', quote: '被更现代的容器运行时（如 runc、containerd）取代' } },
          ]),
          card('vm', [{ text: '微虚拟机很快', corrects: { note: 'bg', quote: '启停缓慢' } }]),
        ],
      },
      [note],
      '/',
    );
    const html = await render(
      '- **现状**：被更现代的容器运行时（如 [runc](/cards/runc/)、containerd）取代，是基础\n\n虚拟机**启停缓慢**。',
      { rehype: [[rehypeNoteSlips, { slips, slugOf: () => 'bg' }]] },
    );
    expect(html).toContain(
      '取代<a class="note-slip" href="/cards/lxc/#remark-1" title="仍在开发" aria-label="与笔记的出入：仍在开发" data-card-remark="lxc"><sup>注</sup></a>，是基础',
    );
    expect(html).toContain('<strong>启停缓慢<a class="note-slip" href="/cards/vm/#remark-1"');
  });

  it('fail the note when a quoted sentence cannot be found in it any more', async () => {
    const slips = new Map([['bg', [{ quote: '不存在的句子', href: '/x/', card: 'vm', remark: 'r' }]]]);
    await expect(render('别的内容', { rehype: [[rehypeNoteSlips, { slips, slugOf: () => 'bg' }]] })).rejects.toThrow(
      'the remark of card "vm" quotes "不存在的句子", which this note does not say',
    );
  });
});
