/**
 * Bad-input cases: each folder under tests/fixtures/bad-input/ holds files laid
 * over the minimal fixture site and a case.yaml saying at which stage the input
 * must be refused and with which message:
 *
 *   stage: content    loading and validating content/ (what every build does first)
 *   stage: markdown   rendering one note the way the build does (`note:` names it)
 *   message: the exact text the author must see (file, line where relevant, what was expected)
 *
 * The stages are called in-process, so the whole suite takes seconds; the real
 * build's own error path is covered by tests/build/build.test.ts.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { parse as parseYaml } from 'yaml';
import { DiagramRenderer } from '../../src/diagrams/render/renderer.ts';
import { loadContent } from '../../src/integrations/content.ts';
import { markdownSettings } from '../../src/integrations/markdown.ts';
import { readFrontmatter } from '../../src/model/load.ts';

export const root = path.resolve(import.meta.dirname, '../..');
export const casesDir = path.join(root, 'tests/fixtures/bad-input');

export interface BadInputCase {
  name: string;
  stage: 'content' | 'markdown';
  /** Note to render (relative to content/), for the markdown stage. */
  note?: string;
  message: string;
}

export function listCases(): BadInputCase[] {
  return readdirSync(casesDir)
    .filter((name) => existsSync(path.join(casesDir, name, 'case.yaml')))
    .sort()
    .map((name) => ({ name, ...(parseYaml(readFileSync(path.join(casesDir, name, 'case.yaml'), 'utf8')) as object) }))
    .map((c) => c as BadInputCase);
}

/** A temporary content folder: the minimal site with the case's files laid over it. */
export function contentFor(name: string /* '.' = the minimal site as it is */): {
  dir: string;
  content: string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), `atlas-bad-${name}-`));
  const content = path.join(dir, 'content');
  cpSync(path.join(root, 'tests/fixtures/minimal'), content, { recursive: true });
  if (name !== '.') {
    cpSync(path.join(casesDir, name), content, { recursive: true, filter: (src) => !src.endsWith('case.yaml') });
  }
  return { dir, content, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the case's stage and returns the error message, or undefined when nothing was refused. */
export async function runStage(
  c: BadInputCase,
  content: string,
  renderer: DiagramRenderer,
): Promise<string | undefined> {
  try {
    const site = loadContent(root, content);
    if (c.stage === 'markdown') {
      const file = path.join(content, c.note ?? 'notes/bad.md');
      const processor = await createMarkdownProcessor({
        syntaxHighlight: false,
        ...markdownSettings({
          atlas: site.atlas,
          notes: site.noteFiles,
          notesDir: path.join(content, 'notes'),
          base: '/',
          renderer,
        }),
      });
      const { data, body } = readFrontmatter(file, readFileSync(file, 'utf8'));
      await processor.render(body, { fileURL: pathToFileURL(file), frontmatter: data as Record<string, unknown> });
    }
    return undefined;
  } catch (error) {
    // Messages name files relative to the content folder's parent, as a build run from the project root does.
    return (error as Error).message.split(`${path.dirname(content)}${path.sep}`).join('');
  }
}
