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

/** Source ids are ASCII and start with a letter, so `#source-<id>` never collides with a numbered anchor. */
export const sourceIdPattern = /^[a-z][a-z0-9-]*$/;

/** A claim's `source`: the id of one of the card's `sources`, or an http(s) URL. */
const sourceRef = z
  .string()
  .min(1)
  .refine((value) => sourceIdPattern.test(value) || /^https?:\/\/\S+$/.test(value), {
    message: 'expected a source id of this card (lowercase ASCII, digits, -) or an http(s) URL',
  });

/**
 * Text that states a version (1.24, 2.6.24), a year (2025) or a default (默认, default):
 * such a claim must cite a source.
 */
export const versionedClaimPattern = /\d+\.\d+|(?<!\d)(?:19|20)\d\d(?!\d)|默认|default/i;

/** Where a remark corrects a note: the note's slug and the words it says, exactly as written there. */
export const correctsSchema = z.strictObject({
  note: z.string().min(1),
  quote: z.string().min(2, 'quote the words of the note the remark corrects'),
});

/**
 * A feature or remark: plain text, or `{ text, source }`; a remark can also say which
 * sentence of a note it corrects (`corrects`). Normalised to `{ text, source?, corrects? }`.
 */
export const claimSchema = z
  .union([
    z.string().min(1),
    z.strictObject({ text: z.string().min(1), source: sourceRef, corrects: correctsSchema.optional() }),
  ])
  .transform((value): { text: string; source?: string; corrects?: z.output<typeof correctsSchema> } =>
    typeof value === 'string' ? { text: value } : value,
  );

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
  /** Required when `since`, `until` or the label states a version: a source id or URL. */
  source: sourceRef.optional(),
});

export const historySchema = z.strictObject({
  date: yearOrDate,
  version: z.string().optional(),
  text: z.string().min(1),
  /** Every dated fact cites a source id of the card or an http(s) URL. */
  source: sourceRef,
});

export const sourceSchema = z.strictObject({
  /** Optional handle that claims cite (`source: runc-1-4`); unique per card. */
  id: z
    .string()
    .regex(sourceIdPattern, 'expected a source id (lowercase ASCII letter, then letters, digits, -)')
    .optional(),
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
});

