/**
 * The /search/ page: the same live results as the dialog plus page-type and layer
 * filters. `?q=…&type=…&layer=…` runs on load, and the URL follows the box and the
 * filters (replaceState), so a wiki can link straight to a search.
 */
import { readSearchState, wantsSearch, writeSearchState, type SearchState } from './search-core.ts';
import { allFilters, warmIndex, warmMap, type SearchOutcome } from './search-engine.ts';
import { SearchView } from './search-view.ts';
import type { ClientStrings } from '../i18n/client.ts';

export function bootSearchPage(): void {
  const root = document.querySelector<HTMLElement>('[data-search-page]');
  if (!root) return;
  root.hidden = false;
  const form = root.querySelector<HTMLFormElement>('form')!;
  const input = root.querySelector<HTMLInputElement>('[data-search-input]')!;
  const typeInputs = [...root.querySelectorAll<HTMLInputElement>('input[name="type"]')];
  const layerSelect = root.querySelector<HTMLSelectElement>('select[name="layer"]')!;
  const strings = JSON.parse(root.dataset.strings ?? '{}') as ClientStrings;

  const fromUrl = readSearchState(location.search);
  // What the reader typed before this module loaded is kept (and searched for).
  const initial = { ...fromUrl, q: fromUrl.q || input.value };
  input.value = initial.q;
  for (const radio of typeInputs) radio.checked = radio.value === initial.type;
  if (initial.layer && ![...layerSelect.options].some((o) => o.value === initial.layer)) {
    layerSelect.add(new Option(initial.layer, initial.layer));
  }
  layerSelect.value = initial.layer;

  const counts = (
    byType: Record<string, number> | undefined,
    byLayer: Record<string, number> | undefined,
    all: number | undefined,
  ) => {
    for (const radio of typeInputs) {
      const badge = radio.parentElement?.querySelector<HTMLElement>('[data-count]');
      if (!badge) continue;
      const n = radio.value ? byType?.[radio.value] : all;
      badge.textContent = n === undefined ? '' : String(n);
    }
    for (const option of layerSelect.options) {
      const label = option.dataset.label ?? option.textContent ?? '';
      option.dataset.label = label;
      const n = option.value ? byLayer?.[option.value] : undefined;
      option.textContent = n === undefined ? label : `${label}（${n}）`;
    }
  };

  const showTotals = async () => {
    try {
      const totals = await allFilters();
      const all = Object.values(totals.type ?? {}).reduce((a, b) => a + b, 0);
      counts(totals.type, totals.layer, all);
    } catch {
      // The view reports an unavailable index on the first search.
    }
  };

  const view = new SearchView({
    input,
    status: root.querySelector<HTMLElement>('[data-search-status]')!,
    results: root.querySelector<HTMLElement>('[data-search-results]')!,
    strings,
    // One screenful (results come from the page map; excerpts load for the first few).
    limit: 10,
    pageSize: 10,
    counts: true,
    filters: () => ({ type: typeInputs.find((r) => r.checked)?.value ?? '', layer: layerSelect.value }),
    onResults: (state: SearchState, outcome: SearchOutcome | undefined) => {
      const url = `${location.pathname}${writeSearchState(state)}${location.hash}`;
      if (url !== `${location.pathname}${location.search}${location.hash}`)
        history.replaceState(history.state, '', url);
      if (outcome) counts(outcome.counts.type, outcome.counts.layer, outcome.counts.all);
      else void showTotals();
    },
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void view.update();
  });
  for (const radio of typeInputs) radio.addEventListener('change', () => void view.update());
  layerSelect.addEventListener('change', () => void view.update());

  // The page map comes at once (a query of names needs nothing else); Pagefind's full text
  // when the reader heads for the box or a filter.
  warmMap();
  for (const control of [input, layerSelect, ...typeInputs])
    for (const type of ['focus', 'pointerenter', 'touchstart'] as const)
      control.addEventListener(type, warmIndex, { once: true, passive: true });
  if ([input, layerSelect, ...typeInputs].includes(document.activeElement as HTMLInputElement)) warmIndex();
  if (wantsSearch(initial)) void view.update();
  else {
    void showTotals();
    if (document.activeElement !== input) input.focus();
  }
}
