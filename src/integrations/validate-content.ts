/** Validates every note, card and layer before the build starts, failing with file and field. */
import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { loadAtlas } from '../model/load.ts';
import { validateNotes } from '../model/validate-notes.ts';
import { loadExamples } from '../model/examples.ts';
import { ContentError } from '../model/errors.ts';

export function validateContent(contentDir: string): AstroIntegration {
  return {
    name: 'stack-atlas:validate-content',
    hooks: {
      'astro:config:setup': ({ logger }) => {
        const notes = validateNotes(path.join(contentDir, 'notes'));
        const atlas = loadAtlas(contentDir);
        const examples = loadExamples(contentDir);
        for (const example of examples) {
          example.cards.forEach((id, index) => {
            if (!atlas.byId.has(id))
              throw new ContentError(`${example.dir}/example.yaml`, `cards.${index}: unknown card "${id}"`);
          });
        }
        logger.info(
          `content: ${notes.length} notes, ${atlas.cards.length} cards, ${atlas.edges.length} relations, ${atlas.layers.length} layers, ${examples.length} examples`,
        );
      },
    },
  };
}
