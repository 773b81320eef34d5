/**
 * Page-side access to the build's data: notes from Astro's content collection,
 * everything else from `virtual:stack-atlas/data` (loaded and validated once per
 * build by the stackAtlas integration).
 */
import type { PaginateFunction } from 'astro';
import { getCollection, type CollectionEntry } from 'astro:content';
import * as data from 'virtual:stack-atlas/data';
import type { DiagramEntry } from '../diagrams/render/build.ts';
import { buildAtlas } from '../model/atlas.ts';
import type { Chain } from '../model/chains.ts';
import type { Example } from '../model/examples.ts';
import type { MachineInfo } from '../model/machine-manifest.ts';
import type { Playground } from '../model/playground.ts';
import { findMentions } from '../model/mentions.ts';
import { forReaders, sortNotes, taxonomy } from '../model/notes.ts';
import { taxonomySlug } from '../model/urls.ts';
import { listPageSize } from '../config.ts';
import { sectionsOf, type Sections } from '../model/sections.ts';
import type { Atlas } from '../model/types.ts';

export type NoteEntry = CollectionEntry<'notes'>;

/** Published notes (drafts only in dev), newest first, with plain metadata for the model helpers. */
export async function getNotes() {
  const entries = await getCollection('notes', ({ data: note }) => import.meta.env.DEV || !note.draft);
  return sortNotes(
    entries.map((entry) => ({
      entry,
      slug: entry.id,
      title: entry.data.title,
      published: entry.data.published,
      tags: entry.data.tags,
      category: entry.data.category,
      audience: entry.data.audience,
    })),
  );
}

type Note = Awaited<ReturnType<typeof getNotes>>[number];

/**
 * Each tag's or category's notes as numbered list pages (Astro's `paginate`): the route's `param`
 * is the name's slug (`CI/CD` → CI-CD), the page gets the name as written.
 */
export async function taxonomyPages<K extends string>(
  paginate: PaginateFunction,
  param: K,
  pick: (note: Note) => string[],
) {
  return taxonomy(await getNotes(), pick).flatMap((g) =>
    paginate(g.notes, {
      params: { [param]: taxonomySlug(g.name) } as Record<K, string>,
      props: { name: g.name },
      pageSize: listPageSize,
    }),
  );
}

/** The data version the caches below were made from (in dev the data changes in place). */
let cachedVersion = data.version;
function fresh(): void {
  if (cachedVersion === data.version) return;
  cachedVersion = data.version;
  mentionedIn = undefined;
  atlas = undefined;
}

let mentionedIn: Promise<Map<string, Awaited<ReturnType<typeof getNotes>>>> | undefined;
/**
 * Card id → the published notes for readers that mention it; worked out once per build,
 * not once per card page.
 */
export function getMentionedIn() {
  fresh();
  mentionedIn ??= getNotes().then((all) => {
    const notes = forReaders(all);
    const map = new Map<string, typeof notes>();
    for (const note of notes) {
      for (const id of findMentions(note.entry.body ?? '', getAtlas())) map.set(id, [...(map.get(id) ?? []), note]);
    }
    return map;
  });
  return mentionedIn;
}

let atlas: Atlas | undefined;
/** The validated atlas (cards, layers, relations and the maps derived from them). */
export function getAtlas(): Atlas {
  fresh();
  atlas ??= buildAtlas(data.cards, data.layers);
  return atlas;
}

/** The runnable examples (metadata, script, transcript). */
export function getExamples(): Example[] {
  return data.examples;
}

/** The call chains, in page order. */
export function getChains(): Chain[] {
  return data.chains;
}

/** Declared redirects: old site path → new site path. */
export function getRedirects(): Record<string, string> {
  return data.redirects;
}

/** One diagram by name; throws naming the known diagrams if there is none. */
export function getDiagram(name: string): DiagramEntry {
  const entry = Object.hasOwn(data.diagrams, name) ? data.diagrams[name] : undefined;
  if (!entry) {
    const names = Object.keys(data.diagrams);
    throw new Error(
      `diagrams: no diagram named "${name}" (known: ${names.slice(0, 12).join(', ')}, … ${names.length} in all)`,
    );
  }
  return entry;
}

/** Every diagram, in order: stack, chains, then one per card. */
export function listDiagrams(): DiagramEntry[] {
  return Object.values(data.diagrams);
}

/** A page's source file (relative to the project root) and its last commit date, when known. */
export function getPageFile(
  kind: keyof typeof data.pageFiles,
  id: string,
): { file: string; updated?: string } | undefined {
  return data.pageFiles[kind][id];
}

/** The live machine of this build (null: no image, pages show transcripts). */
export function getMachine(): MachineInfo | null {
  return data.machine;
}

/** True when example `id` runs live on its page. */
export function isLiveExample(id: string): boolean {
  return data.machine?.examples.includes(id) ?? false;
}

/** The playground's guided path (content/playground.yaml). */
export function getPlayground(): Playground {
  return data.playground;
}

/** Which parts of the site this content fills (model/sections.ts). */
export function getSections(): Sections {
  return sectionsOf({ atlas: getAtlas(), examples: data.examples, playground: data.playground });
}
