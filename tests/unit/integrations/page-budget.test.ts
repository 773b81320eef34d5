/** A page over the budget names the file its author edits, also when the page is a list built from many notes. */
import { describe, expect, it } from 'vitest';
import { checkPageBudget, taxonomyNotes } from '../../../src/integrations/page-budget.ts';
import type { ValidNote } from '../../../src/model/validate-notes.ts';

const sources = new Map([
  ['/notes/many-tags/', 'content/notes/many-tags.md'],
  ['/notes/short/', 'content/notes/short.md'],
  ['/notes/%E5%AE%B9%E5%99%A8/', 'content/notes/容器.md'],
]);
const sourceOf = (sitePath: string) => sources.get(sitePath);
const note = (file: string, tags: string[]) =>
  ({ file, slug: file.replace(/\.md$/, ''), data: { tags, category: '' }, body: '' }) as unknown as ValidNote;
const manyTags = Array.from({ length: 1000 }, (_, i) => `tag-${i}`);
const behind = taxonomyNotes(
  [note('many-tags.md', [...manyTags, 'k8s']), note('short.md', ['k8s']), note('容器.md', ['容器'])],
  'content/notes',
  '/',
);
const notesOf = (sitePath: string) => behind.get(sitePath);

/** The tag index as TaxonomyPage writes it: per tag, a badge and the notes carrying it. */
function tagIndex(tags: { name: string; notes: [string, string][] }[]): string {
  const items = tags.map(
    (tag) =>
      `<div data-astro-cid-x><dt><a class="badge" href="/tags/${tag.name}/">#${tag.name} · ${tag.notes.length}</a></dt>` +
      `<dd><ul>${tag.notes.map(([href, title]) => `<li><a href="${href}">${title}</a></li>`).join('')}</ul></dd></div>`,
  );
  return `<!doctype html><html><body><dl class="taxonomy">${items.join('')}</dl></body></html>`;
}

function budgetMessage(html: Map<string, string>, limitBytes: number): string {
  try {
    checkPageBudget(
      { base: '/', sizes: new Map([...html].map(([file, text]) => [file, Buffer.byteLength(text)])) },
      { limitBytes, sourceOf, notesOf, readPage: (file) => html.get(file) ?? '' },
    );
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('page budget', () => {
  it('names the note whose 1,000 tags make the tag index too large', () => {
    const tags = [
      ...Array.from({ length: 1000 }, (_, i) => ({
        name: `tag-${i}`,
        notes: [['/notes/many-tags/', '一千个标签']] as [string, string][],
      })),
      {
        name: 'k8s',
        notes: [
          ['/notes/short/', '短笔记'],
          ['/notes/many-tags/', '一千个标签'],
        ] as [string, string][],
      },
      { name: '容器', notes: [['/notes/%E5%AE%B9%E5%99%A8/', '容器']] as [string, string][] },
    ];
    const message = budgetMessage(new Map([['tags/index.html', tagIndex(tags)]]), 64 * 1024);
    expect(message).toMatch(
      /^ {2}tags\/index\.html is \d+ KiB, over the 64 KiB page budget; it links to content\/notes\/many-tags\.md or its tags 2,002 times \(of 2,006 such links to notes and cards; the next: 2\), which is what makes it large$/m,
    );
  });

  it('names the note whose tags fill the archive tag list', () => {
    const badges = [...manyTags, 'k8s', '容器']
      .map((tag) => `<li><a class="badge" href="/tags/${encodeURIComponent(tag)}/">#${tag} · 1</a></li>`)
      .join('');
    const list = '<li><a href="/notes/many-tags/">一千个标签</a></li><li><a href="/notes/short/">短笔记</a></li>';
    const archive = `<html><body><ul>${list}</ul><aside><ul class="tag-list">${badges}</ul></aside></body></html>`;
    expect(budgetMessage(new Map([['archive/index.html', archive]]), 32 * 1024)).toMatch(
      /archive\/index\.html is \d+ KiB, over the 32 KiB page budget; it links to content\/notes\/many-tags\.md or its tags 1,002 times/,
    );
  });

  it('names the note whose enormous title fills a list page', () => {
    const tags = [
      { name: 'a', notes: [['/notes/many-tags/', '长'.repeat(40_000)]] as [string, string][] },
      { name: 'b', notes: [['/notes/short/', '短笔记']] as [string, string][] },
    ];
    expect(budgetMessage(new Map([['archive/index.html', tagIndex(tags)]]), 64 * 1024)).toMatch(
      /archive\/index\.html is 118 KiB, over the 64 KiB page budget; 117 KiB of it are links to content\/notes\/many-tags\.md, which is what makes it large/,
    );
  });

  it('says so when no single note stands out, and names a note page by its own file', () => {
    const tags = Array.from({ length: 600 }, (_, i) => ({
      name: `t${i}`,
      notes: [
        ['/notes/short/', '短笔记'],
        ['/notes/many-tags/', '另一篇'],
      ] as [string, string][],
    }));
    const message = budgetMessage(
      new Map([
        ['tags/index.html', tagIndex(tags)],
        ['notes/short/index.html', `<html><body>${'x'.repeat(70_000)}</body></html>`],
      ]),
      64 * 1024,
    );
    expect(message).toMatch(
      /tags\/index\.html is \d+ KiB, over the 64 KiB page budget; no single note stands out \(it links to 2 notes and cards\)/,
    );
    expect(message).toMatch(
      /content\/notes\/short\.md: its page notes\/short\/index\.html is 68 KiB, over the 64 KiB page budget$/m,
    );
  });
});
