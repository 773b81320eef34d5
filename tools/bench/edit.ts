/** The "one sentence edited" change of the rebuild benchmarks (pure; unit-tested). */

/**
 * Edits one sentence of a Markdown file's body: the first line of prose after the
 * frontmatter that ends a sentence with `。` gets `tag` inserted before that `。`.
 * Headings, code fences, lists' markers and frontmatter are left alone. Throws if no
 * such sentence exists.
 */
export function editOneSentence(text: string, tag: string): string {
  const lines = text.split('\n');
  let i = 0;
  if (lines[0]?.trim() === '---') {
    i = lines.findIndex((l, j) => j > 0 && l.trim() === '---') + 1;
    if (i === 0) throw new Error('unterminated frontmatter');
  }
  let fence = false;
  for (; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence || /^\s*(#|>|:::|\||<)/.test(line)) continue;
    const at = line.indexOf('。');
    if (at < 0) continue;
    lines[i] = `${line.slice(0, at)}（${tag}）${line.slice(at)}`;
    return lines.join('\n');
  }
  throw new Error('no sentence ending in 。 outside code, headings and quotes');
}
