/** Translation lookup with `{name}` interpolation. One dictionary for now (zh-CN). */
import { zhCN, type UiKey } from './zh-CN.ts';

export type { UiKey };

/** Returns the UI string for `key` with `{placeholders}` filled from `vars`. */
export function t(key: UiKey, vars: Record<string, string | number> = {}): string {
  return zhCN[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Formats a date the way Chinese readers expect: 2025年4月19日. */
export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/** ISO day (YYYY-MM-DD) for <time datetime>. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
