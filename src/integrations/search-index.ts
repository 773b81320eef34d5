/**
 * Builds the Pagefind search index over the finished pages (astro:build:done).
 *
 * - Chinese segmentation: the whole site is indexed as zh-CN.
 * - Only `<main data-pagefind-body>` is indexed (BaseLayout); pages with
 *   `noSearchIndex` (archives, tag lists, redirects, /search/) have no body and are skipped.
 * - Filters: `type` (note/card/example/layer/page) and `layer` are taken from the
 *   markup the pages already carry (`<meta name="page-type">`, the card header's
 *   `data-pagefind-meta="layer:…"`) unless a page declares those filters itself.
 * - Names: every card page gets a `names` meta field (its name and aliases, from the
 *   atlas model), a `concepts` field (its everyday words) and an `answer` (its 定位
 *   sentence, shown above the results of "X 是什么"). The client gives that field a strong ranking weight, so searching a
 *   card's name or alias (k8s, dockershim, LXD) puts the card above pages that only
 *   mention it, including cards whose Chinese title happens to contain the word.
 * - Keys and vocabulary: card pages, comparison pages and layer records carry a `key`
 *   filter, and the vocabulary (in `pagefind/pages.json`) lists every name a reader may type for them
 *   (model/search-vocabulary.ts), so the client can read "runc 是什么" or "Podman 和
 *   Docker 区别" and fetch exactly the pages named.
 * - Layers: each layer gets its own record (`/layers/#detail-<id>`), so a layer's
 *   name (低级运行时) finds the layer, not whichever card mentions it most; a layer
 *   group's name (容器运行时) leads to its members (see model/search-vocabulary.ts).
 * - Typos: the vocabulary lists the site's words that are near a name (`keep`), so the
 *   client corrects "kubernets" but never "container".
 * - Markup that is not content (heading `#` anchors, Expressive Code's screen-reader
 *   frame labels and copy buttons) is excluded here, so no page has to know about it.
 * - The page map (`pagefind/pages.json`, client/search-core.ts `PageMapFile`): every
 *   indexed page's id, URL, title, type, layer, names, answer and key, read back from the
 *   fragments Pagefind wrote, plus the vocabulary. The client renders results, filters and
 *   counts from it and loads fragments only for the excerpts it shows.
 * - The /search/ page gets preload links for what its first query needs (the page map, the
 *   search module and Vite's preload helper it waits on), added here because the map is
 *   written here and the modules' names carry content hashes (searchPagePreloads).
 * - Pagefind's prebuilt UI bundles are removed: the site ships its own UI on the
 *   Pagefind JS API, and the service worker would otherwise precache ~400 KB of dead code.
 * - Reuse: a build whose index inputs (every indexed page's URL and annotated HTML in
 *   order, the layer records, the vocabulary, Pagefind's options, Pagefind's version and
 *   the site's code) have the digest of the last build's copies the index kept in the
 *   cache folder instead of running Pagefind again (issue 28: a rebuild with nothing
 *   changed re-indexed every page). Pages are read one at a time for the digest, and once
 *   more when the index has to be made.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
// Imported up front: at astro:build:done the config's module loader may already be closed for dynamic imports.
import * as pagefind from 'pagefind';
import path from 'node:path';
import { PAGE_MAP_FILE, PAGE_TYPES, type PageMapFile, type PageRow } from '../client/search-core.ts';
import { comparisonPairs, type ComparisonPair } from '../model/compare.ts';
import {
  cardKey,
  compareKey,
  keepWords,
  layerKey,
  searchVocabulary,
  type SearchVocabulary,
} from '../model/search-vocabulary.ts';
import { entryWords, fold } from '../client/search-query.ts';
import { latinWords } from '../model/typos.ts';
import { wordLists, type WordPage } from '../client/search-words.ts';
import type { Atlas } from '../model/types.ts';
import { readPage, type BuiltSite } from './output.ts';
import { must } from '../model/lookup.ts';
import { siteLang } from '../config.ts';
import { cardTitle } from '../diagrams/source/labels.ts';
import { t } from '../i18n/index.ts';
import { codeRoot, renderingDigest } from './content-cache.ts';

/**
 * One index in the site's language (site.yaml), whatever a note's own `lang`: Pagefind would
 * otherwise split the index by <html lang>, and a page would only search notes in its language.
 */
const indexLanguage = siteLang.toLowerCase();

