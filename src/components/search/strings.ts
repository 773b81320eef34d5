/**
 * Search UI strings. Reuses the site dictionary's `search.*` and `type.*` keys and adds
 * the few the search work needed (the `searchZhCN` block below; candidates for
 * src/i18n/zh-CN.ts). Serialised into the page as JSON so the lazily loaded
 * search scripts carry no dictionary of their own.
 */
import { t } from '../../i18n/index.ts';

/** New keys, not (yet) in src/i18n/zh-CN.ts. */
export const searchZhCN = {
  'search.title': '搜索',
  'search.dialogTitle': '搜索本站',
  'search.needsJs': '站内搜索在浏览器中运行，需要启用 JavaScript。也可以直接浏览：',
  'search.browseCards': '全部技术卡片',
  'search.browseNotes': '笔记归档',
  'search.browseLayers': '技术栈分层',
  'search.typeFilter': '页面类型',
  'search.layerFilter': '所在层',
  'search.layerAll': '全部层',
  'search.more': '显示更多结果',
  'search.hint': '↑ ↓ 选择 · Enter 打开 · Esc 关闭',
  'search.fullPage': '在搜索页中筛选',
  'search.sections': '相关章节',
  'search.results': '搜索结果',
  'search.listAll': '共 {n} 个页面',
  'search.error': '搜索出错：{message}',
  'search.pageLead': '在卡片、笔记、示例与技术栈分层中查找。搜索在浏览器内完成，离线也能用；按 / 或 Ctrl+K 随时打开。',
} as const;

export type SearchKey = keyof typeof searchZhCN;

export function st(key: SearchKey, vars: Record<string, string | number> = {}): string {
  return searchZhCN[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Strings the client scripts need, with `{placeholders}` left in for them to fill. */
export function clientStrings() {
  return {
    loading: t('search.loading'),
    noResults: t('search.noResults'),
    resultsCount: t('search.resultsCount'),
    unavailable: t('search.unavailable'),
    error: searchZhCN['search.error'],
    listAll: searchZhCN['search.listAll'],
    more: searchZhCN['search.more'],
    sections: searchZhCN['search.sections'],
    results: searchZhCN['search.results'],
    types: {
      card: t('type.card'),
      note: t('type.note'),
      example: t('type.example'),
      layer: t('type.layer'),
      page: t('type.page'),
    },
  };
}

export type ClientStrings = ReturnType<typeof clientStrings>;
