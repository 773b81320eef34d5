/** UI strings for client scripts, read from the page (BaseLayout puts them on `#announcer`). */
import type { UiStrings } from '../i18n/client.ts';

let strings: Partial<UiStrings> | undefined;

/** The string for `key` with `{placeholders}` filled; '' when the page carries none. */
export function ui(key: keyof UiStrings, vars: Record<string, string> = {}): string {
  strings ??= JSON.parse(document.getElementById('announcer')?.dataset.ui ?? '{}') as Partial<UiStrings>;
  return (strings[key] ?? '').replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}
