/**
 * Builds into a staging folder and swaps it into place only when every build
 * step (including later integrations' checks) succeeded, so a failed build
 * never leaves a half-written dist/ in place of a good one.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';

export function atomicOutput(): AstroIntegration {
  let finalDir = '';
  let stagingDir = '';
  let moved = false;
  return {
    name: 'stack-atlas:atomic-output',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return;
        finalDir = fileURLToPath(config.outDir).replace(/[\\/]+$/, '');
        stagingDir = path.join(path.dirname(finalDir), `.${path.basename(finalDir)}-staging`);
        rmSync(stagingDir, { recursive: true, force: true });
        // A failed build leaves no half-written staging folder behind either.
        process.once('exit', () => {
          if (!moved) rmSync(stagingDir, { recursive: true, force: true });
        });
        // Astro keeps outDir as a URL after config resolution.
        updateConfig({ outDir: pathToFileURL(`${stagingDir}/`) });
      },
      'astro:build:done': ({ logger }) => {
        if (!stagingDir) return;
        const previous = `${finalDir}.previous`;
        rmSync(previous, { recursive: true, force: true });
        if (existsSync(finalDir)) renameSync(finalDir, previous);
        renameSync(stagingDir, finalDir);
        rmSync(previous, { recursive: true, force: true });
        moved = true;
        logger.info(`output moved into place: ${path.relative(process.cwd(), finalDir)}/`);
      },
    },
  };
}
