/**
 * Everything search shows, in one module loaded on first use by search-boot.ts: the
 * dialog's behaviour and the /search/ page's. One module (and so one request after
 * the boot script): the /search/ page's first query fetches no script of its own.
 */
export { attachSearchDialog, warmSearch } from './search-dialog.ts';
export { bootSearchPage } from './search-page.ts';
