/**
 * Finds a Chromium executable for build-time rendering. Order: the
 * STACK_ATLAS_CHROMIUM / CHROMIUM_PATH environment variables, the usual system
 * paths, then Playwright's own downloaded browser.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * playwright-core, loaded on first use: importing it costs most of a second of start-up,
 * and a build whose diagrams all come from the cache never needs it. Node's own require,
 * not `import()`: Astro evaluates this module in Vite's module runner, which is closed
 * once the config has loaded, so a later dynamic import would fail mid-build.
 */
export function playwright(): typeof import('playwright-core') {
  return createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
}

export interface BrowserLocation {
  executablePath: string;
  /** Where it was found: `env STACK_ATLAS_CHROMIUM`, `PATH`, `playwright`… */
  source: string;
}

/** Launch flags that work in containers and CI without a sandbox or GPU. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

const systemNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export class BrowserNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `diagrams: no Chromium found to render Mermaid diagrams at build time${detail ? ` (${detail})` : ''}.\n` +
        'Provide one of:\n' +
        '  - Debian/Ubuntu: apt-get install chromium   (gives /usr/bin/chromium)\n' +
        '  - any Chrome/Chromium binary: export STACK_ATLAS_CHROMIUM=/path/to/chrome (or CHROMIUM_PATH)\n' +
        "  - Playwright's browser: npx playwright install chromium",
    );
    this.name = 'BrowserNotFoundError';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a command name up on PATH (and the standard bin directories). */
function which(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const dirs = [...envPath.split(path.delimiter), '/usr/bin', '/usr/local/bin', '/snap/bin'].filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv;
  /** Skip Playwright's own browser (tests). */
  skipPlaywright?: boolean;
}

/** Returns the browser to use, or throws BrowserNotFoundError with instructions. */
export async function findChromium(options: FindBrowserOptions = {}): Promise<BrowserLocation> {
  const env = options.env ?? process.env;
  for (const variable of ['STACK_ATLAS_CHROMIUM', 'CHROMIUM_PATH'] as const) {
    const value = env[variable];
    if (!value) continue;
    if (isExecutable(value)) return { executablePath: value, source: `env ${variable}` };
    const resolved = which(value, env.PATH);
    if (resolved) return { executablePath: resolved, source: `env ${variable}` };
    throw new BrowserNotFoundError(`${variable}=${value} is not an executable file`);
  }
  for (const name of systemNames) {
    const file = which(name, env.PATH);
    if (file) return { executablePath: file, source: 'PATH' };
  }
  if (!options.skipPlaywright) {
    try {
      const file = playwright().chromium.executablePath();
      if (file && existsSync(file)) return { executablePath: file, source: 'playwright' };
    } catch {
      // playwright-core not resolvable or no browser registry: fall through.
    }
  }
  throw new BrowserNotFoundError('');
}

/** Like findChromium, but returns undefined instead of throwing (tests use it to skip). */
export async function tryFindChromium(options: FindBrowserOptions = {}): Promise<BrowserLocation | undefined> {
  try {
    return await findChromium(options);
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined;
    throw error;
  }
}
