/**
 * Words drawn on and next to diagram boxes and edges, from the dictionary. An edge
 * is always drawn from the relation's subject to its object, so its label is the
 * relation's active form ("使用", "实现"), never a reversed reading.
 */
import { relationLabel, statusLabel, t } from '../../i18n/index.ts';
import type { Atlas, Card, Edge } from '../../model/types.ts';

/** `name（zh）` in the site language's punctuation, or just the name when there is no other or it is the same. */
export function cardTitle(card: Pick<Card, 'name' | 'zh'>): string {
  return card.zh && card.zh !== card.name ? t('text.named', { name: card.name, detail: card.zh }) : card.name;
}

export function cardName(atlas: Pick<Atlas, 'byId'>, id: string): string {
  return atlas.byId.get(id)?.name ?? id;
}

/** `〔遗留〕` for a card that is not active, else ''. */
export function statusMark(card: Pick<Card, 'status'>): string {
  return card.status === 'active' ? '' : `〔${statusLabel(card.status)}〕`;
}

/** First line of an edge label: the relation and the interface it passes through (`使用 · 经 OCI`). */
export function edgeHeadline(atlas: Pick<Atlas, 'byId'>, edge: Edge): string {
  const via = edge.via ? ` · ${t('card.via', { via: cardName(atlas, edge.via) })}` : '';
  return `${relationLabel(edge.type)}${via}`;
}

/** Second line: the author's note and, for history, until when (`至 1.24 移除`). */
export function edgeDetail(edge: Edge): string {
  const parts = [edge.label, edge.until ? t('relation.until', { value: edge.until }) : undefined];
  const text = parts.filter(Boolean).join('；');
  return edge.historical && !edge.until ? [text, t('relation.historicalShort')].filter(Boolean).join('；') : text;
}

/** `containerd —使用/OCI→ runc（标签；自 …；至 …；历史关系）`: one relation as a sentence. */
export function relationLine(atlas: Pick<Atlas, 'byId'>, edge: Edge): string {
  const via = edge.via ? `/${cardName(atlas, edge.via)}` : '';
  const extras = [
    edge.label && edge.label !== (edge.via ? cardName(atlas, edge.via) : undefined) ? edge.label : undefined,
    edge.since ? t('relation.since', { value: edge.since }) : undefined,
    edge.until ? t('relation.until', { value: edge.until }) : undefined,
    edge.historical ? t('relation.historical') : undefined,
  ].filter(Boolean);
  const tail = extras.length ? `（${extras.join('；')}）` : '';
  return `${cardName(atlas, edge.from)} —${relationLabel(edge.type)}${via}→ ${cardName(atlas, edge.to)}${tail}`;
}
