/** Writes `_headers` with a Content-Security-Policy that the built pages satisfy. */
import type { AstroIntegration } from 'astro';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPolicy, cspHash, headersFile, inlineScripts } from '../model/csp.ts';

export function securityHeaders(): AstroIntegration {
  let base = '/';
  return {
    name: 'stack-atlas:security-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const hashes = new Set<string>();
        for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
          if (!file.endsWith('.html')) continue;
          for (const script of inlineScripts(readFileSync(path.join(root, file), 'utf8'))) hashes.add(cspHash(script));
        }
        writeFileSync(path.join(root, '_headers'), headersFile(base, buildPolicy(hashes)));
        logger.info(`security headers: _headers written (${hashes.size} inline script hashes)`);
      },
    },
  };
}
