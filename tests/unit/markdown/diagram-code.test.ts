import type { Code, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkDiagramCode } from '../../../src/markdown/diagram-code.ts';

const metaOf = (markdown: string) => {
  const processor = unified().use(remarkParse).use(remarkDiagramCode);
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  return (tree.children[0] as Code).meta ?? '';
};

describe('drawings in code blocks', () => {
  it('keep an ASCII call chain on one line per row', () => {
    expect(metaOf('```text\nkubelet ──CRI──▶ containerd\n```')).toBe('wrap=false');
    expect(metaOf('```\na → b\n```')).toBe('wrap=false');
  });

  it('leave ordinary text, code in a language, and an author’s own wrap setting alone', () => {
    expect(metaOf('```text\nplain words\n```')).toBe('');
    expect(metaOf('```sh\necho a → b\n```')).toBe('');
    expect(metaOf('```text wrap\na ──▶ b\n```')).toBe('wrap');
  });
});
