import { describe, expect, it } from 'vitest';
import { DiagramError, sourceLineOf } from '../../../src/diagrams/render/renderer.ts';

describe('sourceLineOf: Mermaid error lines back to source lines', () => {
  it('keeps the line when Mermaid removed nothing', () => {
    expect(sourceLineOf('flowchart TB\n  a --> b\n  c -->> [oops\n', 3)).toBe(3);
  });

  it('accounts for leading blank lines and comment lines', () => {
    expect(sourceLineOf('\n\nflowchart TB\n  a --> b\n  c -->> [oops\n', 3)).toBe(5);
    expect(sourceLineOf('%% comment\nflowchart TB\n  %% another\n  a --> b\n  c -->> [oops\n', 3)).toBe(5);
  });

  it('accounts for front matter and init directives', () => {
    const frontMatter =
      '---\nconfig:\n  flowchart:\n    nodeSpacing: 20\n---\nflowchart TB\n  a --> b\n  c -->> [oops\n';
    expect(sourceLineOf(frontMatter, 3)).toBe(8);
    expect(sourceLineOf('%%{init: {"theme": "dark"}}%%\nflowchart TB\n  a --> b\n  c -->> [oops\n', 3)).toBe(4);
    expect(
      sourceLineOf('---\ntitle: x\n---\n%%{init: {"theme": "dark"}}%%\nflowchart TB\n  a --> b\n  c -->> [oops\n', 3),
    ).toBe(7);
  });
});

describe('DiagramError messages', () => {
  const source = 'flowchart TB\n  a --> b\n  c -->> [oops\n';
  it('names the generated diagram and the line, quoting it', () => {
    const error = new DiagramError({ file: 'stack' }, 'Parse error on line 3:\n...', 3, source);
    expect(error.message).toMatch(
      /^diagram "stack": invalid generated Mermaid \(Mermaid parse error on line 3 of the generated source\)/,
    );
    expect(error.message).toContain('> 3 |   c -->> [oops');
    expect(error.line).toBeUndefined();
  });

  it('names the note file and the line in the note', () => {
    const error = new DiagramError(
      { file: 'content/notes/a.md', line: 11, fenceLine: 10 },
      'Parse error on line 3:',
      3,
      source,
    );
    expect(error.message).toMatch(/^content\/notes\/a\.md:13: invalid Mermaid in the fence at line 10 /);
    expect(error.line).toBe(13);
    expect(error.file).toBe('content/notes/a.md');
  });
});
