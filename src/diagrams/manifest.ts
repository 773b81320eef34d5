/**
 * Read side of the diagram manifest written by the diagrams integration at
 * `astro:config:setup`. Plain synchronous fs reads: safe in .astro pages and
 * endpoints (getStaticPaths included). Throws when the manifest or a diagram is missing.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DiagramText } from './text.ts';

export type { DiagramText, TextGroup, TextItem, TextRelation } from './text.ts';

export interface DiagramEntry {
  /** Stable ASCII name: `stack`, `card-<id>`, `chain-docker-run`, `chain-kubelet-pod`. */
  name: string;
  kind: 'stack' | 'card' | 'chain';
  /** Card id of a card diagram. */
  card?: string;
  /** Chinese title and description (already inside the SVGs as <title>/<desc>). */
  title: string;
  description: string;
  /** Mermaid source (serve as /diagrams/<name>.mmd). */
  source: string;
  /** Structured text equivalent: render as list/table next to the SVG (search indexes it). */
  text: DiagramText;
  /** Inline SVG, light theme; root has class `diagram-light`, role="img", <title>, <desc>. */
  lightSvg: string;
  /** Inline SVG, dark theme; root has class `diagram-dark`. Ids differ from the light variant. */
  darkSvg: string;
  /** Standalone file for /diagrams/<name>.svg: light, white background, system CJK fonts. */
  standaloneSvg: string;
  /** Natural size in CSS px (the SVGs scale down, never up). */
  width: number;
  height: number;
}

/** The manifest file: name → entry, in diagram order. */
export type DiagramManifest = Record<string, DiagramEntry>;

export const manifestRelativePath = path.join('node_modules', '.cache', 'stack-atlas', 'diagrams', 'manifest.json');

/** Absolute path of the manifest; STACK_ATLAS_DIAGRAM_MANIFEST overrides it. */
export function manifestPath(root: string = process.cwd()): string {
  return process.env.STACK_ATLAS_DIAGRAM_MANIFEST ?? path.join(root, manifestRelativePath);
}

let cache: { file: string; mtimeMs: number; size: number; manifest: DiagramManifest } | undefined;

/** Reads (and memoises until the file changes) the whole manifest. */
export function readManifest(root?: string): DiagramManifest {
  const file = manifestPath(root);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new Error(
      `diagrams: manifest not found at ${file}. It is written by diagramsIntegration() at astro:config:setup; ` +
        'make sure the integration is listed in astro.config.mjs (and that the build got that far).',
    );
  }
  if (cache && cache.file === file && cache.mtimeMs === stat.mtimeMs && cache.size === stat.size) return cache.manifest;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as DiagramManifest;
  cache = { file, mtimeMs: stat.mtimeMs, size: stat.size, manifest };
  return manifest;
}

/** One diagram by name; throws naming the known diagrams if it does not exist. */
export function getDiagram(name: string, root?: string): DiagramEntry {
  const manifest = readManifest(root);
  const entry = Object.hasOwn(manifest, name) ? manifest[name] : undefined;
  if (!entry) {
    const names = Object.keys(manifest);
    throw new Error(
      `diagrams: no diagram named "${name}" (known: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … ${names.length} in all` : ''})`,
    );
  }
  return entry;
}

/** All diagrams in order: stack, chains, then one per card (stack order). */
export function listDiagrams(root?: string): DiagramEntry[] {
  return Object.values(readManifest(root));
}

/** The diagram of a card, if the card exists in the manifest. */
export function findCardDiagram(cardId: string, root?: string): DiagramEntry | undefined {
  const manifest = readManifest(root);
  return Object.hasOwn(manifest, `card-${cardId}`) ? manifest[`card-${cardId}`] : undefined;
}
