/**
 * Lighthouse (mobile, its default: simulated slow 4G and 4× CPU slowdown) with Debian's
 * Chromium. The npm `lighthouse` package is not a project dependency: like the Starlight
 * project it is installed once into `<work-dir>/lighthouse` (no browser download; it
 * drives the Chromium given in CHROME_PATH). One run per page, one page at a time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LIGHTHOUSE_VERSION = '12.8.2';

export type LighthouseCategory = 'performance' | 'accessibility' | 'best-practices' | 'seo';
export const LIGHTHOUSE_CATEGORIES: readonly LighthouseCategory[] = [
  'performance',
  'accessibility',
  'best-practices',
  'seo',
];

export interface LighthousePage {
  url: string;
  scores?: Record<LighthouseCategory, number> | undefined;
  /** Audits below 1 that cost points (id: display value), for the report. */
  losses?: string[] | undefined;
  error?: string | undefined;
}

/** Installs lighthouse into `dir` if needed; returns its CLI path. */
export function setupLighthouse(dir: string, log: (line: string) => void): string {
  const cli = path.join(dir, 'node_modules/lighthouse/cli/index.js');
  const pkgFile = path.join(dir, 'package.json');
  const pkg = `${JSON.stringify({ name: 'atlas-bench-lighthouse', private: true, dependencies: { lighthouse: LIGHTHOUSE_VERSION } }, null, 2)}\n`;
  if (existsSync(cli) && existsSync(pkgFile) && readFileSync(pkgFile, 'utf8') === pkg) return cli;
  mkdirSync(dir, { recursive: true });
  writeFileSync(pkgFile, pkg);
  log(`  npm install in ${dir} (lighthouse ${LIGHTHOUSE_VERSION}; first run only) …`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(cli)) throw new Error(`npm install lighthouse failed in ${dir}`);
  return cli;
}

/** Runs Lighthouse on `url`; the JSON report is kept in `reportFile`. */
export async function runLighthouse(options: {
  cli: string;
  url: string;
  chromium: string;
  reportFile: string;
  timeoutMs?: number;
}): Promise<LighthousePage> {
  rmSync(options.reportFile, { force: true });
  const child = spawn(
    process.execPath,
    [
      options.cli,
      options.url,
      '--quiet',
      '--output=json',
      `--output-path=${options.reportFile}`,
      `--only-categories=${LIGHTHOUSE_CATEGORIES.join(',')}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ],
    { env: { ...process.env, CHROME_PATH: options.chromium }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
  const code: number | null = await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0 || !existsSync(options.reportFile)) {
    return { url: options.url, error: `lighthouse exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}` };
  }
  return parseLighthouseReport(options.url, readFileSync(options.reportFile, 'utf8'));
}

interface LhrJson {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, { score: number | null; displayValue?: string; title: string }>;
  runtimeError?: { message: string };
}

/** Category scores (0–100) and the weighted audits that lost points. Pure; unit-tested. */
export function parseLighthouseReport(url: string, json: string): LighthousePage {
  const lhr = JSON.parse(json) as LhrJson;
  if (lhr.runtimeError) return { url, error: lhr.runtimeError.message };
  const scores = {} as Record<LighthouseCategory, number>;
  const losses: string[] = [];
  for (const c of LIGHTHOUSE_CATEGORIES) {
    const cat = lhr.categories[c];
    if (!cat || cat.score === null) return { url, error: `no ${c} score` };
    scores[c] = Math.round(cat.score * 100);
    for (const ref of cat.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        losses.push(`${ref.id}${audit.displayValue ? ` ${audit.displayValue}` : ''}`);
      }
    }
  }
  return { url, scores, losses };
}
