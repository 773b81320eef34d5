/**
 * Splits an `astro build` log (each line stamped with the time the benchmark
 * received it, in ms since the build was started) into phases. Pure.
 *
 * Phases of our site (marker lines in brackets):
 *   startup        spawn → `[content] Syncing content` (config, content validation, site diagrams, Vite)
 *   contentSync    `Syncing content` → `Synced content` (Markdown rendering, note Mermaid fences)
 *   bundle         `Synced content` → `generating static routes` (Vite build of entrypoints)
 *   pages          `generating static routes` → `✓ Completed in …`
 *   searchIndex    the `[stack-atlas:search-index]` integration (Pagefind)
 *   checks         `[stack-atlas:link-check]` + `[stack-atlas:url-contract]`
 *   otherPostBuild sitemap, offline precache, _headers, atomic move, and anything unlabelled
 * Post-build integrations run one after the other; each one's time is the gap between
 * its last log line and the previous integration's last line.
 * Starlight's Pagefind step (`[starlight:pagefind]`) counts as searchIndex.
 */

export interface LogLine {
  /** ms since the build process was spawned. */
  t: number;
  text: string;
}

export interface DiagramFigures {
  /** Diagram renders (×2 themes on our site) drawn in the browser / taken from the cache. */
  rendered: number;
  cached: number;
  /** Browser set-up + rendering time in ms, when known. */
  ms: number | undefined;
  /** Where the figures came from. */
  source: 'probe' | 'log';
}

export interface Phases {
  totalMs: number;
  startupMs: number | undefined;
  contentSyncMs: number | undefined;
  bundleMs: number | undefined;
  pagesMs: number | undefined;
  searchIndexMs: number | undefined;
  checksMs: number | undefined;
  otherPostBuildMs: number | undefined;
  /** Per post-build integration (ms), in log order. */
  postBuild: Array<{ name: string; ms: number }>;
  /** Routes listed under `generating static routes` (HTML and other files). */
  routes: number;
  htmlRoutes: number;
  /** From the log or the renderer probe; undefined when the build printed nothing about diagrams. */
  diagrams: DiagramFigures | undefined;
  /** Raw `search index: …` / Pagefind summary lines. */
  searchSummary: string[];
  /** What the offline worker downloads in the background on a first visit (the build's `offline:` line). */
  firstVisit: FirstVisit | undefined;
}

export interface FirstVisit {
  files: number;
  /** Bytes as a compressing host sends them. */
  transferBytes: number;
}

/** The offline worker's first-visit download from the build's `offline: first visit precaches …` line. */
export function parseFirstVisit(lines: readonly string[]): FirstVisit | undefined {
  for (const line of lines) {
    const m = /offline: first visit precaches (\d+) files \([\d.]+ MiB, ([\d.]+) KiB compressed\)/.exec(line);
    if (m) return { files: Number(m[1]), transferBytes: Math.round(Number(m[2]) * 1024) };
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Removes colour codes and trailing whitespace. */
export function stripAnsi(text: string): string {
  return text.replace(ansi, '').replace(/\s+$/, '');
}

/** The `[tag]` of an Astro log line (`21:39:28 [stack-atlas:link-check] …` → `stack-atlas:link-check`), skipping `[WARN]`/`[ERROR]`. */
export function lineTag(text: string): string | undefined {
  const clean = stripAnsi(text);
  const tags = [...clean.matchAll(/\[([^\]\s]+)\]/g)].map((m) => m[1]!);
  return tags.find((tag) => !/^(WARN|ERROR|INFO|DEBUG)$/.test(tag));
}

const searchTags = new Set(['stack-atlas:search-index', 'starlight:pagefind']);
const checkTags = new Set(['stack-atlas:link-check', 'stack-atlas:url-contract']);
/**
 * Integration tags look like `stack-atlas:link-check`, `starlight:pagefind` or
 * `@astrojs/sitemap`; Astro's own (`build`, `vite`, `content`), a library's (`BABEL`)
 * and the benchmark probe's (`bench:…`) lines are not integrations finishing.
 */
export function isIntegrationTag(tag: string): boolean {
  if (/^bench:/.test(tag) || /^(build|vite|content|types|glob-loader|strict-glob-loader)$/.test(tag)) return false;
  return /[:@/]/.test(tag);
}

/** Parses `[bench:diagrams] {json}` written by the renderer probe, or the integration's progress lines. */
export function parseDiagramFigures(lines: readonly LogLine[]): DiagramFigures | undefined {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const m = /\[bench:diagrams\]\s*(\{.*\})/.exec(stripAnsi(lines[i]!.text));
    if (m) {
      const stats = JSON.parse(m[1]!) as { rendered: number; cached: number; setupMs: number; renderMs: number };
      return { rendered: stats.rendered, cached: stats.cached, ms: stats.setupMs + stats.renderMs, source: 'probe' };
    }
  }
  let found = false;
  let rendered = 0;
  let cached = 0;
  let ms: number | undefined;
  for (const line of lines) {
    const text = stripAnsi(line.text);
    if (!/\[stack-atlas:diagrams\]/.test(text) && !/^\s*(\d\d:\d\d:\d\d\s+)?diagrams: \d+\/\d+ rendered/.test(text))
      continue;
    // Final progress line of a batch: `diagrams: 12/40 rendered, 28 cached (… ms browser set-up, … ms rendering)` or `(no browser needed)`.
    const progress =
      /(\d+)\/(\d+) rendered, (\d+) cached(?: \((?:(\d+) ms browser set-up, (\d+) ms rendering|no browser needed)\))?\s*$/.exec(
        text,
      );
    if (progress && !/…/.test(text)) {
      found = true;
      rendered += Number(progress[1]);
      cached += Number(progress[3]);
      if (progress[4] !== undefined) ms = (ms ?? 0) + Number(progress[4]) + Number(progress[5]);
      else if (/no browser needed/.test(text)) ms = ms ?? 0;
    }
  }
  return found ? { rendered, cached, ms, source: 'log' } : undefined;
}