/** Selectors never indexed, whatever page they appear on. */
export const EXCLUDE_SELECTORS = [
  '.heading-anchor',
  '.expressive-code figcaption .sr-only',
  '.expressive-code .copy',
  '[data-search-ignore]',
  // Diagram chrome (查看大图, 分享 / 嵌入, copy buttons) and the text equivalent's "图的文字版" toggle.
  '.diagram-actions',
  '.diagram-text > summary',
  // A card's neighbourhood diagram says in words what its 关系 table says again: index the table once.
  '[data-diagram^="card-"] figcaption',
  '[data-diagram^="card-"] .diagram-text',
];

/** Pagefind's options, one object for the index and for the digest that decides whether it is made again. */
const PAGEFIND_OPTIONS = { forceLanguage: indexLanguage, excludeSelectors: EXCLUDE_SELECTORS };

/** Files of the Pagefind bundle the site does not use (its prebuilt UIs). */
const UNUSED_BUNDLE_FILE = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/;

// One list of page types for the index and the client that reads its `type` filter.
const PAGE_TYPE_SET: ReadonlySet<string> = new Set(PAGE_TYPES);

/** Escapes a value for use inside a double-quoted HTML attribute. */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Decodes the few entities Astro writes into attribute values. */
function decodeAttr(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface SearchAnnotation {
  /** The HTML to index (unchanged when there is nothing to add). */
  html: string;
  /** False when the page has no `data-pagefind-body` (nothing to index). */
  indexed: boolean;
  type?: string;
  layer?: string;
}

/**
 * Adds `type` and `layer` filters (and any `meta` given) inside the page's
 * `data-pagefind-body` element, as empty hidden elements carrying attributes.
 * `type` comes from `<meta name="page-type">`, `layer` from the `layer:` entry of a
 * `data-pagefind-meta` attribute. A page that already declares a filter or meta
 * field of the same name keeps its own. Pure: the page on disk is never modified.
 */
export function annotateForSearch(
  html: string,
  meta: Record<string, string> = {},
  filters: Record<string, string> = {},
): SearchAnnotation {
  const body = /<(main|div|article|section)\b[^>]*\sdata-pagefind-body(?:=(?:""|''))?(?=[\s>/])[^>]*>/i.exec(html);
  if (!body) return { html, indexed: false };
  const type = /<meta\s+name="page-type"\s+content="([^"]*)"/i.exec(html)?.[1];
  const layerMeta = /data-pagefind-meta="([^"]*)"/i.exec(html)?.[1];
  const layer = layerMeta
    ? decodeAttr(layerMeta)
        .split(/,\s*/)
        .find((pair) => pair.startsWith('layer:'))
        ?.slice('layer:'.length)
        .trim()
    : undefined;
  const declares = (kind: 'filter' | 'meta', name: string) =>
    new RegExp(`data-pagefind-${kind}="(?:[^"]*,\\s*)?${name}[:\\[]`, 'i').test(html);
  const markers: string[] = [];
  if (type && PAGE_TYPE_SET.has(type) && !declares('filter', 'type'))
    markers.push(`data-pagefind-filter="${attr(`type:${type}`)}"`);
  if (layer && !declares('filter', 'layer')) markers.push(`data-pagefind-filter="${attr(`layer:${layer}`)}"`);
  for (const [name, value] of Object.entries(filters)) {
    if (value && !declares('filter', name)) markers.push(`data-pagefind-filter="${attr(`${name}:${value}`)}"`);
  }
  for (const [name, value] of Object.entries(meta)) {
    // Meta values are comma-separated pairs; a comma inside a value would split it.
    if (value && !declares('meta', name))
      markers.push(`data-pagefind-meta="${attr(`${name}:${value.replace(/,/g, ' ')}`)}"`);
  }
  if (markers.length === 0) return { html, indexed: true, type, layer };
  // One empty element per entry: Pagefind reads a single `name:value` per filter attribute.
  const inserted = markers.map((m) => `<span ${m} hidden></span>`).join('');
  const open = body[0];
  return { html: html.replace(open, () => open + inserted), indexed: true, type, layer };
}

