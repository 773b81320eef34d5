/** Plain-data views of the atlas for /api/*.json and /llms.txt. */
import { z } from 'zod';
import { cardCitations } from './citations.ts';
import { cardStatuses, relationTypes } from './schema.ts';
import type { Atlas } from './types.ts';
import { t } from '../i18n/index.ts';
import { absoluteUrl as absolute, paths } from './urls.ts';
import { must } from './lookup.ts';

const url = z.url();
/** The URL of the source a claim cites (resolved from a source id), or null. */
const cited = url.nullable().describe('URL of the official source this claim cites, or null');
const claim = z.object({ text: z.string(), source: cited });

/** The published shape of /api/cards.json; /api/cards.schema.json is generated from it. */
export const cardsJsonSchema = z.object({
  $schema: url,
  layers: z.array(
    z.object({ id: z.string(), name: z.string(), en: z.string(), group: z.string().nullable(), aside: z.boolean() }),
  ),
  cards: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
      name: z.string(),
      zh: z.string(),
      aliases: z.array(z.string()),
      layer: z.string(),
      // a built-in kind, or one the site declares in its site.yaml (`kinds:`)
      kind: z.string().regex(/^[a-z][a-z0-9-]*$/),
      status: z.enum(cardStatuses),
      position: z.string(),
      /** Day the card's facts were last checked (YYYY-MM-DD). */
      reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      features: z.array(claim),
      remarks: z.array(claim),
      history: z.array(z.object({ date: z.string(), version: z.string().nullable(), text: z.string(), source: cited })),
      url,
      diagram: url,
      relations: z.array(
        z.object({
          type: z.enum(relationTypes),
          target: z.string(),
          via: z.string().nullable(),
          since: z.string().nullable(),
          until: z.string().nullable(),
          historical: z.boolean(),
          source: cited,
        }),
      ),
      usedBy: z.array(z.object({ type: z.enum(relationTypes), source: z.string() })),
      sources: z.array(z.object({ id: z.string().nullable(), title: z.string(), url })),
    }),
  ),
});

/** JSON Schema (draft 2020-12) of /api/cards.json. */
export function cardsJsonSchemaDocument() {
  return {
    ...z.toJSONSchema(cardsJsonSchema),
    title: 'Stack Atlas cards',
    description: 'Every technology card with its layer, aliases, relations and URLs.',
  };
}

/** /api/cards.json: every card with its layer, aliases, relations and URLs. */
export function cardsJson(atlas: Atlas, site: string, base: string) {
  return {
    $schema: absolute(site, base, 'api/cards.schema.json'),
    layers: atlas.layers.map((l) => ({ id: l.id, name: l.name, en: l.en, group: l.group ?? null, aside: l.aside })),
    cards: atlas.cards.map((card) => {
      const citations = cardCitations(card);
      const source = (ref: string | undefined) => citations.resolve(ref)?.url ?? null;
      return {
        id: card.id,
        name: card.name,
        zh: card.zh,
        aliases: card.aliases,
        layer: card.layer,
        kind: card.kind,
        status: card.status,
        position: card.position,
        reviewed: card.reviewed,
        features: card.features.map((f) => ({ text: f.text, source: source(f.source) })),
        remarks: card.remarks.map((r) => ({ text: r.text, source: source(r.source) })),
        history: card.history.map((h) => ({
          date: String(h.date),
          version: h.version ?? null,
          text: h.text,
          source: source(h.source),
        })),
        url: absolute(site, base, paths.card(card.id)),
        diagram: absolute(site, base, paths.diagramSvg(`card-${card.id}`)),
        relations: (atlas.outgoing.get(card.id) ?? []).map((e) => ({
          type: e.type,
          target: e.to,
          via: e.via ?? null,
          since: e.since ?? null,
          until: e.until ?? null,
          historical: e.historical,
          source: source(e.source),
        })),
        usedBy: (atlas.incoming.get(card.id) ?? []).map((e) => ({ type: e.type, source: e.from })),
        sources: card.sources.map((s) => ({ id: s.id ?? null, title: s.title, url: s.url })),
      };
    }),
  };
}

/** /api/graph.json: nodes and edges. */
export function graphJson(atlas: Atlas, site: string, base: string) {
  return {
    nodes: atlas.cards.map((c) => ({
      id: c.id,
      label: c.name,
      zh: c.zh,
      layer: c.layer,
      kind: c.kind,
      url: absolute(site, base, paths.card(c.id)),
    })),
    edges: atlas.edges.map((e) => ({
      source: e.from,
      target: e.to,
      type: e.type,
      via: e.via ?? null,
      historical: e.historical,
    })),
  };
}

/** /llms.txt: a Markdown index of the site for language models (llmstxt.org format). */
export function llmsTxt(
  atlas: Atlas,
  notes: Array<{ slug: string; title: string; description?: string }>,
  site: string,
  base: string,
  identity: { name: string; tagline?: string; description: string },
): string {
  const named = (name: string, detail: string | undefined) =>
    detail && detail !== name ? t('text.named', { name, detail }) : name;
  const lines = [
    `# ${named(identity.name, identity.tagline)}`,
    '',
    `> ${identity.description}`,
    '',
    `## ${t('llms.layers')}`,
    '',
  ];
  for (const layer of atlas.layers) {
    const cards = must(atlas.cardsByLayer, layer.id, 'layer')
      .map((c) => c.name)
      .join(t('text.list'));
    lines.push(`- ${t('text.labelled', { label: named(layer.name, layer.en), text: cards })}`);
  }
  lines.push('', `## ${t('llms.cards')}`, '');
  for (const card of atlas.cards)
    lines.push(`- [${named(card.name, card.zh)}](${absolute(site, base, paths.card(card.id))}): ${card.position}`);
  lines.push('', `## ${t('llms.notes')}`, '');
  for (const note of notes)
    lines.push(
      `- [${note.title}](${absolute(site, base, paths.note(note.slug))})${note.description ? `: ${note.description}` : ''}`,
    );
  lines.push(
    '',
    `## ${t('llms.machine')}`,
    '',
    `- [cards.json](${absolute(site, base, 'api/cards.json')})`,
    `- [graph.json](${absolute(site, base, 'api/graph.json')})`,
    '',
  );
  return lines.join('\n');
}
