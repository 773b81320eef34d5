/**
 * User-visible Chinese strings produced by the markdown plugins, kept in one
 * place so wording is reviewed (and could be translated) without touching code.
 */

/** Admonition types, in the order Fuwari documents them. */
export const admonitionTypes = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type AdmonitionType = (typeof admonitionTypes)[number];

/**
 * Default admonition titles. `warning`/`caution` follow the usual Chinese safety
 * signal words (警告 = WARNING, 注意 = CAUTION), so `note` uses 备注 rather than
 * 注意 to keep the five titles distinct.
 */
export const admonitionTitles: Record<AdmonitionType, string> = {
  note: '备注',
  tip: '提示',
  important: '重要',
  warning: '警告',
  caution: '注意',
};

/** Tooltip on a spoiler, telling sighted mouse users how to reveal it. */
export const spoilerHint = '隐藏内容：悬停或聚焦（Tab）后显示';

/** Accessible name of a heading's self-link; the heading text makes it unique on the page. */
export function headingAnchorLabel(headingText: string): string {
  return `本节链接：${headingText}`;
}

/** Small caption shown on a GitHub card (no API call, so no stars or description). */
export const githubCardCaption = 'GitHub 仓库';

/** Accessible names of GFM task-list checkboxes. */
export const taskListLabels = { done: '已完成', open: '未完成' } as const;
