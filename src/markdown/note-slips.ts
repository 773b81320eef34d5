/**
 * rehype plugin: after each sentence of a note that a card corrects, a small marker
 * linking to the card's remark ("与笔记的出入"). The quote is looked up in the text
 * of each paragraph or list item, across links and emphasis; the marker goes right
 * after the quote's last character. A quote that cannot be found fails the build.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { t } from '../i18n/index.ts';
import type { NoteSlip } from '../model/note-slips.ts';
import { fail } from './errors.ts';

export interface NoteSlipsOptions {
  /** Slips by note slug. */
  slips: ReadonlyMap<string, NoteSlip[]>;
  /** The note slug of a file being rendered, or undefined for anything else (cards, examples). */
  slugOf: (file: VFile) => string | undefined;
}

const blocks = new Set(['p', 'li', 'td', 'th', 'dd', 'blockquote']);

function marker(slip: NoteSlip): Element {
  return h(
    'a',
    {
      className: ['note-slip'],
      href: slip.href,
      title: slip.remark,
      ariaLabel: t('slip.label', { remark: slip.remark }),
      dataCardRemark: slip.card,
    },
    [h('sup', t('slip.mark'))],
  );
}

/** Text with runs of whitespace as one space, and for each of its characters the index in the raw text. */
function normalised(raw: string): { text: string; rawIndex: number[] } {
  let text = '';
  const rawIndex: number[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const space = /\s/.test(raw[i]!);
    if (space && text.endsWith(' ')) continue;
    text += space ? ' ' : raw[i];
    rawIndex.push(i);
  }
  return { text, rawIndex };
}

/** Inserts `node` after the character at `end` (an offset into the element's text). */
function insertAfterOffset(element: Element, end: number, node: Element): boolean {
  let seen = 0;
  const walk = (parent: Element): boolean => {
    for (let i = 0; i < parent.children.length; i += 1) {
      const child = parent.children[i]!;
      if (child.type === 'text') {
        const length = child.value.length;
        if (seen + length >= end) {
          const cut = end - seen;
          const rest: Text = { type: 'text', value: child.value.slice(cut) };
          child.value = child.value.slice(0, cut);
          parent.children.splice(i + 1, 0, node, ...(rest.value ? [rest] : []));
          return true;
        }
        seen += length;
      } else if (child.type === 'element') {
        const length = toString(child).length;
        if (seen + length >= end) {
          // Never inside a link or a word of emphasis: right after it.
          if (['a', 'code', 'sup'].includes(child.tagName) || !child.children.length) {
            parent.children.splice(i + 1, 0, node as ElementContent);
            return true;
          }
          return walk(child);
        }
        seen += length;
      }
    }
    return false;
  };
  return walk(element);
}

export const rehypeNoteSlips: Plugin<[NoteSlipsOptions], Root> = function (options) {
  return (tree, file) => {
    const slug = options.slugOf(file);
    const slips = slug ? options.slips.get(slug) : undefined;
    if (!slips?.length) return;
    const left = new Set(slips);
    visit(tree, 'element', (element) => {
      if (!blocks.has(element.tagName)) return;
      for (const slip of [...left]) {
        const { text, rawIndex } = normalised(toString(element));
        const at = text.indexOf(slip.quote);
        if (at < 0) continue;
        const end = rawIndex[at + slip.quote.length - 1]! + 1;
        if (insertAfterOffset(element, end, marker(slip))) left.delete(slip);
      }
    });
    for (const slip of left) {
      fail(file, undefined, `the remark of card "${slip.card}" quotes "${slip.quote}", which this note does not say`);
    }
  };
};
