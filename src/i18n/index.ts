/**
 * The one translation entry point. The dictionary is `src/i18n/<language>.ts`, the
 * language content/site.yaml names (SITE_LANG overrides it; default zh-CN); every other
 * language file must provide every key of zh-CN.
 */
import type { CardKind, RelationType } from '../model/schema.ts';
import { siteLang, siteSettings } from '../config.ts';
import type zhCN from './zh-CN.ts';
import { dictionary } from './load/dictionary.ts';

export type UiKey = keyof typeof zhCN;
/** A complete dictionary: a file for another language is typed with this, so a missing key fails `npm run check`. */
export type Dictionary = Record<UiKey, string>;

const plurals = new Intl.PluralRules(siteLang);

/**
 * The UI string for `key`, with `{placeholders}` filled from `vars`. `{n:card|cards}` picks the
 * word by the count in `n` (one, or any other), for languages that inflect (1 card, 2 cards).
 */
export function t(key: UiKey, vars: Record<string, string | number> = {}): string {
  return dictionary[key]
    .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (_, name: string, one: string, other: string) => {
      const count = Number(String(vars[name] ?? '').replace(/[^\d.]/g, ''));
      return plurals.select(count) === 'one' ? one : other;
    })
    .replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The dictionary entry as written, `{placeholders}` left in (for client scripts that fill them). */
export function raw(key: UiKey): string {
  return dictionary[key];
}

/** A card kind in words: site.yaml's `kinds` label (a kind of the site's own), else the dictionary's. */
export const kindLabel = (kind: CardKind | string) =>
  siteSettings.kinds[kind] ?? (Object.hasOwn(dictionary, `kind.${kind}`) ? t(`kind.${kind}` as UiKey) : kind);
/** A compared trait in words: site.yaml's `traits` label, else the dictionary's. */
export const traitLabel = (trait: string) =>
  siteSettings.traits[trait] ??
  (Object.hasOwn(dictionary, `compare.trait.${trait}`) ? t(`compare.trait.${trait}` as UiKey) : trait);
export const statusLabel = (status: 'active' | 'legacy' | 'deprecated') => t(`status.${status}`);

/**
 * Relation type in words: `forward` reads "A 使用 B"; `reverse` is the card page's
 * incoming form ("被其使用"); `passive` labels an arrow drawn from B to A ("被实现").
 */
export function relationLabel(type: RelationType, form: 'forward' | 'reverse' | 'passive' = 'forward'): string {
  return t(form === 'forward' ? `relation.${type}` : `relation.${type}.${form}`);
}

/** A date as readers of the site's language expect it (2025年4月19日). */
export function formatDate(date: Date): string {
  // One formatter for the build: making one per date cost more than the formatting (every page shows dates).
  dateFormat ??= new Intl.DateTimeFormat(siteLang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  return dateFormat.format(date);
}
let dateFormat: Intl.DateTimeFormat | undefined;

/**
 * The language of a page's own text: a note's `lang` (Fuwari writes `en`, `zh_CN`, `ja`)
 * as a language tag, or the site's language when it has none or an unreadable one.
 */
export function contentLang(lang: string | undefined): string {
  const tag = (lang ?? '').trim().replace(/_/g, '-');
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(tag)) return siteLang;
  const [first, ...rest] = tag.split('-');
  // zh-cn → zh-CN, en-us → en-US: the case HTML and Pagefind expect to see
  return [first!.toLowerCase(), ...rest.map((part) => (part.length === 2 ? part.toUpperCase() : part))].join('-');
}

/** A count as readers of the site's language write it (1,257). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(siteLang).format(n);
}

/** ISO day (YYYY-MM-DD) for <time datetime>. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
