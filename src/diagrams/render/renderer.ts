/**
 * Mermaid → SVG at build time: one headless Chromium, one page, mermaid loaded
 * once, the CJK web font injected; results cached on disk by content hash so an
 * unchanged diagram is never rendered twice, even across builds. The browser is
 * only launched when something is missing from the cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
// Types only: the module itself is loaded on the first launch (browser.ts playwright()).
import type { Browser, Page } from 'playwright-core';
import { assetVersions, fontStack, loadRenderAssets, webFontFamily } from './assets.ts';
import { chromiumArgs, findChromium, playwright } from './browser.ts';
import { installPageRenderer, type PageRenderInput, type PageRenderOutput } from './page-script.ts';
import type { RenderedSvg } from './svg.ts';
import { themeVariables } from './theme.ts';
import { unsafeSvgReason } from './sanitize.ts';
import { sequenceLayout } from '../source/chain.ts';

export type { RenderedSvg } from './svg.ts';

/** Bump when post-processing or render settings change: invalidates the disk cache. */
export const RENDERER_VERSION = '7';

/** Where a diagram comes from, for error messages. */
export interface DiagramOrigin {
  /** Generated diagram name (`stack`, `card-runc`) or the note's file path. */
  file: string;
  /** 1-based line in `file` of the first line of the Mermaid source (fences); absent for generated diagrams. */
  line?: number;
  /** Line of the opening ``` fence, for the message. */
  fenceLine?: number;
}

/**
 * Mermaid reports parse errors by line of its pre-processed text: comment lines,
 * leading blank lines, front matter and `%%{init}%%` directives are removed
 * first. Maps such a line back to the line of the source as written.
 */
export function sourceLineOf(source: string, mermaidLine: number): number {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let kept = lines.map((_, i) => i + 1).filter((n) => !/^\s*%%(?!\{)/.test(lines[n - 1]!));
  const dropLeadingBlank = () => {
    while (kept.length && !lines[kept[0]! - 1]!.trim()) kept = kept.slice(1);
  };
  dropLeadingBlank();
  if (kept.length && /^-{3}\s*$/.test(lines[kept[0]! - 1]!)) {
    const close = kept.findIndex((n, i) => i > 0 && /^-{3}\s*$/.test(lines[n - 1]!));
    if (close > 0) kept = kept.slice(close + 1);
  }
  dropLeadingBlank();
  kept = kept.filter((n) => !/^\s*%%\{[\s\S]*\}%%\s*$/.test(lines[n - 1]!));
  dropLeadingBlank();
  return kept[mermaidLine - 1] ?? mermaidLine;
}

export class DiagramError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly mermaidLine: number | undefined;
  constructor(origin: DiagramOrigin, mermaidMessage: string, mermaidLine: number | undefined, source: string) {
    const srcLine = mermaidLine ? source.split('\n')[mermaidLine - 1] : undefined;
    const detail = mermaidMessage.trim().split('\n').slice(0, 4).join('\n    ');
    let where: string;
    let fileLine: number | undefined;
    if (origin.line !== undefined) {
      fileLine = mermaidLine ? origin.line + mermaidLine - 1 : (origin.fenceLine ?? origin.line);
      where =
        `${origin.file}:${fileLine}: invalid Mermaid in the fence at line ${origin.fenceLine ?? origin.line - 1}` +
        (mermaidLine ? ` (Mermaid parse error on line ${mermaidLine} of the diagram source)` : '');
    } else {
      where =
        `diagram "${origin.file}": invalid generated Mermaid` +
        (mermaidLine ? ` (Mermaid parse error on line ${mermaidLine} of the generated source)` : '');
    }
    super(`${where}\n    ${detail}${srcLine !== undefined ? `\n    > ${mermaidLine} | ${srcLine}` : ''}`);
    this.name = 'DiagramError';
    this.file = origin.file;
    this.line = fileLine;
    this.mermaidLine = mermaidLine;
  }
}

