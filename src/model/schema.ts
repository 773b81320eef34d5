/**
 * Zod schemas for every user-written input: note frontmatter, cards and layers.
 * Shared by Astro's content collections and by our own loader (used by the
 * markdown plugins and diagram generators, which run outside Astro's runtime).
 */
import { z } from 'zod';

/** Card ids and layer ids are ASCII so that URLs and anchors are stable. */
export const idPattern = /^[a-z0-9][a-z0-9-]*$/;

export const cardKinds = [
  'kernel-feature',
  'specification',
  'interface',
  'low-level-runtime',
  'high-level-runtime',
  'tool',
  'orchestrator',
  'virtualization',
  'concept',
] as const;

export const relationTypes = [
  'uses', // A depends on B at run time
  'calls-via', // A calls B through an interface (set `via`)
  'implements', // A implements specification/interface B
  'part-of', // A is a component of B
  'replaced-by', // A was superseded by B
  'alternative-to', // A can be used instead of B
  'builds-on', // A is built on the ideas/mechanisms of B
  'manages', // A manages the lifecycle of B
] as const;

export const cardStatuses = ['active', 'legacy', 'deprecated'] as const;

const yearOrDate = z.union([
  z.number().int().min(1970).max(2100),
  z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'),
]);

export const relationSchema = z.strictObject({
  type: z.enum(relationTypes),
  target: z.string().regex(idPattern, 'expected a card id (lowercase ASCII, digits, -)'),
  /** Interface or spec card id the relation passes through, e.g. `cri`, `oci`. */
  via: z.string().regex(idPattern).optional(),
  /** Short Chinese label shown on the card and in diagrams. */
  label: z.string().optional(),
  /** Version or date fact, e.g. "Docker 1.11 起" or "1.24 移除". */
  since: z.string().optional(),
  until: z.string().optional(),
  /** Historical relations (removed, replaced) are drawn differently. */
  historical: z.boolean().default(false),
});

export const historySchema = z.strictObject({
  date: yearOrDate,
  version: z.string().optional(),
  text: z.string().min(1),
});

export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
});

export const cardSchema = z.strictObject({
  name: z.string().min(1),
  /** Chinese name or tagline, e.g. 命名空间. */
  zh: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  layer: z.string().regex(idPattern),
  kind: z.enum(cardKinds),
  /** 定位: one line. */
  position: z.string().min(1),
  /** 功能 */
  features: z.array(z.string().min(1)).default([]),
  relations: z.array(relationSchema).default([]),
  history: z.array(historySchema).default([]),
  status: z.enum(cardStatuses).default('active'),
  /** Shown as a remark where the note states something that has since changed. */
  remarks: z.array(z.string().min(1)).default([]),
  sources: z.array(sourceSchema).min(1, 'each card cites at least one official source'),
  /** Sort order inside its layer (lower first). */
  order: z.number().int().default(100),
});

export const layerSchema = z.strictObject({
  id: z.string().regex(idPattern),
  name: z.string().min(1),
  en: z.string().min(1),
  description: z.string().min(1),
  /** Optional parent group (容器运行时 holds 低级 and 高级). */
  group: z.string().optional(),
  /** Drawn beside the stack, not in it (virtual machines, for comparison). */
  aside: z.boolean().default(false),
  /**
   * Interface cards (OCI, CRI) through which the layers above call this one: the
   * stack picture draws them between the bands, not as members of a band.
   */
  entry: z.array(z.string().regex(idPattern, 'expected a card id')).default([]),
  /** Drawn in the same row as this other layer, to its right (tools beside orchestration). */
  beside: z.string().regex(idPattern).optional(),
});

export const layersFileSchema = z.strictObject({
  /** Bottom (kernel) to top (orchestration). */
  layers: z.array(layerSchema).min(1),
});

export type CardData = z.output<typeof cardSchema>;
export type CardInput = z.input<typeof cardSchema>;
export type Relation = z.output<typeof relationSchema>;
export type RelationType = (typeof relationTypes)[number];
export type CardKind = (typeof cardKinds)[number];
export type Layer = z.output<typeof layerSchema>;
