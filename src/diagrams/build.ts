/**
 * Generates every diagram from the atlas, renders both themes (cache first) and
 * writes the manifest that pages read through manifest.ts.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadAtlas } from '../model/load.ts';
import type { Atlas } from '../model/types.ts';
import { diagramsFor, type Diagram } from './generate.ts';
import type { DiagramEntry, DiagramManifest } from './manifest.ts';
import { manifestPath } from './manifest.ts';
import type { DiagramRenderer } from './renderer.ts';
import { finalizeSvg, standaloneSvg } from './svg.ts';

export interface BuildManifestOptions {
  /** Project root. */
  root: string;
  /** Content directory (absolute, or relative to root). */
  contentDir: string;
  renderer: DiagramRenderer;
  /** Use this atlas instead of loading contentDir. */
  atlas?: Atlas;
  /** Write the manifest here (default: manifestPath(root)). */
  manifestFile?: string;
}

export interface BuildManifestResult {
  manifest: DiagramManifest;
  file: string;
  diagrams: Diagram[];
  rendered: number;
  cached: number;
  ms: number;
}

export function manifestEntry(
  diagram: Diagram,
  light: Parameters<typeof finalizeSvg>[0],
  dark: Parameters<typeof finalizeSvg>[0],
): DiagramEntry {
  const meta = { title: diagram.title, description: diagram.description };
  const entry: DiagramEntry = {
    name: diagram.name,
    kind: diagram.kind,
    title: diagram.title,
    description: diagram.description,
    source: diagram.source,
    text: diagram.text,
    lightSvg: finalizeSvg(light, { ...meta, className: 'diagram-light' }),
    darkSvg: finalizeSvg(dark, { ...meta, className: 'diagram-dark' }),
    standaloneSvg: standaloneSvg(light, meta),
    width: light.width,
    height: light.height,
  };
  if (diagram.card) entry.card = diagram.card;
  return entry;
}

export async function buildDiagramManifest(options: BuildManifestOptions): Promise<BuildManifestResult> {
  const started = performance.now();
  const contentDir = path.resolve(options.root, options.contentDir);
  const atlas = options.atlas ?? loadAtlas(contentDir);
  const diagrams = diagramsFor(atlas);
  const before = { ...options.renderer.stats };
  const results = await options.renderer.renderAll(
    diagrams.map((d) => ({ source: d.source, origin: { file: d.name } })),
  );
  const manifest: DiagramManifest = {};
  diagrams.forEach((diagram, i) => {
    manifest[diagram.name] = manifestEntry(diagram, results[i]!.light, results[i]!.dark);
  });
  const file = options.manifestFile ?? manifestPath(options.root);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, file);
  return {
    manifest,
    file,
    diagrams,
    rendered: options.renderer.stats.rendered - before.rendered,
    cached: options.renderer.stats.cached - before.cached,
    ms: performance.now() - started,
  };
}