/** `cards/runc/index.html` → `/cards/runc/`; `404.html` → `/404.html`. */
export function urlForFile(relative: string): string {
  const posix = relative.split(path.sep).join('/');
  return `/${posix.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** Name and aliases of every card, keyed by the card page's URL (`/cards/runc/`). */
export function cardNames(atlas: Pick<Atlas, 'cards'>): Map<string, string> {
  return new Map(atlas.cards.map((card) => [`/cards/${card.id}/`, [card.name, ...card.aliases].join(' / ')]));
}

/**
 * Meta fields of each card page, by URL: `names` (ranked high), `concepts` (the card's
 * everyday words, so 镜像 among other words still finds Container Image) and `answer`
 * (its 定位 sentence, shown above the results for "X 是什么" from the fragment the first
 * result loads anyway).
 */
export function cardMeta(atlas: Pick<Atlas, 'cards'>): Map<string, Record<string, string>> {
  const names = cardNames(atlas);
  return new Map(
    atlas.cards.map((card) => {
      const url = `/cards/${card.id}/`;
      const meta: Record<string, string> = { names: must(names, url, 'page'), answer: card.position };
      if (card.concepts.length) meta.concepts = card.concepts.join(' / ');
      return [url, meta];
    }),
  );
}

export interface LayerRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/**
 * One search record per layer, pointing at its section of /layers/. `layersHtml`
 * is the built /layers/ page: a record is only made for a section that exists there,
 * so a renamed anchor fails the build instead of producing dead search results.
 */
export function layerRecords(atlas: Pick<Atlas, 'layers' | 'cardsByLayer'>, layersHtml: string): LayerRecord[] {
  return atlas.layers.map((layer) => {
    const anchor = `detail-${layer.id}`;
    if (!layersHtml.includes(`id="${anchor}"`)) {
      throw new Error(
        `search index: /layers/ has no element with id="${anchor}" for layer "${layer.id}"; the layer search record would be a dead link`,
      );
    }
    const cards = atlas.cardsByLayer.get(layer.id) ?? [];
    const title = layer.name;
    const content = [
      t('text.named', { name: layer.name, detail: `${layer.group ? `${layer.group} · ` : ''}${layer.en}` }),
      layer.description,
      cards.map((c) => cardTitle(c)).join(t('text.list')),
    ].join('\n');
    return {
      url: `/layers/#${anchor}`,
      content,
      language: indexLanguage,
      meta: {
        title,
        names: [layer.name, layer.en, layer.group].filter(Boolean).join(' / '),
        answer: layer.description,
      },
      filters: { type: ['layer'], layer: [layer.name], key: [layerKey(layer.id)] },
    };
  });
}

/** The visible text of an HTML page, roughly (tags, scripts and styles dropped): for the typo keep-list. */
function pageText(html: string): string {
  return html
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
}

async function folderSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    files++;
  }
  return { bytes, files };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

interface Fragment {
  url: string;
  content?: string;
  word_count?: number;
  meta?: Record<string, string | undefined>;
  filters?: Record<string, string[] | undefined>;
}

/**
 * Reads a Pagefind fragment file (gzip, a signature, then JSON): one page's fragment,
 * keyed by the file's id, or a group of them keyed by page id.
 */
export function readFragments(id: string, data: Buffer): Array<[string, Fragment]> {
  const text = gunzipSync(data).toString('utf8');
  const parsed = JSON.parse(text.slice(text.indexOf('{'))) as Fragment | Record<string, Fragment>;
  if (typeof parsed.url === 'string') return [[id, parsed as Fragment]];
  return Object.entries(parsed as Record<string, Fragment>);
}

/** Longest summary kept in the map for a page without a one-line answer (characters). */
const SUMMARY_LENGTH = 80;

/**
 * The map row of one fragment (`zh-cn_15935f8` + its data). `summary` (the page's
 * meta description) is kept only for pages without an `answer`: it stands in for the
 * excerpt of a result drawn from the map alone.
 */
export function pageRow(id: string, fragment: Fragment, summary = ''): PageRow {
  const meta = fragment.meta ?? {};
  const first = (name: string) => fragment.filters?.[name]?.[0] ?? '';
  const row: PageRow = [
    id,
    fragment.url,
    meta.title ?? '',
    first('type'),
    first('layer'),
    meta.names ?? '',
    meta.answer ?? '',
    first('key'),
  ];
  const short = summary.length > SUMMARY_LENGTH ? `${summary.slice(0, SUMMARY_LENGTH - 1)}…` : summary;
  if (!meta.answer && short) row.push(short);
  return row;
}

