/**
 * `content/site.yaml`: who the site is. Its name and tagline, the home page's hero and
 * lead text, the footer, the language of its interface, the repository its content is
 * edited in, the note a new reader starts with, and card kinds and traits beyond the
 * built-in ones. Everything a team changes to make the atlas its own lives here, so
 * nothing under src/ or public/ names this site. Errors name the file and its line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { isSymlink, readContentFile } from './content-files.ts';
import { ContentError } from './errors.ts';
import { normaliseRepositoryUrl, type Repository } from './repository.ts';

export const SITE_FILE = 'site.yaml';

/** Interface languages with a dictionary in src/i18n/. */
export const siteLanguages = ['zh-CN', 'en'] as const;
export type SiteLanguage = (typeof siteLanguages)[number];

const vocabularyId = /^[a-z][a-z0-9-]*$/;
const idMessage = 'expected an id (lowercase ASCII letter, then letters, digits, -)';
/** Extra card kinds or traits: `id: label` in the site's language. */
const labels = z
  .record(z.string(), z.string().trim().min(1))
  .superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!vocabularyId.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}": ${idMessage}` });
    }
  })
  .default({});

const repository = z
  .union([
    z.string(),
    z.strictObject({
      url: z.string(),
      branch: z.string().trim().min(1).default('main'),
      /** Where this content folder sits in the repository ('' = its root, the default). */
      path: z.string().trim().default(''),
    }),
  ])
  .transform((value, ctx): Repository | undefined => {
    const given = typeof value === 'string' ? { url: value, branch: 'main', path: '' } : value;
    const url = normaliseRepositoryUrl(given.url);
    if (!url) {
      ctx.addIssue({ code: 'custom', message: `"${given.url}" is not an http(s) address of a repository` });
      return z.NEVER;
    }
    return { url, branch: given.branch, contentPath: given.path };
  });

export const siteFileSchema = z.strictObject({
  /** The site's name: header, titles, feeds, previews, web manifest. */
  name: z.string().trim().min(1),
  /** A few words beside the name (header, home page, feed title). */
  tagline: z.string().trim().min(1).optional(),
  /** One sentence: meta description, feeds, web manifest, llms.txt. */
  description: z.string().trim().min(1),
  /** The home page's heading; the name when absent. */
  hero: z.string().trim().min(1).optional(),
  /** The paragraph under the heading; the description when absent. */
  lead: z.string().trim().min(1).optional(),
  /** Language of the interface and of notes without their own `lang`. */
  language: z.enum(siteLanguages).default('zh-CN'),
  /** Where the content is edited: edit-this-page and report-a-problem links (`url`, `branch`). */
  repository: repository.optional(),
  /** The note a new reader starts with: its slug, the URL under /notes/ (`guide/intro`). */
  start: z.string().trim().min(1).optional(),
  /** Footer line; the name and tagline when absent. */
  footer: z.string().trim().min(1).optional(),
  /** Card kinds beyond the built-in ones, or other labels for them: `service-mesh: Service mesh`. */
  kinds: labels,
  /** Card traits compared on /compare/ pages beyond fit, daemon, rootless, isolation: `id: label`. */
  traits: labels,
});

export type SiteFile = z.output<typeof siteFileSchema>;

/** What pages read: the file with its defaults filled in. */
export interface SiteSettings extends Omit<SiteFile, 'hero' | 'lead' | 'footer'> {
  hero: string;
  lead: string;
  footer: string;
}

/**
 * A content folder without site.yaml: the project's own name and nothing claimed about
 * content it may not have (no tagline, no lead sentence about examples).
 */
export const defaultSiteFile: SiteFile = {
  name: 'Stack Atlas',
  description: 'Stack Atlas',
  language: 'zh-CN',
  kinds: {},
  traits: {},
};

export function siteSettings(file: SiteFile): SiteSettings {
  return {
    ...file,
    hero: file.hero ?? file.name,
    lead: file.lead ?? file.description,
    footer: file.footer ?? [file.name, file.tagline].filter(Boolean).join(' · '),
  };
}

/** 1-based line of the YAML node at `at` (or of its nearest existing parent). */
function lineOf(doc: Document, counter: LineCounter, at: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let line = 1;
  for (const key of ['', ...at]) {
    if (key !== '') {
      if (isMap(node)) {
        const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === key);
        if (!pair) break;
        const keyRange = (pair.key as { range?: [number, number] }).range;
        if (keyRange) line = counter.linePos(keyRange[0]).line;
        node = pair.value;
        continue;
      }
      if (isSeq(node) && typeof key === 'number') node = node.items[key];
      else break;
    }
    const range = (node as { range?: [number, number] } | null)?.range;
    if (range && key !== '') line = counter.linePos(range[0]).line;
  }
  return line;
}

/** Validates site.yaml's text; every problem is reported with `file:line`. */
export function parseSiteFile(file: string, text: string): SiteFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const error = doc.errors[0]!;
    const line = counter.linePos(error.pos[0]).line;
    throw new ContentError(file, `invalid YAML: ${error.message.split('\n')[0]}`, { line });
  }
  const result = siteFileSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    return { line: lineOf(doc, counter, issue.path), text: `${field}: ${issue.message}` };
  });
  issues.sort((a, b) => a.line - b.line);
  const first = issues[0]!.line;
  const lines = issues.map((issue) => `  - line ${issue.line}: ${issue.text}`).join('\n');
  throw new ContentError(file, `invalid site file:\n${lines}`, { line: first });
}

/** 1-based line of a top-level `key:` in the file's text (1 when it is not written there). */
function keyLine(text: string, key: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
  return index + 1 || 1;
}

/** `start` must name a note by its slug (its URL under /notes/). Undefined when it does or is not set. */
export function startNoteProblem(
  contentDir: string,
  site: SiteFile,
  notes: readonly { slug: string }[],
): ContentError | undefined {
  if (!site.start) return undefined;
  if (notes.some((note) => note.slug === site.start)) return undefined;
  const file = path.join(contentDir, SITE_FILE);
  const line = existsSync(file) ? keyLine(readContentFile(file), 'start') : 1;
  const some = notes.slice(0, 5).map((note) => note.slug);
  return new ContentError(
    `${file}:${line}`,
    `start: no note "${site.start}" under notes/${some.length ? ` (notes: ${some.join(', ')}${notes.length > 5 ? ', …' : ''})` : ''}`,
  );
}

/** `<contentDir>/site.yaml`, or the defaults when the folder has none. */
export function readSiteFile(contentDir: string): SiteFile {
  const file = path.join(contentDir, SITE_FILE);
  if (!existsSync(file) && !isSymlink(file)) return defaultSiteFile;
  return parseSiteFile(file, readContentFile(file));
}
