/**
 * From generated diagrams to what pages and /diagrams/ files serve: the laid-out
 * SVGs as they are, the call chains rendered by Mermaid (disk cache first, the
 * browser only for what is missing), every SVG themed by the site's tokens, with
 * links to cards, safe to inline, and standalone light/dark files.
 */
import type { Atlas } from '../../model/types.ts';
import type { Chain } from '../../model/chains.ts';
import { withBase } from '../../model/urls.ts';
import { participantLinks } from '../source/chain.ts';
import { diagramsFor, type Diagram } from '../source/index.ts';
import type { DiagramText } from '../source/text.ts';
import type { DiagramRenderer } from './renderer.ts';
import {
  inlineSvg,
  linkParticipants,
  smallestFontSize,
  spreadParticipantLines,
  standaloneSvg,
  themedMermaidSvg,
} from './svg.ts';
import { switchCss, switchWidth } from './switch.ts';

export interface DiagramEntry {
  /** Stable ASCII name: `stack`, `card-<id>`, `chain-<id>`. */
  name: string;
  kind: Diagram['kind'];
  card?: string;
  title: string;
  /** What the wide form shows (caption, <desc>). */
  description: string;
  /** What the narrow form shows, where it says it differently (above/below instead of left/right). */
  narrowDescription?: string;
  /** Mermaid source, served as /diagrams/<name>.mmd. */
  source: string;
  text: DiagramText;
  /** Inline SVGs: the wide form, and the narrow form a page shows in a figure narrower than `switchAt`. */
  svg: { wide: string; narrow: string };
  /** Figure width (CSS px) below which the wide form's text would be too small; the narrow form is shown. */
  switchAt: number;
  /** Natural size of the wide variant, CSS px. */
  width: number;
  height: number;
  /** Natural width of the narrow variant (the one for narrow wiki columns). */
  narrowWidth: number;
  /** Self-contained files: /diagrams/<name>.svg, <name>-dark.svg, <name>-narrow.svg, <name>-narrow-dark.svg. */
  standalone: { light: string; dark: string; narrowLight: string; narrowDark: string };
}

/** Diagram name → entry, in diagram order. */
export type DiagramManifest = Record<string, DiagramEntry>;

export interface BuildManifestOptions {
  atlas: Atlas;
  chains: Chain[];
  /** Deployed base path and origin: links inside inline SVGs use the base, standalone files the full URL. */
  base: string;
  site: string;
  renderer: DiagramRenderer;
}

export interface BuildManifestResult {
  manifest: DiagramManifest;
  rendered: number;
  cached: number;
  ms: number;
}

/** Renders (or takes from cache) every diagram of the site. */
export async function buildDiagramManifest(options: BuildManifestOptions): Promise<BuildManifestResult> {
  const started = performance.now();
  const { atlas, chains, base, site, renderer } = options;
  const diagrams = diagramsFor(atlas, chains, { base });
  const absolute = (svg: string) => svg.split(`href="${base}`).join(`href="${new URL(base, site).href}`);
  const before = { ...renderer.stats };
  const chainByName = new Map(chains.map((chain) => [`chain-${chain.id}`, chain]));
  const manifest: DiagramManifest = {};
  for (const diagram of diagrams) {
    const meta = { title: diagram.title, description: diagram.description, interactive: true };
    const narrowLayout = diagram.layout.narrow;
    const narrowMeta = { ...meta, description: narrowLayout.description ?? diagram.description };
    let wide: string;
    let standaloneBody: string;
    let width: number;
    let height: number;
    if (diagram.layout.wide) {
      wide = diagram.layout.wide.svg;
      standaloneBody = absolute(wide);
      ({ width, height } = diagram.layout.wide);
    } else {
      const rendered = await renderer.render(diagram.mermaid, { file: diagram.name });
      const chain = chainByName.get(diagram.name);
      const themed = spreadParticipantLines(themedMermaidSvg(rendered, `diagram "${diagram.name}"`));
      const links = chain ? participantLinks(chain) : {};
      wide = linkParticipants(themed, links, (sitePath) => withBase(base, sitePath));
      standaloneBody = linkParticipants(themed, links, (sitePath) => new URL(withBase(base, sitePath), site).href);
      ({ width, height } = rendered);
      wide = wide.split(rendered.prefix).join(`dg-${diagram.name}`);
      standaloneBody = standaloneBody.split(rendered.prefix).join(`dg-${diagram.name}`);
    }
    const switchAt = switchWidth(width, smallestFontSize(wide));
    const entry: DiagramEntry = {
      name: diagram.name,
      kind: diagram.kind,
      title: diagram.title,
      description: diagram.description,
      source: diagram.mermaid,
      text: diagram.text,
      svg: {
        wide: inlineSvg(wide, { ...meta, idPrefix: `dg-${diagram.name}-w`, className: 'dg-wide' }),
        narrow: inlineSvg(narrowLayout.svg, {
          ...narrowMeta,
          idPrefix: `dg-${diagram.name}-n`,
          className: 'dg-narrow',
          css: switchCss(diagram.name, switchAt),
        }),
      },
      switchAt,
      width,
      height,
      narrowWidth: narrowLayout.width,
      standalone: {
        light: standaloneSvg(standaloneBody, { ...meta, idPrefix: `dg-${diagram.name}` }, 'light'),
        dark: standaloneSvg(standaloneBody, { ...meta, idPrefix: `dg-${diagram.name}` }, 'dark'),
        narrowLight: standaloneSvg(
          absolute(narrowLayout.svg),
          { ...narrowMeta, idPrefix: `dg-${diagram.name}` },
          'light',
        ),
        narrowDark: standaloneSvg(
          absolute(narrowLayout.svg),
          { ...narrowMeta, idPrefix: `dg-${diagram.name}` },
          'dark',
        ),
      },
    };
    if (narrowLayout.description && narrowLayout.description !== diagram.description) {
      entry.narrowDescription = narrowLayout.description;
    }
    if (diagram.card) entry.card = diagram.card;
    manifest[diagram.name] = entry;
  }
  return {
    manifest,
    rendered: renderer.stats.rendered - before.rendered,
    cached: renderer.stats.cached - before.cached,
    ms: performance.now() - started,
  };
}
