/**
 * The site's glossary (`content/glossary.yaml`): one Chinese term per concept, and the
 * words that would name the same concept a second way. Prose on cards, call chains and
 * example pages uses the term; an avoided word may stand only as a gloss in full-width
 * parentheses right after the term, e.g. 快照器（snapshotter）. Code, URLs, paths, link
 * targets and product names that merely contain an avoided word are not prose.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ContentError, formatZodError } from './errors.ts';
import type { Chain } from './chains.ts';
import type { Card } from './types.ts';

export const glossaryTermSchema = z.strictObject({
  /** The one wording prose uses, e.g. 快照器. */
  term: z.string().min(1),
  /** What the term translates, for messages and readers: `snapshotter`. */
  en: z.string().min(1),
  /** Words that must not stand for the concept in prose (matched case-insensitively; ASCII words as whole words). */
  avoid: z.array(z.string().min(1)).min(1),
  /** Names that contain an avoided word but mean something else, e.g. the product Cloud Hypervisor. */
  keep: z.array(z.string().min(1)).default([]),
  /** Why, or how to write the first mention. */
  note: z.string().min(1),
});

export const glossaryFileSchema = z.strictObject({ terms: z.array(glossaryTermSchema).min(1) });

export type GlossaryTerm = z.output<typeof glossaryTermSchema>;

/** Validates the glossary file's text; every avoided word belongs to one term only. */
export function parseGlossary(file: string, text: string): GlossaryTerm[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError(file, `invalid YAML: ${(error as Error).message}`);
  }
  const result = glossaryFileSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid glossary:\n${formatZodError(result.error)}`);
  const owner = new Map<string, string>();
  result.data.terms.forEach((entry, index) => {
    for (const word of [entry.term, ...entry.avoid]) {
      const key = word.toLowerCase();
      const other = owner.get(key);
      if (other !== undefined && other !== entry.term) {
        throw new ContentError(file, `terms.${index}: "${word}" is already listed under "${other}"`);
      }
      owner.set(key, entry.term);
    }
    if (entry.avoid.some((word) => word.toLowerCase() === entry.term.toLowerCase())) {
      throw new ContentError(file, `terms.${index}: the term "${entry.term}" cannot also be avoided`);
    }
  });
  return result.data.terms;
}

export function loadGlossary(contentDir: string): GlossaryTerm[] {
  const file = path.join(contentDir, 'glossary.yaml');
  if (!existsSync(file)) throw new ContentError(file, 'file not found');
  return parseGlossary(file, readFileSync(file, 'utf8'));
}

/**
 * The words a reader reads as prose: Markdown without fenced and inline code, URLs,
 * link targets, `[[card]]` links without their own text (they show the card's name)
 * and path-like tokens such as `/v2/<name>/manifests/<reference>`.
 */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\[\[[^\]|]+\|([^\]]+)\]\]/g, '$1')
    .replace(/\[\[[^\]]+\]\]/g, ' ')
    .replace(/\]\([^)\s]*\)/g, ']')
    .replace(/https?:\/\/[^\s)）>，。；]+/g, ' ')
    .replace(/(?<![\w.-])\/[\w.<>{}@:-]+(?:\/[\w.<>{}@:-]*)*/g, ' ');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A whole-word matcher for ASCII words; CJK words match anywhere. */
function wordPattern(word: string): RegExp {
  return /^[\x20-\x7e]+$/.test(word)
    ? new RegExp(`(?<![A-Za-z0-9_-])${escape(word)}(?![A-Za-z0-9_])`, 'giu')
    : new RegExp(escape(word), 'gu');
}

export interface GlossarySlip {
  /** The preferred term. */
  term: string;
  /** The avoided word as it appears in the text. */
  found: string;
  /** A few characters around it. */
  excerpt: string;
}

/** Avoided words used in plain prose (not glossed right after the term, not inside a kept name). */
export function glossarySlips(prose: string, terms: readonly GlossaryTerm[]): GlossarySlip[] {
  const slips: GlossarySlip[] = [];
  for (const entry of terms) {
    let text = prose.replace(new RegExp(`${escape(entry.term)}（[^（）]*）`, 'gu'), entry.term);
    for (const name of entry.keep) text = text.replace(new RegExp(escape(name), 'giu'), ' ');
    for (const word of entry.avoid) {
      for (const match of text.matchAll(wordPattern(word))) {
        const at = match.index;
        slips.push({
          term: entry.term,
          found: match[0],
          excerpt: text.slice(Math.max(0, at - 12), at + match[0].length + 12).replace(/\s+/g, ' '),
        });
      }
    }
  }
  return slips;
}

/** The prose of a card a reader sees: tagline, position, claims, labels, history, traits and body. */
export function cardProse(card: Card & { body?: string }): string {
  return [
    card.zh,
    card.position,
    ...card.features.map((claim) => claim.text),
    ...card.remarks.map((claim) => claim.text),
    ...card.relations.map((relation) => relation.label ?? ''),
    ...card.history.map((entry) => entry.text),
    ...Object.values(card.traits).map((trait) => trait?.text ?? ''),
    proseOf(card.body ?? ''),
  ]
    .map(proseOf)
    .join('\n');
}

/** The prose of a call chain: what it says, not the names of its boxes. */
export function chainProse(chain: Chain): string {
  return [
    chain.title,
    chain.description,
    ...chain.participants.map((participant) => participant.role),
    ...chain.steps.map((step) => step.text),
    chain.note ?? '',
  ]
    .map(proseOf)
    .join('\n');
}
