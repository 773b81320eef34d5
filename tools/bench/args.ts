/** Command-line flags of `npm run bench` (pure parsing, unit-tested). */
import { parseArgs as parseFlags } from 'node:util';

export interface BenchArgs {
  sizes: number[];
  skipStarlight: boolean;
  skipWeight: boolean;
  skipCorpus: boolean;
  /** No search time-to-first-result. */
  skipSearch: boolean;
  /** No Lighthouse runs. */
  skipLighthouse: boolean;
  /** No `astro dev` start-up timing. */
  skipDev: boolean;
  /** No live-machine figures (browser and CI's live phase). */
  skipLive: boolean;
  /** Runs per search query (median taken). */
  searchRuns: number;
  /** --search-runs was given (--quick then does not lower Starlight's runs). */
  searchRunsGiven: boolean;
  quick: boolean;
  seed: number;
  /** Keep the same mermaid sources run after run (diagram cache hits) instead of forcing cold renders. */
  warmDiagrams: boolean;
  /** Work folder for corpora, builds, logs (outside the project). */
  workDir: string;
  /** Results JSON (default <workDir>/results.json). */
  json: string | undefined;
  /** Keep build outputs after measuring. */
  keep: boolean;
  /** Markdown file the results are written into (default docs/benchmarks.md). */
  docs: string | undefined;
  /** Do not write the results into the docs. */
  noDocs: boolean;
  help: boolean;
}

export const DEFAULT_SIZES = [500, 2000];
export const DEFAULT_SEARCH_RUNS = 3;
/** Runs per search query with --quick (unless --search-runs is given). */
export const QUICK_SEARCH_RUNS = 2;

export const USAGE = `npm run bench -- [flags]

  --quick                own content only (cold, unchanged, one sentence edited, page weight,
                         search, astro dev), no synthetic corpora unless --sizes is given,
                         2 search runs per query, no Lighthouse unless --lighthouse
  --sizes 500,2000       synthetic corpus sizes (notes); 500 and 2000 fill the goal table,
                         sizes up to 500 are also rebuilt unchanged and edited  default 500,2000
  --skip-starlight       do not build the Starlight comparison
  --skip-weight          do not measure page weight
  --skip-search          do not measure search time to first result
  --skip-dev             do not time astro dev (start-up, saved edits until visible)
  --skip-live            no live-machine figures (press → prompt, download, round trip,
                         tab memory, every live example under Node)
  --skip-lighthouse      no Lighthouse (mobile) runs (--quick: none unless --lighthouse)
  --lighthouse           with --quick: Lighthouse on our note page
  --search-runs N        runs per search query (median)          default 3 (--quick: 2, Starlight 1)
  --skip-corpus          no synthetic builds
  --seed N               PRNG seed of the corpus                   default 20250419
  --warm-diagrams        reuse mermaid sources between runs (cache hits) instead of cold renders
  --work-dir DIR         corpora, builds and logs (outside the project) default /tmp/atlas-bench
  --json FILE            write all results as JSON               default <work-dir>/results.json
  --keep                 keep build outputs
  --docs FILE            write the results into FILE            default docs/benchmarks.md
  --no-docs              do not write the results into the docs
  --help`;

const FLAGS = {
  sizes: { type: 'string' },
  seed: { type: 'string' },
  'search-runs': { type: 'string' },
  docs: { type: 'string' },
  'work-dir': { type: 'string' },
  json: { type: 'string' },
  quick: { type: 'boolean' },
  'skip-starlight': { type: 'boolean' },
  'skip-weight': { type: 'boolean' },
  'skip-search': { type: 'boolean' },
  'skip-lighthouse': { type: 'boolean' },
  lighthouse: { type: 'boolean' },
  'skip-dev': { type: 'boolean' },
  'skip-live': { type: 'boolean' },
  'no-docs': { type: 'boolean' },
  'skip-corpus': { type: 'boolean' },
  'warm-diagrams': { type: 'boolean' },
  keep: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses argv (without node and script) with node:util's parseArgs. Throws on unknown flags or bad values. */
export function parseArgs(argv: readonly string[], defaults: { workDir: string; seed: number }): BenchArgs {
  let values: ReturnType<typeof parseFlags<{ args: string[]; options: typeof FLAGS; strict: true }>>['values'];
  try {
    ({ values } = parseFlags({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--[\w-]+/.exec(message)?.[0] ?? 'a flag';
      throw new Error(`${flag} needs a value`, { cause: error });
    }
    const flag = /'(-[^']*)'/.exec(message)?.[1] ?? argv.join(' ');
    throw new Error(`unknown flag ${flag}\n\n${USAGE}`, { cause: error });
  }
  for (const flag of ['sizes', 'seed', 'search-runs', 'docs', 'work-dir', 'json'] as const) {
    const v = values[flag];
    if (v !== undefined && (v === '' || v.startsWith('--'))) throw new Error(`--${flag} needs a value`);
  }
  const args: BenchArgs = {
    sizes: [...DEFAULT_SIZES],
    skipStarlight: values['skip-starlight'] ?? false,
    skipWeight: values['skip-weight'] ?? false,
    skipCorpus: values['skip-corpus'] ?? false,
    skipSearch: values['skip-search'] ?? false,
    skipDev: values['skip-dev'] ?? false,
    skipLive: values['skip-live'] ?? false,
    skipLighthouse: values['skip-lighthouse'] ?? false,
    searchRuns: DEFAULT_SEARCH_RUNS,
    searchRunsGiven: values['search-runs'] !== undefined,
    quick: values.quick ?? false,
    seed: defaults.seed,
    warmDiagrams: values['warm-diagrams'] ?? false,
    workDir: values['work-dir'] ?? defaults.workDir,
    json: values.json,
    keep: values.keep ?? false,
    docs: values.docs,
    noDocs: values['no-docs'] ?? false,
    help: values.help ?? false,
  };
  if (values.sizes !== undefined) {
    const v = values.sizes;
    const sizes = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) {
      throw new Error(`--sizes expects positive integers such as 100,500,2000 (got "${v}")`);
    }
    args.sizes = [...new Set(sizes)].sort((a, b) => a - b);
  }
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed expects an integer (got "${values.seed}")`);
    args.seed = seed;
  }
  if (values['search-runs'] !== undefined) {
    const runs = Number(values['search-runs']);
    if (!Number.isInteger(runs) || runs < 1 || runs > 50)
      throw new Error(`--search-runs expects 1–50 (got "${values['search-runs']}")`);
    args.searchRuns = runs;
  }
  if (args.quick && values.sizes === undefined) args.sizes = [];
  if (args.quick && !args.searchRunsGiven) args.searchRuns = QUICK_SEARCH_RUNS;
  if (args.quick && !values.lighthouse) args.skipLighthouse = true;
  if (values.lighthouse) args.skipLighthouse = false;
  if (args.skipCorpus) args.sizes = [];
  return args;
}
