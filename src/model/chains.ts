/**
 * Call chains ("what happens when you run docker run") as content: one YAML file
 * per chain under content/chains/, drawn as sequence diagrams. Participants point
 * at the card they belong to (a shim is part of containerd, conmon part of CRI-O),
 * so a diagram links each box to a real card and never guesses by alias.
 */
import { existsSync } from 'node:fs';
import { contentFileNames, readContentFile } from './content-files.ts';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ContentError, ErrorCollector, formatZodError } from './errors.ts';
import { idPattern, sourceSchema } from './schema.ts';
import type { Atlas } from './types.ts';

const participantSchema = z.strictObject({
  /** Key the steps use (ASCII). */
  id: z.string().regex(idPattern, 'expected an ASCII key (lowercase letters, digits, -)'),
  /** Card the participant is, or is part of; the diagram box links to it. */
  card: z.string().regex(idPattern).optional(),
  /** Layer the participant stands for when it is no single card (the kernel): the box links to the layer's section. */
  layer: z.string().regex(idPattern).optional(),
  /** Display name; default: the card's name. */
  label: z.string().min(1).optional(),
  /** What it does in this chain (one short line); default: the card's Chinese name. */
  role: z.string().min(1).optional(),
});

// Limits that keep a chain one readable diagram, and keep a hostile chain from making the
// build's Mermaid renderer draw for minutes: ours have at most 10 steps of at most 44 characters.
const MAX_STEPS = 40;
const MAX_STEP_TEXT = 120;

const stepSchema = z.strictObject({
  from: z.string().regex(idPattern),
  to: z.string().regex(idPattern),
  /** What is asked or done, in a few words. */
  text: z.string().min(1).max(MAX_STEP_TEXT, `at most ${MAX_STEP_TEXT} characters: a step is a few words on one arrow`),
  /** A reply or a result handed back: drawn dashed. */
  reply: z.boolean().default(false),
});

export const chainSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1),
  /** Left to right, caller first. */
  participants: z.array(participantSchema).min(2).max(7, 'at most 7 participants, so the chain fits a page column'),
  steps: z
    .array(stepSchema)
    .min(1)
    .max(MAX_STEPS, `at most ${MAX_STEPS} steps: a longer chain no longer reads as one diagram; split it in two`),
  /** A closing remark drawn under the steps. */
  note: z.string().optional(),
  /** Sources for the steps (official docs, release notes). */
  sources: z.array(sourceSchema).min(1, 'a call chain cites at least one official source'),
  /** Order on pages (lower first). */
  order: z.number().int().default(100),
});

export type ChainInput = z.output<typeof chainSchema>;

/** A validated chain: participants resolved to names and roles. */
export interface Chain extends Omit<ChainInput, 'participants'> {
  /** ASCII name from the file name; the diagram is `chain-<id>`. */
  id: string;
  file: string;
  participants: { id: string; card?: string; layer?: string; label: string; role: string }[];
}

/** Validates one chain file's text against the atlas (cards exist, steps name participants). */
export function parseChain(file: string, text: string, atlas: Pick<Atlas, 'byId' | 'layers'>): Chain {
  const id = path.basename(file).replace(/\.ya?ml$/, '');
  if (!idPattern.test(id)) throw new ContentError(file, `file name "${id}" is not a valid chain id`);
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = chainSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid call chain:\n${formatZodError(result.error, data)}`);
  const chain = result.data;
  const keys = new Set<string>();
  const participants = chain.participants.map((p, index) => {
    if (keys.has(p.id)) throw new ContentError(file, `participants.${index}.id: "${p.id}" is used twice`);
    keys.add(p.id);
    const card = p.card ? atlas.byId.get(p.card) : undefined;
    if (p.card && !card) throw new ContentError(file, `participants.${index}.card: unknown card "${p.card}"`);
    if (!p.card && !p.layer) {
      throw new ContentError(
        file,
        `participants.${index}: give the card it belongs to (card:) or the layer it stands for (layer:); every box links to one`,
      );
    }
    if (p.card && p.layer) {
      throw new ContentError(file, `participants.${index}: give a card or a layer, not both (the box links to one)`);
    }
    if (p.layer && !atlas.layers.some((l) => l.id === p.layer)) {
      throw new ContentError(
        file,
        `participants.${index}.layer: unknown layer "${p.layer}" (${atlas.layers.map((l) => l.id).join(', ')})`,
      );
    }
    const label = p.label ?? card?.name;
    const role = p.role ?? card?.zh;
    if (!label || !role) {
      throw new ContentError(file, `participants.${index}: a participant without a card needs a label and a role`);
    }
    return { id: p.id, ...(p.card ? { card: p.card } : {}), ...(p.layer ? { layer: p.layer } : {}), label, role };
  });
  chain.steps.forEach((step, index) => {
    for (const end of ['from', 'to'] as const) {
      if (!keys.has(step[end])) {
        throw new ContentError(
          file,
          `steps.${index}.${end}: "${step[end]}" is not a participant (${[...keys].join(', ')})`,
        );
      }
    }
  });
  return { ...chain, id, file, participants };
}

/** Every chain under `<contentDir>/chains/`, in page order; none when the folder is absent. */
export function loadChains(contentDir: string, atlas: Pick<Atlas, 'byId' | 'layers'>): Chain[] {
  const dir = path.join(contentDir, 'chains');
  if (!existsSync(dir)) return [];
  // Every chain is checked, so one run lists the mistakes of all of them.
  const errors = new ErrorCollector();
  const chains = contentFileNames(
    dir,
    /^[a-z0-9][a-z0-9-]*\.ya?ml$/,
    'a call chain file is named <id>.yaml (lowercase ASCII letters, digits and -)',
  ).flatMap(
    (f) =>
      errors.try(path.join(dir, f), () => parseChain(path.join(dir, f), readContentFile(path.join(dir, f)), atlas)) ??
      [],
  );
  errors.throwIfAny();
  return chains.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
