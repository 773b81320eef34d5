/**
 * Reads cards and layers straight from disk, outside Astro's runtime, so that
 * markdown plugins and diagram generators can use the model at config time.
 */
import { existsSync } from 'node:fs';
import { contentFileNames, isSymlink, readContentFile } from './content-files.ts';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildAtlas } from './atlas.ts';
import { ContentError, formatZodError } from './errors.ts';
import { cardSchema, cardSchemaFor, idPattern, layersFileSchema, type CardVocabulary } from './schema.ts';
import type { Atlas, Card, Layer } from './types.ts';

/** Splits `---\nyaml\n---\nbody` and parses the YAML; errors name the file. */
export function readFrontmatter(file: string, text: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new ContentError(file, 'missing YAML frontmatter between --- lines');
  try {
    return { data: parseYaml(match[1]!) ?? {}, body: match[2]! };
  } catch (error) {
    throw new ContentError(file, `invalid YAML frontmatter: ${(error as Error).message}`);
  }
}

/** What a card may say beyond the built-in schema, from site.yaml. */
export interface CardRules extends CardVocabulary {
  /** The site is Chinese: every card gives its Chinese name (`zh`). */
  zhRequired: boolean;
}

/** Validates one card file's text. */
export function parseCard(file: string, text: string, rules?: CardRules): Card & { body: string } {
  const id = path.basename(file).replace(/\.mdx?$/, '');
  if (!idPattern.test(id)) {
    throw new ContentError(file, `file name "${id}" is not a valid card id (lowercase ASCII letters, digits and -)`);
  }
  const { data, body } = readFrontmatter(file, text);
  const result = (rules ? cardSchemaFor(rules) : cardSchema).safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid card frontmatter:\n${formatZodError(result.error)}`);
  if (rules?.zhRequired && !result.data.zh) {
    throw new ContentError(file, 'invalid card frontmatter:\n  - zh: the Chinese name is required on a zh-CN site');
  }
  return { ...result.data, id, file, body };
}

/** Validates the layers file's text. */
export function parseLayers(file: string, text: string): Layer[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = layersFileSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid layers file:\n${formatZodError(result.error)}`);
  return result.data.layers;
}

/**
 * Loads and cross-checks `<contentDir>/cards/*.md` and `<contentDir>/layers.yaml`. A folder of
 * notes alone has neither: an empty atlas (a card then fails for want of its layer).
 */
export function loadAtlas(contentDir: string, rules?: CardRules): Atlas {
  const layersFile = path.join(contentDir, 'layers.yaml');
  const noLayers = !existsSync(layersFile) && !isSymlink(layersFile);
  const layers = noLayers ? [] : parseLayers(layersFile, readContentFile(layersFile));
  const cardsDir = path.join(contentDir, 'cards');
  const files = existsSync(cardsDir)
    ? contentFileNames(
        cardsDir,
        /^[a-z0-9][a-z0-9-]*\.md$/,
        'a card file is named <id>.md (lowercase ASCII letters, digits and -)',
      )
    : [];
  const cards = files.map((f) => {
    const file = path.join(cardsDir, f);
    const { body: _body, ...card } = parseCard(file, readContentFile(file), rules);
    return card;
  });
  return buildAtlas(cards, layers, layersFile);
}