/** Splits a timed build log into phases (see the file comment). */
export function parsePhases(lines: readonly LogLine[], totalMs: number): Phases {
  const clean = lines.map((l) => ({ t: l.t, text: stripAnsi(l.text) }));
  const find = (re: RegExp, from = 0) => {
    for (let i = from; i < clean.length; i += 1) if (re.test(clean[i]!.text)) return i;
    return -1;
  };
  const syncStart = find(/\[content\] Syncing content/);
  const syncEnd = find(/\[content\] Synced content/, Math.max(0, syncStart));
  const routesStart = find(/generating static routes/);
  const routesEnd = routesStart >= 0 ? find(/^(\d\d:\d\d:\d\d\s+)?✓ Completed in/, routesStart + 1) : -1;
  const at = (i: number) => (i >= 0 ? clean[i]!.t : undefined);
  const span = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b >= a ? b - a : undefined;

  let routes = 0;
  let htmlRoutes = 0;
  if (routesStart >= 0) {
    for (let i = routesStart + 1; i < (routesEnd >= 0 ? routesEnd : clean.length); i += 1) {
      const m = /[├└]─ (\S+)/.exec(clean[i]!.text);
      if (!m) continue;
      routes += 1;
      if (/\.html$/.test(m[1]!)) htmlRoutes += 1;
    }
  }

  // Post-build: integrations after the pages, in order; each one's time runs from the previous one's last line.
  const postBuild: Array<{ name: string; ms: number }> = [];
  let searchSummary: string[] = [];
  if (routesEnd >= 0) {
    let boundary = clean[routesEnd]!.t;
    const lastLineOf = new Map<string, number>();
    const order: string[] = [];
    for (let i = routesEnd + 1; i < clean.length; i += 1) {
      const tag = lineTag(clean[i]!.text);
      if (!tag || !isIntegrationTag(tag)) continue;
      if (!lastLineOf.has(tag)) order.push(tag);
      lastLineOf.set(tag, clean[i]!.t);
      if (searchTags.has(tag)) searchSummary.push(clean[i]!.text.replace(/^\d\d:\d\d:\d\d\s+\[[^\]]+\]\s*/, ''));
    }
    for (const name of order) {
      const end = lastLineOf.get(name)!;
      postBuild.push({ name, ms: Math.max(0, end - boundary) });
      boundary = Math.max(boundary, end);
    }
    // The build's own wrap-up (and unlabelled work) up to process exit.
    postBuild.push({ name: '(wrap-up until exit)', ms: Math.max(0, totalMs - boundary) });
    // Astro's `[build] ✓ Completed` after the routes is part of the pages phase, not post-build.
    searchSummary = searchSummary.filter((s) => s.length > 0);
  }
  const sum = (pred: (name: string) => boolean) => {
    const items = postBuild.filter((p) => pred(p.name));
    return items.length ? items.reduce((n, p) => n + p.ms, 0) : undefined;
  };

  // Since the post-build steps run in one integration (`[stack-atlas:post-build] search index
  // done in N ms`, partly in parallel), each step's own duration comes from its line.
  const doneIn = (step: RegExp) => {
    let total: number | undefined;
    for (const l of clean) {
      const m = /\[stack-atlas:post-build\]\s+(.+?) done in (\d+) ms/.exec(l.text);
      if (m && step.test(m[1]!)) total = (total ?? 0) + Number(m[2]);
    }
    return total;
  };
  const searchIndexMs = sum((n) => searchTags.has(n)) ?? doneIn(/^search index$/);
  const checksMs = sum((n) => checkTags.has(n)) ?? doneIn(/^(link check|url contract)$/);
  let otherPostBuildMs = sum((n) => !searchTags.has(n) && !checkTags.has(n));
  if (otherPostBuildMs !== undefined && postBuild.some((p) => p.name === 'stack-atlas:post-build')) {
    // The combined integration's span holds the steps counted above (overlapping runs aside).
    otherPostBuildMs = Math.max(0, otherPostBuildMs - (searchIndexMs ?? 0) - (checksMs ?? 0));
  }

  return {
    totalMs,
    startupMs: at(syncStart),
    contentSyncMs: span(at(syncStart), at(syncEnd)),
    bundleMs: span(at(syncEnd), at(routesStart)),
    pagesMs: span(at(routesStart), at(routesEnd)),
    searchIndexMs,
    checksMs,
    otherPostBuildMs,
    postBuild,
    routes,
    htmlRoutes,
    diagrams: parseDiagramFigures(lines),
    searchSummary,
    firstVisit: parseFirstVisit(clean.map((l) => l.text)),
  };
}
