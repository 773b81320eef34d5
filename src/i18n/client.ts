/**
 * The UI strings client scripts need (search), serialised into the page as JSON
 * so the lazily loaded scripts carry no dictionary of their own. `{placeholders}`
 * are left in for the scripts to fill.
 */
import { raw } from './index.ts';

export function clientStrings() {
  return {
    loading: raw('search.loading'),
    noResults: raw('search.noResults'),
    resultsCount: raw('search.resultsCount'),
    unavailable: raw('search.unavailable'),
    error: raw('search.error'),
    listAll: raw('search.listAll'),
    more: raw('search.more'),
    sections: raw('search.sections'),
    results: raw('search.results'),
    answer: raw('search.answer'),
    corrected: raw('search.corrected'),
    types: {
      card: raw('type.card'),
      note: raw('type.note'),
      example: raw('type.example'),
      layer: raw('type.layer'),
      compare: raw('type.compare'),
      page: raw('type.page'),
    },
  };
}

export type ClientStrings = ReturnType<typeof clientStrings>;

/** Strings of the copy buttons and heading links, carried by the page's live region (`#announcer[data-ui]`). */
export function uiStrings() {
  return {
    copied: raw('diagram.copied'),
    copyFailed: raw('copy.failed'),
    linkDone: raw('copy.linkDone'),
    markdownLabel: raw('copy.markdownLabel'),
    markdownDone: raw('copy.markdownDone'),
    copyLinkAction: raw('copy.linkAction'),
    copyMarkdownAction: raw('copy.markdownAction'),
    slipMore: raw('slip.more'),
  };
}

export type UiStrings = ReturnType<typeof uiStrings>;
