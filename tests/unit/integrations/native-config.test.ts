/**
 * Astro imports astro.config.mjs with Node first and falls back to a Vite server only when that
 * fails, loading every integration module a second time (about 2 s of a rebuild, issue 28).
 * Node's type stripping cannot run parameter properties, enums or namespaces: one of them
 * anywhere the config imports sends every build down the slow path without a word.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('astro.config.mjs', () => {
  it('loads with Node alone (type stripping), as Astro tries first', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const c = await import('./astro.config.mjs'); console.log(Object.keys(c.default).join(','));",
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out.trim()).toBe('outDir,cacheDir,integrations');
  });
});
