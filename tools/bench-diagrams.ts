/**
 * Diagram rendering benchmark: our renderer (one browser, one page, mermaid
 * loaded once) cold and warm, against rehype-mermaid's default path (one unified
 * run per diagram, as per-file markdown rendering does), side by side.
 *
 *   node tools/bench-diagrams.ts [--limit N] [--synthetic] [--json]
 *
 * `benchDiagrams()` is exported for `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fontStack, findPackageDir } from '../src/diagrams/render/assets.ts';
import { chromiumArgs, findChromium } from '../src/diagrams/render/browser.ts';
import { DiagramRenderer } from '../src/diagrams/render/renderer.ts';
import { diagramsFor } from '../src/diagrams/source/index.ts';
import { loadChains } from '../src/model/chains.ts';
import { loadAtlas } from '../src/model/load.ts';

export interface BenchCase {
  name: string;
  source: string;
}

export interface BenchRow {
  label: string;
  diagrams: number;
  totalMs: number;
  msPerDiagram: number;
  diagramsPerSecond: number;
}

export interface BenchResult {
  source: 'content' | 'synthetic';
  chromium: string;
  /** Browser launch + page + mermaid + font set-up of our renderer (ms). */
  setupMs: number;
  ours: { cold: BenchRow; warm: BenchRow; cached: BenchRow };
  rehypeMermaid: BenchRow | undefined;
  /** rehype-mermaid ms/diagram divided by ours (warm, and cold including set-up). */
  speedup: { warm: number; cold: number } | undefined;
}

export interface BenchOptions {
  root?: string;
  /** Use at most this many diagrams (default: all). */
  limit?: number;
  /** Use ~20 generated Chinese flowcharts instead of the site's diagrams. */
  synthetic?: boolean;
  /** Skip the rehype-mermaid comparison. */
  skipRehype?: boolean;
  log?: (line: string) => void;
}

/** ~20 flowcharts and sequence diagrams with Chinese labels (used when there is no content). */
export function syntheticCases(count = 20): BenchCase[] {
  const words = [
    '容器',
    '镜像',
    '命名空间',
    '控制组',
    '运行时',
    '编排',
    '联合文件系统',
    '守护进程',
    '沙箱',
    '网络',
    '存储卷',
    '调度器',
  ];
  const cases: BenchCase[] = [];
  for (let i = 0; i < count; i += 1) {
    const w = (k: number) => words[(i + k) % words.length]!;
    if (i % 4 === 3) {
      cases.push({
        name: `synthetic-${i}`,
        source: `sequenceDiagram\n  participant A as 客户端 ${w(0)}\n  participant B as 服务 ${w(1)}\n  participant C as ${w(2)}\n  A->>B: 请求${w(3)}\n  B->>C: 创建${w(4)}\n  C-->>B: 完成\n  B-->>A: 返回结果\n`,
      });
    } else {
      const nodes = Array.from({ length: 6 + (i % 5) }, (_, k) => `  n${k}["${w(k)}<br/>第 ${k + 1} 层"]`);
      const edges = Array.from({ length: nodes.length - 1 }, (_, k) => `  n${k} -->|"${w(k + 3)}"| n${k + 1}`);
      cases.push({
        name: `synthetic-${i}`,
        source: `flowchart TB\n${nodes.join('\n')}\n${edges.join('\n')}\n  n0 -.-> n${nodes.length - 1}\n`,
      });
    }
  }
  return cases;
}

function row(label: string, diagrams: number, totalMs: number): BenchRow {
  return {
    label,
    diagrams,
    totalMs,
    msPerDiagram: diagrams ? totalMs / diagrams : 0,
    diagramsPerSecond: totalMs ? (diagrams * 1000) / totalMs : 0,
  };
}

async function rehypeMermaidRun(cases: BenchCase[], executablePath: string, root: string): Promise<BenchRow> {
  const [
    { unified },
    { default: remarkParse },
    { default: remarkRehype },
    { default: rehypeStringify },
    { default: rehypeMermaid },
  ] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-rehype'),
    import('rehype-stringify'),
    import('rehype-mermaid'),
  ]);
  const fontCss = pathToFileURL(path.join(findPackageDir('@fontsource-variable/noto-sans-sc', [root]), 'index.css'));
  // One processor, one file per diagram: what a markdown pipeline does per note.
  const processor = unified()
    .use(remarkParse)
    .use(remarkRehype)
    .use(rehypeMermaid, {
      strategy: 'inline-svg',
      launchOptions: { executablePath, args: chromiumArgs },
      css: fontCss,
      mermaidConfig: { theme: 'neutral', fontFamily: fontStack, htmlLabels: false, flowchart: { htmlLabels: false } },
    })
    .use(rehypeStringify);
  const started = performance.now();
  for (const c of cases) {
    const html = String(await processor.process(`# ${c.name}\n\n\`\`\`mermaid\n${c.source}\`\`\`\n`));
    if (!html.includes('<svg')) throw new Error(`rehype-mermaid produced no SVG for ${c.name}`);
  }
  return row('rehype-mermaid (inline-svg, one process per diagram)', cases.length, performance.now() - started);
}