/** The page map of a written index: one row per fragment, in a stable order, with the text each row indexes. */
async function pageMap(
  outputPath: string,
  summaries: ReadonlyMap<string, string>,
): Promise<{ rows: PageRow[]; pages: WordPage[] }> {
  const dir = path.join(outputPath, 'fragment');
  const rows: PageRow[] = [];
  const pages: WordPage[] = [];
  const split = (value: string | undefined) => (value ?? '').split(' / ').map(fold).filter(Boolean);
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.pf_fragment')).sort()) {
    const fragments = readFragments(file.slice(0, -'.pf_fragment'.length), await readFile(path.join(dir, file)));
    for (const [id, fragment] of fragments) {
      rows.push(pageRow(id, fragment, summaries.get(fragment.url) ?? ''));
      pages.push({
        text: fragment.content ?? '',
        words: fragment.word_count ?? 0,
        names: split(fragment.meta?.names),
        concepts: split(fragment.meta?.concepts),
      });
    }
  }
  return { rows, pages };
}

/** The page's `<meta name="description">`, decoded ('' when it has none). */
export function pageSummary(html: string): string {
  const found = /<meta\s+name="description"\s+content="([^"]*)"/i.exec(html)?.[1];
  return found ? decodeAttr(found).trim() : '';
}

/** Every word the client reads as a name or concept word of a card or layer (search-query.ts), folded. */
export function vocabularyNameWords(vocabulary: SearchVocabulary): string[] {
  return [...new Set(vocabulary.entries.filter((entry) => entry.kind !== 'compare').flatMap(entryWords))];
}

/** The `key` filter of each page that is a vocabulary entry, by URL (see model/search-vocabulary.ts). */
export function pageKeys(
  atlas: Pick<Atlas, 'cards'>,
  pairs: readonly Pick<ComparisonPair, 'id'>[],
): Map<string, string> {
  return new Map([
    ...atlas.cards.map((card) => [`/cards/${card.id}/`, cardKey(card.id)] as const),
    ...pairs.map((pair) => [`/compare/${pair.id}/`, compareKey(pair.id)] as const),
  ]);
}

/** The /search/ page, as a file of the built site. */
export const SEARCH_PAGE = 'search/index.html';

/**
 * Preload links for the first query of /search/?q=: the page map and the search module
 * (client/search-ui.ts) with Vite's preload helper, which its boot script
 * (client/search-boot.ts) would only request after the boot script and then the helper had
 * loaded. With them, all of it loads alongside the page's own scripts. A module is linked
 * only when exactly one built file matches its name (otherwise the page simply loads it later).
 */
export function searchPagePreloads(base: string, files: readonly string[]): string {
  const links = [`<link rel="preload" href="${base}pagefind/${PAGE_MAP_FILE}" as="fetch" crossorigin="anonymous">`];
  for (const name of [/^_astro\/search-ui\.[\w-]+\.js$/, /^_astro\/preload-helper\.[\w-]+\.js$/]) {
    const found = files.filter((file) => name.test(file));
    if (found.length === 1) links.push(`<link rel="modulepreload" href="${base}${found[0]}">`);
  }
  return links.join('');
}

/**
 * Puts `links` at the end of <head>: after the stylesheet (the page's first paint waits for
 * it), before the page's module scripts (in <body>), which they would otherwise wait behind.
 */
export function withPreloads(html: string, links: string): string {
  const head = html.indexOf('</head>');
  return head === -1 ? html : html.slice(0, head) + links + html.slice(head);
}

/** What decides each page's annotations: card meta fields and vocabulary keys, by URL. */
interface IndexPlan {
  metaOf: Map<string, Record<string, string>>;
  keys: Map<string, string>;
  pairs: ComparisonPair[];
}

function indexPlan(atlas: Atlas): IndexPlan {
  const pairs = comparisonPairs(atlas);
  return { metaOf: cardMeta(atlas), keys: pageKeys(atlas, pairs), pairs };
}

interface SearchPage {
  file: string;
  url: string;
  /** The page as built. */
  source: string;
  /** The page as Pagefind is given it. */
  page: SearchAnnotation;
}

/** Every page of the site with its search annotations, read one at a time in file order (the index depends on it). */
async function* searchPages(site: BuiltSite, plan: Pick<IndexPlan, 'metaOf' | 'keys'>): AsyncGenerator<SearchPage> {
  for (const file of site.pages) {
    const source = await readPage(site, file);
    const url = urlForFile(file);
    const key = plan.keys.get(url);
    yield { file, url, source, page: annotateForSearch(source, plan.metaOf.get(url) ?? {}, key ? { key } : {}) };
  }
}

/**
 * The site's own code and Pagefind's version: files (relative to the checkout this module is in)
 * whose change can change the index or the page map while every page stays the same.
 */
const INDEX_CODE = ['src', 'package-lock.json', 'node_modules/pagefind/package.json'];