export interface RendererOptions {
  /** Project root (node_modules lookup, default cache dir). Default: process.cwd(). */
  root?: string;
  /** Disk cache directory, or false for no disk cache. Default: <root>/node_modules/.cache/stack-atlas/diagrams. */
  cacheDir?: string | false;
  /** Keep results in memory too (default true). Benchmarks turn it off. */
  memoryCache?: boolean;
  /** Chromium executable; default: findChromium(). */
  executablePath?: string;
  /** Progress and warnings. Default: console.log. */
  log?: (message: string) => void;
  /** Measure every label against its shape and warn about clipping (default true). */
  checkFit?: boolean;
}

export interface RenderJob {
  source: string;
  origin: DiagramOrigin;
}

export interface RenderStats {
  rendered: number;
  cached: number;
  /** Time spent launching the browser and loading mermaid + fonts (ms). */
  setupMs: number;
  /** Time spent in mermaid renders (ms), excluding set-up. */
  renderMs: number;
  browserLaunches: number;
}

export function defaultCacheDir(root = process.cwd()): string {
  return path.join(root, 'node_modules', '.cache', 'stack-atlas', 'diagrams');
}

const origin = 'https://stack-atlas.invalid';

export class DiagramRenderer {
  readonly options: Required<Omit<RendererOptions, 'executablePath'>> & { executablePath?: string };
  readonly stats: RenderStats = { rendered: 0, cached: 0, setupMs: 0, renderMs: 0, browserLaunches: 0 };
  private versions: { mermaid: string; font: string } | undefined;
  private memory = new Map<string, RenderedSvg>();
  private browser: Browser | undefined;
  private pagePromise: Promise<Page> | undefined;
  /** Serializes page work: mermaid.initialize + render must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: RendererOptions = {}) {
    const root = options.root ?? process.cwd();
    this.options = {
      root,
      cacheDir: options.cacheDir === undefined ? defaultCacheDir(root) : options.cacheDir,
      memoryCache: options.memoryCache ?? true,
      log: options.log ?? ((message) => console.log(message)),
      checkFit: options.checkFit ?? true,
      ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    };
  }

  /** Whether a browser is currently running. */
  get browserRunning(): boolean {
    return this.browser !== undefined;
  }

  /** sha256(source + Mermaid settings + mermaid version + renderer version + font version). */
  cacheKey(source: string): string {
    this.versions ??= assetVersions(this.options.root);
    const settings = JSON.stringify(this.mermaidConfig());
    return createHash('sha256')
      .update(JSON.stringify([source, settings, this.versions.mermaid, RENDERER_VERSION, this.versions.font]))
      .digest('hex');
  }

  /** Id prefix of a rendering: unique per source, stable across builds. */
  static prefixFor(key: string): string {
    return `sa${key.slice(0, 10)}`;
  }

  private cacheFile(key: string): string | undefined {
    return this.options.cacheDir ? path.join(this.options.cacheDir, `${key}.json`) : undefined;
  }

  /** Returns the cached rendering without launching anything, or undefined. */
  lookup(source: string): RenderedSvg | undefined {
    const key = this.cacheKey(source);
    const hit = this.memory.get(key);
    if (hit) return hit;
    const file = this.cacheFile(key);
    if (file && existsSync(file)) {
      try {
        const value = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
        // An entry is only trusted if it is what this renderer would have produced: this renderer
        // version, our prefix, safe SVG. Anything else is rendered again (and the entry replaced).
        const problem = cacheEntryProblem(value, DiagramRenderer.prefixFor(key));
        if (!problem) {
          const { renderer: _version, ...rendered } = value;
          if (this.options.memoryCache) this.memory.set(key, rendered);
          return rendered;
        }
        this.options.log(`diagrams: cache entry ignored, rendering again: ${problem} (${file})`);
      } catch {
        this.options.log(`diagrams: cache entry ignored, rendering again: not valid JSON (${file})`);
      }
    }
    return undefined;
  }

