/** Command-line flags of `npm run bench` (pure parsing, unit-tested). */

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
  --skip-dev             do not time astro dev start-up
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

/** Parses argv (without node and script). Throws on unknown flags or bad values. */
export function parseArgs(argv: readonly string[], defaults: { workDir: string; seed: number }): BenchArgs {
  const args: BenchArgs = {
    sizes: [...DEFAULT_SIZES],
    skipStarlight: false,
    skipWeight: false,
    skipCorpus: false,
    skipSearch: false,
    skipDev: false,
    skipLighthouse: false,
    searchRuns: DEFAULT_SEARCH_RUNS,
    searchRunsGiven: false,
    quick: false,
    seed: defaults.seed,
    warmDiagrams: false,
    workDir: defaults.workDir,
    json: undefined,
    keep: false,
    docs: undefined,
    noDocs: false,
    help: false,
  };
  let sizesGiven = false;
  let runsGiven = false;
  let lighthouseGiven = false;
  const value = (i: number, flag: string, inline: string | undefined): [string, number] => {
    if (inline !== undefined) return [inline, i];
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
    return [next, i + 1];
  };
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    switch (flag) {
      case '--sizes': {
        const [v, j] = value(i, flag, inline);
        i = j;
        const sizes = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map(Number);
        if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) {
          throw new Error(`--sizes expects positive integers such as 100,500,2000 (got "${v}")`);
        }
        args.sizes = [...new Set(sizes)].sort((a, b) => a - b);
        sizesGiven = true;
        break;
      }
      case '--seed': {
        const [v, j] = value(i, flag, inline);
        i = j;
        const seed = Number(v);
        if (!Number.isInteger(seed)) throw new Error(`--seed expects an integer (got "${v}")`);
        args.seed = seed;
        break;
      }
      case '--search-runs': {
        const [v, j] = value(i, flag, inline);
        i = j;
        const runs = Number(v);
        if (!Number.isInteger(runs) || runs < 1 || runs > 50)
          throw new Error(`--search-runs expects 1–50 (got "${v}")`);
        args.searchRuns = runs;
        runsGiven = true;
        break;
      }
      case '--docs': {
        const [v, j] = value(i, flag, inline);
        i = j;
        args.docs = v;
        break;
      }
      case '--work-dir': {
        const [v, j] = value(i, flag, inline);
        i = j;
        args.workDir = v;
        break;
      }
      case '--json': {
        const [v, j] = value(i, flag, inline);
        i = j;
        args.json = v;
        break;
      }
      case '--quick':
        args.quick = true;
        break;
      case '--skip-starlight':
        args.skipStarlight = true;
        break;
      case '--skip-weight':
        args.skipWeight = true;
        break;
      case '--skip-search':
        args.skipSearch = true;
        break;
      case '--skip-lighthouse':
        args.skipLighthouse = true;
        break;
      case '--lighthouse':
        lighthouseGiven = true;
        break;
      case '--skip-dev':
        args.skipDev = true;
        break;
      case '--no-docs':
        args.noDocs = true;
        break;
      case '--skip-corpus':
        args.skipCorpus = true;
        break;
      case '--warm-diagrams':
        args.warmDiagrams = true;
        break;
      case '--keep':
        args.keep = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`unknown flag ${raw}\n\n${USAGE}`);
    }
  }
  if (args.quick && !sizesGiven) args.sizes = [];
  if (args.quick && !runsGiven) args.searchRuns = QUICK_SEARCH_RUNS;
  args.searchRunsGiven = runsGiven;
  if (args.quick && !lighthouseGiven) args.skipLighthouse = true;
  if (lighthouseGiven) args.skipLighthouse = false;
  if (args.skipCorpus) args.sizes = [];
  return args;
}
