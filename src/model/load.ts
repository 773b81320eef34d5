/**
 * Reads cards and layers straight from disk, outside Astro's runtime, so that
 * markdown plugins and diagram generators can use the model at config time.
 */
import { existsSync, statSync } from 'node:fs';
import { contentFileNames, isSymlink, readContentFile } from './content-files.ts';
import path from 'node:path';
import { assembleAtlas } from './atlas.ts';
import { ContentError, ContentErrors, ErrorCollector, zodErrors, type Place } from './errors.ts';
import { parseYamlText } from './yaml-places.ts';
import { splitFrontmatter } from './frontmatter.ts';
import { cardSchema, cardSchemaFor, idPattern, layersFileSchema, type CardVocabulary } from './schema.ts';
import type { Atlas, Card, Layer } from './types.ts';
import { bodyFirstLine, markdownLimitProblems } from './markdown-limits.ts';

/**
 * Splits `---\nyaml\n---\nbody` and parses the YAML; errors name the file and the line in
 * it (the frontmatter's first line is line 2). `locate` finds a field's line.
 */
export function readFrontmatter(
  file: string,
  text: string,
): { data: unknown; body: string; locate: (at: readonly PropertyKey[]) => Place | undefined } {
  const split = splitFrontmatter(text);
  if (!split) throw new ContentError(file, 'missing YAML frontmatter between --- lines', { line: 1, column: 1 });
  const yaml = parseYamlText(file, split.yaml, 2, 'invalid YAML frontmatter');
  return { data: yaml.data, body: split.body, locate: yaml.locate };
}

/** What a card may say beyond the built-in schema, from site.yaml. */
export interface CardRules extends CardVocabulary {
  /** The site is Chinese: every card gives its Chinese name (`zh`). */
  zhRequired: boolean;
}

/** Validates one card file's text; every schema problem is reported, each at its line. */
export function parseCard(
  file: string,
  text: string,
  rules?: CardRules,
): Card & { body: string; locate: (at: readonly PropertyKey[]) => Place | undefined } {
  const id = path.basename(file).replace(/\.mdx?$/, '');
  if (!idPattern.test(id)) {
    throw new ContentError(file, `file name "${id}" is not a valid card id (lowercase ASCII letters, digits and -)`);
  }
  const { data, body, locate } = readFrontmatter(file, text);
  const result = (rules ? cardSchemaFor(rules) : cardSchema).safeParse(data);
  if (!result.success) throw new ContentErrors(zodErrors(file, result.error, data, locate));
  if (rules?.zhRequired && !result.data.zh) {
    const at = locate([]);
    throw new ContentError(file, 'zh: the Chinese name is required on a zh-CN site', {
      line: at?.line,
      column: at?.column,
    });
  }
  const limits = markdownLimitProblems(body, bodyFirstLine(text, body));
  if (limits.length) {
    throw new ContentErrors(limits.map((p) => new ContentError(file, p.message, { line: p.line, column: p.column })));
  }
  return { ...result.data, id, file, body, locate };
}

/** Each card file's last valid parse, by its text and rules (`astro dev` loads all cards on every save). */
const parsedCards = new Map<string, { key: string; card: ReturnType<typeof parseCard> }>();

/** parseCard, skipped while a file's text and the rules are those it last parsed (a mistake is never kept). */
function parseCardOnce(file: string, text: string, rules?: CardRules): ReturnType<typeof parseCard> {
  const key = `${JSON.stringify(rules ?? null)}\n${text}`;
  const known = parsedCards.get(file);
  if (known?.key === key) return known.card;
  const card = parseCard(file, text, rules);
  parsedCards.set(file, { key, card });
  return card;
}

/** Validates the layers file's text. */
export function parseLayers(file: string, text: string): Layer[] {
  return parseLayersFile(file, text).layers;
}

/** parseLayers with `locate`, which finds a field's line in the file. */
export function parseLayersFile(
  file: string,
  text: string,
): { layers: Layer[]; locate: (at: readonly PropertyKey[]) => Place | undefined } {
  const { data, locate } = parseYamlText(file, text, 1);
  const result = layersFileSchema.safeParse(data);
  if (!result.success) throw new ContentErrors(zodErrors(file, result.error, data, locate));
  return { layers: result.data.layers, locate };
}

/**
 * Loads and cross-checks `<contentDir>/cards/*.md` and `<contentDir>/layers.yaml`. Every
 * problem is reported (a ContentErrors when there are several), each at its line. A folder of
 * notes alone has neither: an empty atlas (a card then fails for want of its layer).
 */
export function loadAtlas(contentDir: string, rules?: CardRules): Atlas {
  const errors = new ErrorCollector();
  const atlas = collectAtlas(contentDir, errors, rules);
  errors.throwIfAny();
  return atlas!;
}

/**
 * loadAtlas without throwing: problems go to `errors` (each at its line), and the atlas of
 * what is sound is returned; undefined only when layers.yaml itself is unusable.
 */
export function collectAtlas(contentDir: string, collected: ErrorCollector, rules?: CardRules): Atlas | undefined {
  const errors = new ErrorCollector();
  const layersFile = path.join(contentDir, 'layers.yaml');
  const layerFile = errors.try(layersFile, () => {
    if (!existsSync(layersFile) && !isSymlink(layersFile)) return { layers: [], locate: () => undefined };
    return parseLayersFile(layersFile, readContentFile(layersFile));
  });
  const cardsDir = path.join(contentDir, 'cards');
  const files =
    errors.try(cardsDir, () =>
      existsSync(cardsDir)
        ? contentFileNames(
            cardsDir,
            /^[a-z0-9][a-z0-9-]*\.md$/,
            'a card file is named <id>.md (lowercase ASCII letters, digits and -)',
          )
        : [],
    ) ?? [];
  const locators = new Map<string, (at: readonly PropertyKey[]) => Place | undefined>();
  if (layerFile) locators.set(layersFile, layerFile.locate);
  const edited = new Map<string, number>();
  const cards: Card[] = [];
  for (const f of files) {
    const file = path.join(cardsDir, f);
    const card = errors.try(file, () => parseCardOnce(file, readContentFile(file), rules));
    if (!card) continue;
    const { body: _body, locate, ...rest } = card;
    locators.set(file, locate);
    edited.set(file, modifiedAt(file));
    cards.push(rest);
  }
  // Cross-checks run on the cards that parsed, so one broken card does not hide the others' mistakes.
  const atlas = layerFile ? assembleAtlas(cards, layerFile.layers, errors, layersFile, edited) : undefined;
  for (const error of errors.errors) {
    if (error.field !== undefined) error.place(locators.get(error.file)?.(fieldPath(error.field)));
  }
  collected.add(...errors.errors);
  return atlas;
}

/** `relations.2.target` → ['relations', 2, 'target']. */
export function fieldPath(field: string): PropertyKey[] {
  return field ? field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
}

/** When a file was last changed (0 when unknown): the later of two clashing files is the one being edited. */
function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
