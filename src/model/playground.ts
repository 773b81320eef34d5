/**
 * The playground's guided path (`content/playground.yaml`): steps up the stack,
 * each a command for the live machine and the cards it shows. Card pages link to
 * the playground when one of its steps names them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ContentError, formatZodError } from './errors.ts';
import { exampleIdPattern } from './example-schema.ts';

export const playgroundStepSchema = z.strictObject({
  id: z.string().regex(exampleIdPattern, 'expected an id (lowercase ASCII, digits, -)'),
  title: z.string().min(1),
  cards: z.array(z.string().regex(exampleIdPattern)).min(1, 'name at least one card'),
  text: z.string().min(1),
  /** Typed into the guest shell as one line. */
  command: z
    .string()
    .min(1)
    .refine((c) => !c.includes('\n'), 'must be one line (use >- in YAML to fold it)'),
});

export const playgroundSchema = z.strictObject({
  steps: z.array(playgroundStepSchema).min(1, 'give at least one step'),
});

export type Playground = z.infer<typeof playgroundSchema>;
export type PlaygroundStep = z.infer<typeof playgroundStepSchema>;

export const PLAYGROUND_FILE = 'playground.yaml';

/** Loads content/playground.yaml; an absent file is an empty path (no steps, no links). */
export function loadPlayground(contentDir: string, knownCards: (id: string) => boolean): Playground {
  const file = path.join(contentDir, PLAYGROUND_FILE);
  if (!existsSync(file)) return { steps: [] };
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = playgroundSchema.safeParse(data ?? {});
  if (!result.success) throw new ContentError(file, `invalid playground:\n${formatZodError(result.error)}`);
  const seen = new Set<string>();
  result.data.steps.forEach((step, i) => {
    if (seen.has(step.id)) throw new ContentError(file, `steps.${i}.id: "${step.id}" is used twice`);
    seen.add(step.id);
    step.cards.forEach((id, j) => {
      if (!knownCards(id)) throw new ContentError(file, `steps.${i}.cards.${j}: unknown card "${id}"`);
    });
  });
  return result.data;
}

/** True when the playground shows card `id` (its page then links to the playground). */
export function playgroundShows(playground: Playground, id: string): boolean {
  return playground.steps.some((step) => step.cards.includes(id));
}