  /** Renders one diagram (cache first); its colours follow the site theme. Throws DiagramError on invalid Mermaid. */
  async render(source: string, from: DiagramOrigin): Promise<RenderedSvg> {
    const cached = this.lookup(source);
    if (cached) {
      this.stats.cached += 1;
      return cached;
    }
    const key = this.cacheKey(source);
    const result = await this.exclusive(() => this.renderInPage(source, key, from));
    this.stats.rendered += 1;
    if (this.options.memoryCache) this.memory.set(key, result);
    const file = this.cacheFile(key);
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      const entry: CacheEntry = { ...result, renderer: RENDERER_VERSION };
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, file);
    }
    return result;
  }

  /**
   * Renders many diagrams, printing progress like
   * `diagrams: 12/40 rendered, 28 cached`.
   */
  async renderAll(jobs: RenderJob[], label = 'diagrams'): Promise<RenderedSvg[]> {
    const total = jobs.length;
    const before = { ...this.stats };
    const results: RenderedSvg[] = [];
    let lastReport = Date.now();
    const report = (final: boolean) => {
      const rendered = this.stats.rendered - before.rendered;
      const cached = this.stats.cached - before.cached;
      if (final || Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        const done = rendered + cached;
        this.options.log(
          `${label}: ${rendered}/${total} rendered, ${cached} cached` +
            (final
              ? rendered
                ? ` (${(this.stats.setupMs - before.setupMs).toFixed(0)} ms browser set-up, ${(this.stats.renderMs - before.renderMs).toFixed(0)} ms rendering)`
                : ' (no browser needed)'
              : ` … ${done}/${total}`),
        );
      }
    };
    for (const job of jobs) {
      results.push(await this.render(job.source, job.origin));
      report(false);
    }
    report(true);
    return results;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async page(): Promise<Page> {
    if (this.closed) throw new Error('diagrams: renderer was closed');
    this.pagePromise ??= this.launch().catch((error: unknown) => {
      this.pagePromise = undefined;
      throw error;
    });
    return this.pagePromise;
  }

  private async launch(): Promise<Page> {
    const started = performance.now();
    const executablePath = this.options.executablePath ?? (await findChromium()).executablePath;
    const assets = loadRenderAssets(this.options.root);
    try {
      this.browser = await playwright().chromium.launch({ executablePath, args: chromiumArgs, headless: true });
    } catch (error) {
      throw new Error(
        `diagrams: could not launch Chromium at ${executablePath}: ${(error as Error).message.split('\n')[0]}\n` +
          'Set STACK_ATLAS_CHROMIUM to a working Chrome/Chromium binary, or apt-get install chromium.',
        { cause: error },
      );
    }
    this.stats.browserLaunches += 1;
    const page = await this.browser.newPage({ viewport: { width: 1600, height: 1200 }, deviceScaleFactor: 1 });
    const html =
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
      `<style>${assets.fontCss}\nhtml,body{margin:0;font-family:${fontStack}}#render,#measure{position:absolute;left:0;top:0;width:10000px}</style>` +
      '</head><body><div id="render"></div><div id="measure"></div>' +
      '<script src="/mermaid.min.js"></script></body></html>';
    // Everything the page loads is served from node_modules under a fake same-origin URL; the network is never used.
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== origin) return route.abort();
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
      if (url.pathname === '/mermaid.min.js') {
        return route.fulfill({
          contentType: 'text/javascript; charset=utf-8',
          body: readFileSync(assets.mermaidScript),
        });
      }
      const font = /^\/fonts\/([\w.-]+\.woff2)$/.exec(url.pathname);
      if (font)
        return route.fulfill({ contentType: 'font/woff2', body: readFileSync(path.join(assets.fontDir, font[1]!)) });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof (window as unknown as { mermaid?: unknown }).mermaid !== 'undefined');
    await page.evaluate(installPageRenderer);
    this.stats.setupMs += performance.now() - started;
    return page;
  }

  private mermaidConfig(): Record<string, unknown> {
    return {
      startOnLoad: false,
      securityLevel: 'strict',
      // Colours are placeholders that svg.ts turns into the site's colour tokens.
      theme: 'base',
      fontFamily: fontStack,
      // Mermaid's sequence diagrams take their actor, message and note size from here.
      fontSize: 14,
      themeVariables: { ...themeVariables(), fontFamily: fontStack },
      htmlLabels: false,
      markdownAutoWrap: false,
      deterministicIds: true,
      flowchart: { htmlLabels: false, useMaxWidth: true, padding: 16, subGraphTitleMargin: { top: 6, bottom: 6 } },
      sequence: {
        useMaxWidth: true,
        actorFontFamily: fontStack,
        noteFontFamily: fontStack,
        messageFontFamily: fontStack,
        wrap: false,
        width: sequenceLayout.actorWidth,
        height: sequenceLayout.actorHeight,
        actorMargin: sequenceLayout.actorMargin,
        boxMargin: 6,
        mirrorActors: false,
      },
    };
  }

  private async renderInPage(source: string, key: string, from: DiagramOrigin): Promise<RenderedSvg> {
    const page = await this.page();
    const prefix = DiagramRenderer.prefixFor(key);
    const input: PageRenderInput = {
      source,
      prefix,
      config: { ...this.mermaidConfig(), deterministicIDSeed: prefix },
      fontFamily: webFontFamily,
      checkFit: this.options.checkFit,
    };
    const started = performance.now();
    const out = (await page.evaluate(
      (arg) =>
        (
          window as unknown as { __stackAtlasRender: (i: PageRenderInput) => Promise<PageRenderOutput> }
        ).__stackAtlasRender(arg),
      input,
    )) as PageRenderOutput;
    this.stats.renderMs += performance.now() - started;
    if (!out.ok) throw new DiagramError(from, out.message, out.line && sourceLineOf(source, out.line), source);
    const where = from.line !== undefined ? `${from.file}:${from.line}` : `diagram "${from.file}"`;
    if (!out.fontsOk) this.options.log(`diagrams: warning: ${where} : CJK web font not fully loaded while measuring`);
    for (const warning of out.warnings) this.options.log(`diagrams: warning: ${where} : ${warning}`);
    const result: RenderedSvg = {
      svg: out.svg,
      prefix,
      width: out.width,
      height: out.height,
      viewBox: out.viewBox,
      warnings: out.warnings,
    };
    if (out.accTitle) result.accTitle = out.accTitle;
    if (out.accDescr) result.accDescr = out.accDescr;
    return result;
  }

  /** Closes the browser (idempotent). The renderer can launch again afterwards unless `final`. */
  async close(final = false): Promise<void> {
    if (final) this.closed = true;
    const browser = this.browser;
    this.browser = undefined;
    this.pagePromise = undefined;
    if (browser) await browser.close().catch(() => undefined);
  }
}

/** A disk cache entry: the rendering and the renderer version that wrote it. */
type CacheEntry = RenderedSvg & { renderer: string };

/** Why a parsed cache file is not an entry this renderer wrote (wrong version, shape or prefix, unsafe SVG), if it is not. */
function cacheEntryProblem(value: unknown, prefix: string): string | undefined {
  const entry = value as Partial<CacheEntry> | null;
  if (typeof entry !== 'object' || entry === null || typeof entry.svg !== 'string') return 'no SVG in it';
  if (entry.renderer !== RENDERER_VERSION) {
    return `written by renderer version ${JSON.stringify(entry.renderer ?? null)}, this is version ${RENDERER_VERSION}`;
  }
  if (entry.prefix !== prefix) return 'its ids do not belong to this diagram';
  if (typeof entry.width !== 'number' || typeof entry.height !== 'number') return 'no size';
  const unsafe = unsafeSvgReason(entry.svg);
  return unsafe ? `its SVG ${unsafe}` : undefined;
}
