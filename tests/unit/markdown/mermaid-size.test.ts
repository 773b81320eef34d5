/** A Mermaid fence too big to render is refused at its line before the renderer sees it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagramRenderer } from '../../../src/diagrams/render/renderer.ts';
import { diagramsFor } from '../../../src/diagrams/source/index.ts';
import { loadContent } from '../../../src/integrations/content.ts';
import { MERMAID_LIMITS, mermaidElementCount, rehypeMermaidFences } from '../../../src/markdown/mermaid-fences.ts';
import { render } from './render.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** A renderer that records what it was asked to draw and draws nothing. */
function stubRenderer(asked: string[]): DiagramRenderer {
  return {
    render: async (source: string) => {
      asked.push(source);
      throw new Error('stub renderer reached');
    },
  } as unknown as DiagramRenderer;
}

async function renderFence(source: string, asked: string[]): Promise<string> {
  try {
    await render(`# 图\n\n\`\`\`mermaid\n${source}\n\`\`\`\n`, {
      rehype: [[rehypeMermaidFences, { renderer: stubRenderer(asked) }]],
    });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('Mermaid size limits', () => {
  it('refuses a diagram with too many nodes at the fence line, without rendering it', async () => {
    const asked: string[] = [];
    const nodes = Array.from({ length: 400 }, (_, i) => `  n${i}[节点 ${i}]`).join('\n');
    expect(await renderFence(`flowchart TD\n${nodes}`, asked)).toBe(
      'content/notes/test-note.md:3:1: this Mermaid diagram has about 401 nodes and links, over the limit of 300; ' +
        'split it into smaller diagrams or link a generated image instead',
    );
    expect(asked).toEqual([]);
  });

  it('refuses a diagram longer than the character limit (Mermaid would draw an error box)', async () => {
    const asked: string[] = [];
    const message = await renderFence(`flowchart TD\n  a[${'长'.repeat(25_000)}]`, asked);
    expect(message).toMatch(
      /^content\/notes\/test-note\.md:3:1: this Mermaid diagram has 25,018 characters, over the limit of 20,000/,
    );
    expect(asked).toEqual([]);
  });

  it('hands an ordinary diagram to the renderer', async () => {
    const asked: string[] = [];
    expect(await renderFence('flowchart LR\n  a --> b', asked)).toBe('stub renderer reached');
    expect(asked).toEqual(['flowchart LR\n  a --> b']);
  });

  it('counts each link of a chained statement, and nothing for comments', () => {
    expect(mermaidElementCount('flowchart LR\n  %% a comment\n  a --> b --> c; c -.-> d\n\n  d ==> e')).toBe(5);
    expect(mermaidElementCount('sequenceDiagram\n  A->>B: 请求\n  B-->>A: 回应\n  A-x B: 断开')).toBe(4);
  });

  it('leaves every real diagram of the site at most half of each limit', () => {
    const content = loadContent(root, 'content');
    const sources = diagramsFor(content.atlas, content.chains, { base: '/' }).map((d) => d.mermaid);
    for (const note of content.noteFiles) {
      const text = readFileSync(path.join(root, 'content/notes', note.file), 'utf8');
      for (const match of text.matchAll(/```mermaid\n([\s\S]*?)\n```/g)) sources.push(match[1]!);
    }
    sources.push(readFileSync(path.join(root, 'tests/fixtures/diagrams/stack-before-issue-12.mmd'), 'utf8'));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(source.length).toBeLessThanOrEqual(MERMAID_LIMITS.characters / 2);
      expect(mermaidElementCount(source)).toBeLessThanOrEqual(MERMAID_LIMITS.elements / 2);
    }
  });
});
