/**
 * `npm run check:content` — checks the content folder in seconds, without building the
 * site: every schema, relation, alias, wiki link, Mermaid fence, link and image, with
 * the build's own code (src/integrations/content-check.ts). Prints every error at once,
 * sorted by file and line as `path:line:column: message`, and exits 1 when there is any.
 *
 *   npm run check:content [-- <content folder>]   (default: STACK_ATLAS_CONTENT or content)
 */
import path from 'node:path';
import { DiagramRenderer } from '../src/diagrams/render/renderer.ts';
import { siteConfigFromEnv } from '../src/config.ts';
import { checkContent } from '../src/integrations/content-check.ts';
import { formatErrors } from '../src/model/errors.ts';

const root = path.resolve(import.meta.dirname, '..');
const config = siteConfigFromEnv(process.env);
const contentDir = process.argv[2] ?? config.contentDir;
const started = performance.now();
const renderer = new DiagramRenderer({
  root,
  // the cache the build fills (node_modules/.astro/stack-atlas/diagrams), so unchanged diagrams cost nothing
  cacheDir: path.join(path.resolve(root, config.cacheDir), 'stack-atlas', 'diagrams'),
  log: () => undefined,
});
try {
  const result = await checkContent({
    root,
    contentDir,
    renderer,
    urlsFile: config.urlsFile,
    listSize: config.listSize,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (result.errors.length) {
    process.stderr.write(`${formatErrors(result.errors)}\n`);
    process.stderr.write(
      `check:content: ${result.errors.length} error(s) in ${contentDir} (${result.notes} notes, ${result.cards} cards, ${seconds} s)\n`,
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(
      `check:content: ${contentDir} is fine (${result.notes} notes, ${result.cards} cards, ${seconds} s)\n`,
    );
  }
} finally {
  await renderer.close(true);
}
