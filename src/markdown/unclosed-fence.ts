/**
 * remark plugin: a code fence that is never closed turns the whole rest of a note into
 * code, and Markdown accepts that silently. Refused at the line that opens it.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import { fail } from './errors.ts';

/** True when `source` (a fenced code block as written) ends with a fence that closes its opening one. */
export function fenceIsClosed(source: string): boolean {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const opening = /^ {0,3}(`{3,}|~{3,})/.exec(lines[0] ?? '');
  if (!opening) return true; // an indented code block has no fence
  const marker = opening[1]!;
  if (lines.length < 2) return false;
  // inside a list item or a quote the closing line carries their indentation or `>`
  const closing = new RegExp(`^[ \\t>]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  return closing.test(lines.at(-1)!);
}

export const remarkUnclosedFence: Plugin<[], Root> = function () {
  return (tree, file) => {
    const text = String(file.value ?? '');
    visit(tree, 'code', (node) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) return;
      if (!fenceIsClosed(text.slice(start, end))) {
        fail(
          file,
          node.position,
          'this code block is never closed (no closing ``` line): the rest of the note became code',
          'unclosed-fence',
        );
      }
    });
  };
};
