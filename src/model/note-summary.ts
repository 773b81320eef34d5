/**
 * A note's summary when its frontmatter has no `description`: its first paragraph of prose
 * (a quote's paragraph counts; headings, lists, code, tables and HTML do not), with the
 * line breaks of the source turned into punctuation instead of being glued together.
 */
import type { Nodes, Paragraph, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { clean, noteExcerpt } from '../og/text.ts';

const parser = unified().use(remarkParse);

/**
 * Each note's first paragraph, joined into one line (null: the note has none), by the Markdown
 * itself (the same string the note holds, not a copy): every list page shows its notes'
 * summaries, at several lengths, and the Markdown is parsed once per note, not once per list.
 */
const paragraphs = new Map<string, string | null>();
const MAX_KEPT = 10_000;

/** Full-width or ASCII punctuation that already ends a clause. */
const clauseEnd = /[。，、；：！？…,.;:!?）)」』”]$/u;
const han = /\p{Script=Han}/u;

/** Plain text of inline content: link and emphasis text kept, HTML and images dropped. */
function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'inlineMath':
      return node.value;
    case 'break':
      return '\n';
    case 'html':
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : '';
  }
}

/** Joins a paragraph's source lines: a clause break (，) between Chinese lines, a space between Latin ones. */
function joinLines(text: string): string {
  const lines = text
    .replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_, target: string, label?: string) => label ?? target)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  let out = '';
  for (const line of lines) {
    if (!out) out = line;
    // After full-width punctuation nothing is needed; after ASCII punctuation or Latin text, a space.
    else if (clauseEnd.test(out)) out += /[\x20-\x7e]$/.test(out) ? ` ${line}` : line;
    else out += han.test(out) ? `，${line}` : ` ${line}`;
  }
  if (out && han.test(out) && !clauseEnd.test(out)) out += '。';
  return out;
}

function firstParagraph(nodes: Nodes[]): Paragraph | undefined {
  for (const node of nodes) {
    if (node.type === 'paragraph' && inlineText(node).trim()) return node;
    if (node.type === 'blockquote') {
      const inner = firstParagraph(node.children);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * The first paragraph of a note's Markdown body as one line of at most `max` characters;
 * a note with no paragraph at all (only lists or tables) falls back to its plain text.
 */
export function noteSummary(markdown: string, max = 160): string {
  let line = paragraphs.get(markdown);
  if (line === undefined) {
    const paragraph = firstParagraph((parser.parse(markdown) as Root).children);
    line = paragraph ? joinLines(inlineText(paragraph)) : null;
    // In `astro dev` every saved version of a note is a new key: start over now and then rather than grow.
    if (paragraphs.size >= MAX_KEPT) paragraphs.clear();
    paragraphs.set(markdown, line);
  }
  return line !== null ? clean(line, max) : noteExcerpt(markdown, max);
}
