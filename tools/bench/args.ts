/** Command-line flags of `npm run bench` (pure parsing, unit-tested). */

export interface BenchArgs {
  sizes: number[];
  skipStarlight: boolean;
  skipWeight: boolean;
  skipCorpus: boolean;
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
  help: boolean;
}

export const DEFAULT_SIZES = [100, 500, 2000];

export const USAGE = `npm run bench -- [flags]

  --sizes 100,500,2000   synthetic corpus sizes (notes)           default 100,500,2000
  --quick                smallest size only (100), unless --sizes is given
  --skip-starlight       do not build the Starlight comparison
  --skip-weight          do not measure page weight (real site and corpora)
  --skip-corpus          no synthetic builds (page weight only)
  --seed N               PRNG seed of the corpus                   default 20250419
  --warm-diagrams        reuse mermaid sources between runs (cache hits) instead of cold renders
  --work-dir DIR         corpora, builds and logs (outside the project) default /tmp/atlas-bench
  --json FILE            write all results as JSON               default <work-dir>/results.json
  --keep                 keep build outputs
  --help`;

/** Parses argv (without node and script). Throws on unknown flags or bad values. */
export function parseArgs(argv: readonly string[], defaults: { workDir: string; seed: number }): BenchArgs {
  const args: BenchArgs = {
    sizes: [...DEFAULT_SIZES],
    skipStarlight: false,
    skipWeight: false,
    skipCorpus: false,
    quick: false,
    seed: defaults.seed,
    warmDiagrams: false,
    workDir: defaults.workDir,
    json: undefined,
    keep: false,
    help: false,
  };
  let sizesGiven = false;
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
  if (args.quick && !sizesGiven) args.sizes = [DEFAULT_SIZES[0]!];
  if (args.skipCorpus) args.sizes = [];
  return args;
}