/** `reviewed: YYYY-MM-DD`, a real day; YAML may hand us a Date. Normalised to the ISO day string. */
const reviewedDate = z
  .union([z.date(), z.string()], { error: 'reviewed is required: the day the card was last checked, YYYY-MM-DD' })
  .transform((value, ctx) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!day || day.toISOString().slice(0, 10) !== text) {
      ctx.addIssue({ code: 'custom', message: `expected a real day YYYY-MM-DD, got "${text}"` });
      return z.NEVER;
    }
    if (day.getTime() > Date.now()) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is in the future` });
      return z.NEVER;
    }
    return text;
  });

/**
 * Traits compared on /compare/ pages; each a sourced claim. `fit` says when to pick the
 * technology (the 「怎么选」 summary); the others are lined up row by row.
 */
export const traitKeys = ['fit', 'daemon', 'rootless', 'isolation'] as const;
export type TraitKey = (typeof traitKeys)[number];

/** A trait must say where it comes from: `{ text, source }`. */
const traitSchema = z.strictObject({ text: z.string().min(1), source: sourceRef });

const cardFields = z.strictObject({
  name: z.string().min(1),
  /**
   * Chinese name or tagline, e.g. 命名空间; '' when absent. Required on a Chinese site
   * (src/model/load.ts checks it against site.yaml's language), optional on any other.
   */
  zh: z.string().min(1).optional().default(''),
  aliases: z.array(z.string().min(1)).default([]),
  layer: z.string().regex(idPattern),
  kind: z.enum(cardKinds),
  /** 定位: one line. */
  position: z.string().min(1),
  /** 功能: plain text or `{ text, source }`; normalised to `{ text, source? }`. */
  features: z.array(claimSchema).default([]),
  relations: z.array(relationSchema).default([]),
  history: z.array(historySchema).default([]),
  status: z.enum(cardStatuses).default('active'),
  /** Shown as a remark where the note states something that has since changed. */
  remarks: z.array(claimSchema).default([]),
  /**
   * 对比要点: what comparison pages line up (守护进程, 无 root 运行, 隔离方式), each cited:
   * `daemon: { text: 有，dockerd 常驻, source: overview }`.
   */
  traits: z.partialRecord(z.enum(traitKeys), traitSchema).default({}),
  sources: z.array(sourceSchema).min(1, 'each card cites at least one official source'),
  /** The day the card's facts were last checked against its sources (YYYY-MM-DD, not in the future). */
  reviewed: reviewedDate,
  /** Sort order inside its layer (lower first). */
  order: z.number().int().default(100),
  /**
   * Everyday words readers type when they mean this card without naming it (镜像 for
   * Container Image, 网络插件 for CNI). Not names: they make no redirects or wiki links,
   * only search, where a query made of such a word puts this card first. Unique across cards.
   */
  concepts: z.array(z.string().trim().min(1)).default([]),
});

type CardFields = z.output<typeof cardFields>;

/**
 * Cross-field rules: source ids are unique and every cited id exists; a feature,
 * remark or relation label that states a version, year or default cites a source;
 * so does a relation with `since` or `until`.
 */
function checkCitations(card: CardFields, ctx: z.RefinementCtx) {
  const ids = new Set<string>();
  card.sources.forEach((source, index) => {
    if (!source.id) return;
    if (ids.has(source.id))
      ctx.addIssue({ code: 'custom', path: ['sources', index, 'id'], message: `duplicate source id "${source.id}"` });
    ids.add(source.id);
  });
  const known = ids.size ? [...ids].join(', ') : 'none; give a source an `id` or cite a URL';
  const cite = (source: string | undefined, path: (string | number)[]) => {
    if (source === undefined || /^https?:\/\//.test(source) || ids.has(source)) return;
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'source'],
      message: `unknown source id "${source}" (known: ${known})`,
    });
  };
  for (const field of ['features', 'remarks'] as const) {
    card[field].forEach((claim, index) => {
      cite(claim.source, [field, index]);
      if (!claim.source && versionedClaimPattern.test(claim.text)) {
        ctx.addIssue({
          code: 'custom',
          path: [field, index],
          message: `states a version, year or default but cites no source: "${claim.text}" (write { text, source })`,
        });
      }
    });
  }
  card.history.forEach((entry, index) => cite(entry.source, ['history', index]));
  for (const [key, trait] of Object.entries(card.traits)) cite(trait?.source, ['traits', key]);
  card.relations.forEach((relation, index) => {
    cite(relation.source, ['relations', index]);
    if (relation.source) return;
    const dated = relation.since !== undefined || relation.until !== undefined;
    if (dated || (relation.label && versionedClaimPattern.test(relation.label))) {
      ctx.addIssue({
        code: 'custom',
        path: ['relations', index, 'source'],
        message: dated
          ? `a relation with since/until cites a source (target "${relation.target}")`
          : `the label states a version, year or default but cites no source: "${relation.label}"`,
      });
    }
  });
}

export const cardSchema = cardFields.superRefine(checkCitations);

/** Card kinds and traits a site adds in its site.yaml (`kinds:`, `traits:`), each with its label. */
export interface CardVocabulary {
  kinds: Record<string, string>;
  traits: Record<string, string>;
}

/** The card schema with the site's own kinds and traits accepted beside the built-in ones. */
export function cardSchemaFor(vocabulary: CardVocabulary): typeof cardSchema {
  const kinds = [...new Set([...cardKinds, ...Object.keys(vocabulary.kinds)])];
  const traits = [...new Set([...traitKeys, ...Object.keys(vocabulary.traits)])];
  if (kinds.length === cardKinds.length && traits.length === traitKeys.length) return cardSchema;
  // typed as the built-in schema: the extra ids are plain strings the labels are looked up for
  return cardFields
    .extend({
      kind: z.enum(kinds as [string, ...string[]]),
      traits: z.partialRecord(z.enum(traits as [string, ...string[]]), traitSchema).default({}),
    })
    .superRefine(checkCitations as never) as unknown as typeof cardSchema;
}

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
export type Claim = z.output<typeof claimSchema>;
export type HistoryEntry = z.output<typeof historySchema>;
export type Source = z.output<typeof sourceSchema>;
export type CardInput = z.input<typeof cardSchema>;
export type Relation = z.output<typeof relationSchema>;
export type RelationType = (typeof relationTypes)[number];
export type CardKind = (typeof cardKinds)[number];
export type Layer = z.output<typeof layerSchema>;
