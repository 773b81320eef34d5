/**
 * Bad-input cases: each folder under tests/fixtures/bad-input/ holds files laid
 * over the minimal fixture site and a case.yaml saying at which stage the input
 * must be refused and with which message:
 *
 *   stage: content    loading and validating content/ (what every build does first)
 *   stage: markdown   rendering one note the way the build does (`note:` names it)
 *   stage: output     rendering every note into pages and running the post-build
 *                     checks on them: links (source file:line) and the page budget
 *                     (`budgetKiB:`)
 *   stage: cache      a diagram disk cache entry (`svg:`, `renderer:`) for the
 *                     Mermaid fence of notes/bad.md, which must be refused
 *   message: the exact text the author must see (file, line where relevant, what was expected)
 *   warning: (content stage) the input is accepted, with this warning
 *   symlinks: { path: target } made before the stage runs (git fixtures hold no links)
 *
 * The stages are called in-process, so the whole suite takes seconds; the real
 * build's own error path is covered by tests/build/build.test.ts.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { parse as parseYaml } from 'yaml';
import { DiagramRenderer, RENDERER_VERSION } from '../../src/diagrams/render/renderer.ts';
import { contentWarnings, loadContent, pageSources, type SiteContent } from '../../src/integrations/content.ts';
import { checkLinks } from '../../src/integrations/link-check.ts';
import { parsePage, type Site } from '../../src/integrations/link-graph.ts';
import { markdownSettings } from '../../src/integrations/markdown.ts';
import { checkPageBudget } from '../../src/integrations/page-budget.ts';
import { readFrontmatter } from '../../src/model/load.ts';
import { paths } from '../../src/model/urls.ts';
import { must } from '../../src/model/lookup.ts';

export const root = path.resolve(import.meta.dirname, '../..');
export const casesDir = path.join(root, 'tests/fixtures/bad-input');

export interface BadInputCase {
  name: string;
  stage: 'content' | 'markdown' | 'output' | 'cache';
  /** Note to render (relative to content/), for the markdown stage. */
  note?: string;
  message?: string;
  warning?: string;
  symlinks?: Record<string, string>;
  budgetKiB?: number;
  svg?: string;
  renderer?: string;
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
    const c = existsSync(path.join(casesDir, name, 'case.yaml'))
      ? (parseYaml(readFileSync(path.join(casesDir, name, 'case.yaml'), 'utf8')) as BadInputCase)
      : undefined;
    for (const [link, target] of Object.entries(c?.symlinks ?? {})) {
      mkdirSync(path.dirname(path.join(content, link)), { recursive: true });
      symlinkSync(target, path.join(content, link));
    }
  }
  return { dir, content, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function processorFor(site: SiteContent, renderer: DiagramRenderer) {
  return createMarkdownProcessor({
    syntaxHighlight: false,
    ...markdownSettings({
      atlas: site.atlas,
      notes: site.noteFiles,
      notesDir: path.join(site.contentDir, 'notes'),
      base: '/',
      renderer,
    }),
  });
}

async function renderNote(file: string, processor: Awaited<ReturnType<typeof processorFor>>): Promise<string> {
  const { data, body } = readFrontmatter(file, readFileSync(file, 'utf8'));
  const result = await processor.render(body, {
    fileURL: pathToFileURL(file),
    frontmatter: data as Record<string, unknown>,
  });
  return result.code;
}

const CARD_SECTIONS = [
  'summary',
  'position',
  'features',
  'relations',
  'history',
  'examples',
  'sources',
  'mentioned-in',
];

/** Every note rendered into a page, plus card pages (their fixed anchors) and the site's index pages. */
async function outputStage(c: BadInputCase, site: SiteContent, renderer: DiagramRenderer): Promise<void> {
  const processor = await processorFor(site, renderer);
  const html = new Map<string, string>();
  for (const { slug, file: rel } of site.noteFiles) {
    const file = path.join(site.contentDir, 'notes', rel);
    html.set(
      paths.note(slug),
      `<!doctype html><html><body><main>${await renderNote(file, processor)}</main></body></html>`,
    );
  }
  for (const card of site.atlas.cards) {
    html.set(
      paths.card(card.id),
      `<html><body>${CARD_SECTIONS.map((id) => `<h2 id="${id}"></h2>`).join('')}</body></html>`,
    );
  }
  for (const page of ['', 'cards/', 'archive/', 'tags/', 'categories/', 'search/', 'layers/']) {
    html.set(page, '<html><body></body></html>');
  }
  const pages = new Map(
    [...html].map(([sitePath, text]) => [`/${sitePath}`, parsePage(text, `${sitePath}index.html`)]),
  );
  const graph: Site = { base: '/', pages, files: new Set(['/favicon.svg']), linkCount: 0 };
  const sources = pageSources(site, '/');
  const sourceOf = (sitePath: string) => sources.get(sitePath);
  checkLinks(graph, { mode: 'error', sourceOf });
  if (c.budgetKiB) {
    const files = new Map([...html].map(([sitePath, text]) => [`${sitePath}index.html`, text]));
    const sizes = new Map([...files].map(([file, text]) => [file, Buffer.byteLength(text)]));
    checkPageBudget(
      { base: '/', sizes },
      { limitBytes: c.budgetKiB * 1024, sourceOf, readPage: (file) => must(files, file, 'page') },
    );
  }
}

/** Writes the case's cache entry for the first Mermaid fence of notes/bad.md; returns what the renderer logged on lookup. */
function cacheStage(c: BadInputCase, content: string): string | undefined {
  const cacheDir = path.join(path.dirname(content), 'cache');
  const logged: string[] = [];
  const renderer = new DiagramRenderer({ root, cacheDir, log: (line) => logged.push(line) });
  const text = readFileSync(path.join(content, 'notes/bad.md'), 'utf8');
  const source = /```mermaid\n([\s\S]*?)\n```/.exec(text)?.[1];
  if (source === undefined) throw new Error(`${c.name}: notes/bad.md has no mermaid fence`);
  const key = renderer.cacheKey(source);
  mkdirSync(cacheDir, { recursive: true });
  const entry = {
    svg: c.svg,
    prefix: DiagramRenderer.prefixFor(key),
    width: 100,
    height: 50,
    viewBox: '0 0 100 50',
    warnings: [],
    renderer: c.renderer ?? RENDERER_VERSION,
  };
  writeFileSync(path.join(cacheDir, `${key}.json`), JSON.stringify(entry));
  if (renderer.lookup(source)) return undefined;
  return logged.join('\n').replaceAll(path.join(cacheDir, `${key}.json`), '<entry>');
}

/**
 * Runs the case's stage and returns the error message (or, for a `warning` case,
 * the warnings), or undefined when nothing was refused.
 */
export async function runStage(
  c: BadInputCase,
  content: string,
  renderer: DiagramRenderer,
): Promise<string | undefined> {
  try {
    if (c.stage === 'cache') return cacheStage(c, content);
    const site = loadContent(root, content);
    if (c.warning !== undefined) return relativeMessage(contentWarnings(site).join('\n'), content) || undefined;
    if (c.stage === 'markdown')
      await renderNote(path.join(content, c.note ?? 'notes/bad.md'), await processorFor(site, renderer));
    if (c.stage === 'output') await outputStage(c, site, renderer);
    return undefined;
  } catch (error) {
    // Messages name files relative to the content folder's parent, as a build run from the project root does.
    return (error as Error).message.split(`${path.dirname(content)}${path.sep}`).join('');
  }
}

/** Strips the temporary folder from a message (for warnings, which are not thrown). */
export function relativeMessage(message: string, content: string): string {
  return message.split(`${path.dirname(content)}${path.sep}`).join('');
}