export interface IndexDigest {
  /** sha256 (hex) over everything the index and the page map are made from. */
  digest: string;
  /** Pages that carry a search body. */
  pages: number;
  /** One search record per layer (empty without a /layers/ page). */
  records: LayerRecord[];
  /** The /layers/ page was built. */
  hasLayers: boolean;
}

/**
 * Digest of the index's inputs: Pagefind's options, each indexed page's URL and annotated
 * HTML in file order, the layer records, the vocabulary (before its typo keep-list, which is
 * made from the pages), the base path, and the code (`code`: INDEX_CODE's digest by default).
 * Reads one page at a time.
 */
export async function searchIndexDigest(
  site: BuiltSite,
  atlas: Atlas,
  code: string = renderingDigest(codeRoot, INDEX_CODE),
): Promise<IndexDigest> {
  const plan = indexPlan(atlas);
  const hash = createHash('sha256');
  let layersHtml: string | undefined;
  let pages = 0;
  for await (const { url, source, page } of searchPages(site, plan)) {
    if (url === '/layers/') layersHtml = source;
    if (!page.indexed) continue;
    pages++;
    hash.update(`${url}\0${Buffer.byteLength(page.html)}\0`).update(page.html);
  }
  const records = layersHtml ? layerRecords(atlas, layersHtml) : [];
  const fixed = {
    code,
    options: PAGEFIND_OPTIONS,
    base: site.base,
    records,
    vocabulary: searchVocabulary(atlas, plan.pairs),
  };
  hash.update(JSON.stringify(fixed));
  return { digest: hash.digest('hex'), pages, records, hasLayers: layersHtml !== undefined };
}

/** What the cache folder keeps of the last index: its digest, its summary lines and the pagefind/ folder. */
const CACHED_DIGEST = 'digest';
const CACHED_LINES = 'lines.json';
const CACHED_INDEX = 'pagefind';

/** Copies the kept index into `outputPath` when it was made from the same inputs; returns its summary lines. */
async function reuseIndex(cacheDir: string, digest: string, outputPath: string): Promise<string[] | undefined> {
  try {
    if ((await readFile(path.join(cacheDir, CACHED_DIGEST), 'utf8')) !== digest) return undefined;
    const lines = JSON.parse(await readFile(path.join(cacheDir, CACHED_LINES), 'utf8')) as unknown;
    if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) return undefined;
    await stat(path.join(cacheDir, CACHED_INDEX, PAGE_MAP_FILE));
    await rm(outputPath, { recursive: true, force: true });
    await cp(path.join(cacheDir, CACHED_INDEX), outputPath, { recursive: true });
    return lines;
  } catch {
    // Nothing kept, or a broken copy: the index is made afresh (and kept again).
    await rm(outputPath, { recursive: true, force: true });
    return undefined;
  }
}

/** Keeps a copy of the index just written, with its digest, replacing the last one whole. */
async function keepIndex(cacheDir: string, digest: string, outputPath: string, lines: string[]): Promise<void> {
  const fresh = `${cacheDir}.${process.pid}.tmp`;
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { recursive: true });
  await cp(outputPath, path.join(fresh, CACHED_INDEX), { recursive: true });
  await writeFile(path.join(fresh, CACHED_LINES), JSON.stringify(lines));
  await writeFile(path.join(fresh, CACHED_DIGEST), digest);
  await rm(cacheDir, { recursive: true, force: true });
  await rename(fresh, cacheDir);
}

export interface SearchIndexOptions {
  /** Where the last index and its digest are kept; without it the index is always made afresh. */
  cacheDir?: string;
}

/**
 * Indexes every page of the built site (and one record per layer), or copies the last build's
 * index when its inputs are unchanged; returns the summary lines.
 */
export async function buildSearchIndex(
  site: BuiltSite,
  atlas: Atlas,
  options: SearchIndexOptions = {},
): Promise<string[]> {
  const outputPath = path.join(site.dir, 'pagefind');
  const inputs = options.cacheDir ? await searchIndexDigest(site, atlas) : undefined;
  const kept = options.cacheDir && inputs ? await reuseIndex(options.cacheDir, inputs.digest, outputPath) : undefined;
  const lines: string[] = [];
  if (kept && inputs) {
    lines.push(
      `search index: reused the last build's index: its ${inputs.pages} pages, ${inputs.records.length} layer records, ` +
        `vocabulary, Pagefind options and version and the site's code are unchanged (digest ${inputs.digest.slice(0, 12)}); Pagefind did not run`,
      ...kept,
    );
  } else {
    const made = await writeIndex(site, atlas, outputPath);
    lines.push(...made);
    if (options.cacheDir && inputs) await keepIndex(options.cacheDir, inputs.digest, outputPath, made);
  }
  if (site.pages.includes(SEARCH_PAGE)) {
    const file = path.join(site.dir, SEARCH_PAGE);
    await writeFile(file, withPreloads(await readFile(file, 'utf8'), searchPagePreloads(site.base, site.files)));
  }
  return lines;
}

