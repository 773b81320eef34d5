/** Alias URLs that redirect to a card: /cards/k8s/ → /cards/kubernetes/. */
import { idPattern } from './schema.ts';
import type { Atlas } from './types.ts';

/** Lower-case ASCII slug of an alias, or undefined for aliases that are not ASCII words. */
export function aliasSlug(alias: string): string | undefined {
  const slug = alias
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/[^a-z0-9-]/g, '');
  return slug && idPattern.test(slug) && /^[\x20-\x7e]+$/.test(alias) ? slug : undefined;
}

/** Every alias slug that is not itself a card id, mapped to its card id. */
export function cardAliasRedirects(atlas: Atlas): Map<string, string> {
  const redirects = new Map<string, string>();
  for (const card of atlas.cards) {
    for (const alias of [card.name, ...card.aliases]) {
      const slug = aliasSlug(alias);
      if (!slug || atlas.byId.has(slug) || redirects.has(slug)) continue;
      redirects.set(slug, card.id);
    }
  }
  return redirects;
}

/**
 * Renamed diagram files among the declared redirects, as [old name, new name]
 * pairs for one extension: `diagrams/a.svg: diagrams/b.svg` → ['a', 'b'].
 */
export function renamedDiagrams(redirects: Record<string, string>, extension: 'svg' | 'mmd'): [string, string][] {
  const file = new RegExp(`^diagrams/([\\w-]+)\\.${extension}$`);
  return Object.entries(redirects).flatMap(([from, to]) => {
    const a = file.exec(from)?.[1];
    const b = file.exec(to)?.[1];
    return a && b ? [[a, b] as [string, string]] : [];
  });
}