export async function benchDiagrams(options: BenchOptions = {}): Promise<BenchResult> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((line: string) => console.log(line));
  let cases: BenchCase[];
  let source: BenchResult['source'] = 'content';
  if (options.synthetic) {
    cases = syntheticCases();
    source = 'synthetic';
  } else {
    try {
      // Every Mermaid source the site has: rendered chains and the exports of the laid-out diagrams.
      const contentDir = path.join(root, 'content');
      const atlas = loadAtlas(contentDir);
      cases = diagramsFor(atlas, loadChains(contentDir, atlas), { base: '/' }).map((d) => ({
        name: d.name,
        source: d.mermaid,
      }));
    } catch (error) {
      log(`bench-diagrams: content not usable (${(error as Error).message.split('\n')[0]}); using synthetic diagrams`);
      cases = syntheticCases();
      source = 'synthetic';
    }
  }
  if (options.limit) cases = cases.slice(0, options.limit);
  const { executablePath } = await findChromium();
  const origin = (c: BenchCase) => ({ file: c.name });
  const quiet = () => undefined;

  // Cold: empty cache, the renderer launches the browser and loads mermaid itself.
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'bench-diagrams-'));
  let cold: BenchRow;
  let cached: BenchRow;
  let setupMs: number;
  try {
    const renderer = new DiagramRenderer({ root, cacheDir, executablePath, log: quiet });
    let started = performance.now();
    for (const c of cases) await renderer.render(c.source, origin(c));
    cold = row('ours, cold (launch + mermaid load + render, empty cache)', cases.length, performance.now() - started);
    setupMs = renderer.stats.setupMs;
    await renderer.close();
    // Cached: a later build with nothing changed (no browser at all).
    const again = new DiagramRenderer({ root, cacheDir, executablePath, log: quiet });
    started = performance.now();
    for (const c of cases) await again.render(c.source, origin(c));
    cached = row('ours, unchanged rebuild (disk cache, no browser)', cases.length, performance.now() - started);
    if (again.stats.browserLaunches) throw new Error('bench: cached run launched a browser');
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }

  // Warm: browser open and mermaid loaded, no cache at all.
  const warmRenderer = new DiagramRenderer({ root, cacheDir: false, memoryCache: false, executablePath, log: quiet });
  await warmRenderer.render('flowchart LR\n  a["预热"] --> b["完成"]\n', { file: 'warm-up' });
  const warmStart = performance.now();
  for (const c of cases) await warmRenderer.render(c.source, origin(c));
  const warm = row('ours, warm (browser open, mermaid loaded, cache off)', cases.length, performance.now() - warmStart);
  await warmRenderer.close();

  const rehypeMermaid = options.skipRehype ? undefined : await rehypeMermaidRun(cases, executablePath, root);
  const result: BenchResult = {
    source,
    chromium: executablePath,
    setupMs,
    ours: { cold, warm, cached },
    rehypeMermaid,
    speedup: rehypeMermaid
      ? { warm: rehypeMermaid.msPerDiagram / warm.msPerDiagram, cold: rehypeMermaid.msPerDiagram / cold.msPerDiagram }
      : undefined,
  };
  for (const line of formatBench(result)) log(line);
  return result;
}

export function formatBench(result: BenchResult): string[] {
  const rows = [
    result.ours.cold,
    result.ours.warm,
    result.ours.cached,
    ...(result.rehypeMermaid ? [result.rehypeMermaid] : []),
  ];
  const width = Math.max(...rows.map((r) => r.label.length));
  const lines = [
    `diagram rendering: ${rows[0]!.diagrams} ${result.source} diagrams (light theme), Chromium ${result.chromium}`,
    `${'path'.padEnd(width)} | ${'total ms'.padStart(9)} | ${'ms/diagram'.padStart(10)} | ${'diagrams/s'.padStart(10)}`,
    `${'-'.repeat(width)}-|-${'-'.repeat(9)}-|-${'-'.repeat(10)}-|-${'-'.repeat(10)}`,
    ...rows.map(
      (r) =>
        `${r.label.padEnd(width)} | ${r.totalMs.toFixed(0).padStart(9)} | ${r.msPerDiagram.toFixed(1).padStart(10)} | ${r.diagramsPerSecond.toFixed(1).padStart(10)}`,
    ),
    `our set-up (launch Chromium, load mermaid + font): ${result.setupMs.toFixed(0)} ms, once per build`,
  ];
  if (result.speedup) {
    lines.push(
      `speed-up vs rehype-mermaid: ${result.speedup.warm.toFixed(1)}× per diagram (warm), ${result.speedup.cold.toFixed(1)}× including our set-up (cold)`,
    );
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const limitAt = args.indexOf('--limit');
  const result = await benchDiagrams({
    ...(limitAt >= 0 ? { limit: Number(args[limitAt + 1]) } : {}),
    synthetic: args.includes('--synthetic'),
    skipRehype: args.includes('--skip-rehype'),
    ...(args.includes('--json') ? { log: () => undefined } : {}),
  });
  if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
}