/** Runs Pagefind over every page (and one record per layer) into `outputPath`, with the page map; returns the summary lines. */
async function writeIndex(site: BuiltSite, atlas: Atlas, outputPath: string): Promise<string[]> {
  const plan = indexPlan(atlas);
  const lines: string[] = [];
  try {
    const { index, errors } = await pagefind.createIndex(PAGEFIND_OPTIONS);
    if (!index)
      throw new Error(`search index: the Pagefind binary failed to start: ${errors.join('; ') || 'no error given'}`);

    const counts = new Map<string, number>();
    // The site's distinct Latin words, not its texts: that is all the typo keep-list reads, and it stays small.
    const siteWords = new Set<string>();
    const summaries = new Map<string, string>();
    let layersHtml: string | undefined;
    // Pagefind's own process keeps what it indexed.
    for await (const { file, url, source, page } of searchPages(site, plan)) {
      if (url === '/layers/') layersHtml = source;
      if (!page.indexed) continue;
      for (const word of latinWords(pageText(page.html))) siteWords.add(word);
      summaries.set(url, pageSummary(source));
      const added = await index.addHTMLFile({ url, content: page.html });
      if (added.errors.length) throw new Error(`search index: could not index ${file}: ${added.errors.join('; ')}`);
      counts.set(page.type ?? 'page', (counts.get(page.type ?? 'page') ?? 0) + 1);
    }
    const pages = [...counts.values()].reduce((a, b) => a + b, 0);
    if (pages === 0) {
      throw new Error(
        "search index: no page has a data-pagefind-body element, so nothing would be searchable (check BaseLayout's <main>)",
      );
    }

    const records = layersHtml ? layerRecords(atlas, layersHtml) : [];
    if (!layersHtml) lines.push('search index: warning: no /layers/ page was built; layers get no search records');
    for (const record of records) {
      const added = await index.addCustomRecord(record);
      if (added.errors.length) {
        throw new Error(`search index: could not add the record for ${record.url}: ${added.errors.join('; ')}`);
      }
    }

    await rm(outputPath, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length)
      throw new Error(`search index: writing ${outputPath} failed: ${written.errors.join('; ')}`);

    // Written next to the index it describes, so a tab never mixes one deployment's names with another's index.
    const vocabulary = searchVocabulary(atlas, plan.pairs);
    vocabulary.keep = keepWords(vocabulary, siteWords);
    const { rows, pages: indexed } = await pageMap(outputPath, summaries);
    const nameWords = wordLists(indexed, vocabularyNameWords(vocabulary));
    const map: PageMapFile = { pages: rows, vocabulary, words: nameWords };
    const mapJson = JSON.stringify(map);
    await writeFile(path.join(outputPath, PAGE_MAP_FILE), mapJson);
    for (const name of await readdir(outputPath)) {
      if (UNUSED_BUNDLE_FILE.test(name)) await rm(path.join(outputPath, name));
    }
    const all = await folderSize(outputPath);
    const words = await folderSize(path.join(outputPath, 'index'));
    const fragments = await folderSize(path.join(outputPath, 'fragment'));
    const byType = [...counts].map(([type, n]) => `${n} ${type}`).join(', ');
    lines.push(`search index: ${pages} pages (${byType}) and ${records.length} layer records`);
    lines.push(
      `search index: page map of ${rows.length} pages and ${Object.keys(nameWords).length} name words ` +
        `(${kib(Buffer.byteLength(mapJson))}, ${kib(gzipSync(mapJson).byteLength)} gzipped)`,
    );
    lines.push(
      `search index: vocabulary of ${vocabulary.entries.length} entries, ${vocabulary.keep.length} site words kept from typo correction`,
    );
    lines.push(
      `search index: pagefind/ is ${all.bytes} bytes (${kib(all.bytes)}) in ${all.files} files ` +
        `(word index ${kib(words.bytes)}, ${fragments.files} fragments ${kib(fragments.bytes)})`,
    );
  } finally {
    await pagefind.close();
  }
  return lines;
}
