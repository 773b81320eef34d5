/**
 * The live results list shared by the search dialog and the /search/ page: runs
 * the search for the box's text, renders hits (type, title, highlighted excerpt,
 * section links), announces counts, and moves through results with the arrow keys.
 * Everything is built with text nodes; only `<mark>` comes from the excerpt.
 * `[data-search-results]` carries the query it shows (`data-query`) and its state:
 * `done`, or `partial` while first results from the page map wait for the full text.
 */
import { format, moveIndex, wantsSearch, type ExcerptPart, type Hit, type SearchState } from './search-core.ts';
import { isCurrent, nextToken, runSearch, warmIndex, type SearchOutcome, type ShortAnswer } from './search-engine.ts';
import type { ClientStrings } from '../i18n/client.ts';

export interface SearchViewOptions {
  input: HTMLInputElement;
  status: HTMLElement;
  results: HTMLElement;
  strings: ClientStrings;
  /** Hits shown at first (and per "more" click when `pageSize` is set). */
  limit: number;
  /** Show a "more results" button that loads this many more. */
  pageSize?: number;
  /** Current filters (the page has controls; the dialog has none). */
  filters?: () => Pick<SearchState, 'type' | 'layer'>;
  /** Compute counts for filter controls (see SearchOutcome.counts). */
  counts?: boolean;
  /** Called after each completed search (the page updates its URL and counts). */
  onResults?: (state: SearchState, outcome: SearchOutcome | undefined) => void;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

function excerptNode(parts: ExcerptPart[], className: string): HTMLElement {
  const node = el('span', className);
  for (const part of parts)
    node.append(part.mark ? el('mark', undefined, part.text) : document.createTextNode(part.text));
  return node;
}

/** One result: a main link and its section links, each a `[data-search-item]`. */
export function renderHit(hit: Hit, strings: ClientStrings): HTMLLIElement {
  const item = el('li', 'search-hit');
  item.dataset.type = hit.type;
  const link = el('a', 'search-hit-link');
  link.href = hit.url;
  link.dataset.searchItem = '';
  const meta = el('span', 'search-hit-meta');
  meta.append(el('span', `search-hit-type search-type-${hit.type}`, strings.types[hit.type]));
  if (hit.layer && hit.type !== 'layer') meta.append(el('span', 'search-hit-layer', hit.layer));
  link.append(meta, el('span', 'search-hit-title', hit.title), excerptNode(hit.excerpt, 'search-hit-excerpt'));
  item.append(link);
  if (hit.subs.length) {
    const subs = el('ul', 'search-subs');
    subs.setAttribute('aria-label', `${hit.title}：${strings.sections}`);
    for (const sub of hit.subs) {
      const li = el('li');
      const a = el('a', 'search-sub-link');
      a.href = sub.url;
      a.dataset.searchItem = '';
      a.append(el('span', 'search-sub-title', sub.title), excerptNode(sub.excerpt, 'search-sub-excerpt'));
      li.append(a);
      subs.append(li);
    }
    item.append(subs);
  }
  return item;
}

/** The short answer of a definition question: the page's one-line definition, linked to the page. */
export function renderAnswer(answer: ShortAnswer, strings: ClientStrings): HTMLElement {
  const box = el('section', 'search-answer');
  box.dataset.searchAnswer = '';
  box.setAttribute('aria-label', strings.answer);
  const title = el('p', 'search-answer-title');
  title.append(el('span', 'search-answer-label', strings.answer), ' ');
  const link = el('a', undefined, answer.title);
  link.href = answer.url;
  title.append(link);
  box.append(title, el('p', 'search-answer-text', answer.text));
  return box;
}

export class SearchView {
  private readonly o: SearchViewOptions;
  private list: HTMLOListElement | undefined;
  private moreButton: HTMLButtonElement | undefined;
  private outcome: SearchOutcome | undefined;
  private shown = 0;

  constructor(options: SearchViewOptions) {
    this.o = options;
    options.input.addEventListener('input', () => void this.update());
    options.input.addEventListener('keydown', (event) => this.onKey(event));
    options.results.addEventListener('keydown', (event) => this.onKey(event));
  }

  state(): SearchState {
    const filters = this.o.filters?.() ?? { type: '', layer: '' };
    return { q: this.o.input.value, ...filters };
  }

  /** Loads the index ahead of the first keystroke. */
  warm(): void {
    warmIndex();
  }

  /** Runs the search for the current box text and filters, and renders it. */
  async update(): Promise<void> {
    const state = this.state();
    const token = nextToken();
    if (!wantsSearch(state)) {
      this.clear();
      this.o.onResults?.(state, undefined);
      return;
    }
    // Only a slow search (the first one loads the index) says it is loading.
    const slow = setTimeout(() => {
      if (isCurrent(token)) this.setStatus(this.o.strings.loading);
    }, 150);
    let outcome: SearchOutcome | undefined;
    try {
      outcome = await runSearch(state, {
        limit: this.o.limit,
        token,
        counts: this.o.counts ?? false,
        // Title matches while the full text loads: shown at once, marked partial until replaced.
        onPartial: (partial) => {
          this.render(state, partial);
          this.setStatus(this.o.strings.loading);
          this.o.results.dataset.query = state.q;
          this.o.results.dataset.state = 'partial';
        },
      });
    } catch (error) {
      clearTimeout(slow);
      if (!isCurrent(token)) return;
      this.clear();
      const message = (error as Error).message || String(error);
      this.setStatus(
        /pagefind|import|fetch|module/i.test(message)
          ? this.o.strings.unavailable
          : format(this.o.strings.error, { message }),
      );
      this.o.results.dataset.state = 'error';
      return;
    }
    clearTimeout(slow);
    if (!outcome) return;
    this.render(state, outcome);
    this.o.results.dataset.query = state.q;
    this.o.results.dataset.state = 'done';
    this.o.onResults?.(state, outcome);
  }

  private clear(): void {
    this.o.results.replaceChildren();
    this.list = undefined;
    this.moreButton = undefined;
    this.outcome = undefined;
    this.shown = 0;
    this.setStatus('');
    this.o.results.dataset.query = '';
    this.o.results.dataset.state = 'idle';
  }

  private setStatus(text: string): void {
    if (this.o.status.textContent !== text) this.o.status.textContent = text;
  }

  private render(state: SearchState, outcome: SearchOutcome): void {
    const { strings } = this.o;
    this.outcome = outcome;
    this.shown = outcome.hits.length;
    const list = el('ol', 'search-list');
    list.setAttribute('aria-label', strings.results);
    for (const hit of outcome.hits) list.append(renderHit(hit, strings));
    this.list = list;
    const children: HTMLElement[] = [list];
    this.moreButton = undefined;
    if (this.o.pageSize && outcome.total > this.shown) {
      const button = el('button', 'search-more', strings.more);
      button.type = 'button';
      button.addEventListener('click', () => void this.loadMore());
      this.moreButton = button;
      children.push(button);
    }
    if (outcome.answer) children.unshift(renderAnswer(outcome.answer, strings));
    this.o.results.replaceChildren(...children);
    const q = state.q.trim();
    const corrected = outcome.plan?.corrections.length
      ? ` · ${format(strings.corrected, { q: outcome.plan.terms.join(' ') })}`
      : '';
    if (outcome.total === 0) this.setStatus(format(strings.noResults, { q }) + corrected);
    else if (!q) this.setStatus(format(strings.listAll, { n: outcome.total }));
    else this.setStatus(format(strings.resultsCount, { n: outcome.total }) + corrected);
  }

  private async loadMore(): Promise<void> {
    if (!this.outcome || !this.list || !this.o.pageSize) return;
    const firstNew = this.items().length;
    const hits = await this.outcome.more(this.o.pageSize);
    this.shown += hits.length;
    for (const hit of hits) this.list.append(renderHit(hit, this.o.strings));
    if (this.shown >= this.outcome.total) this.moreButton?.remove();
    this.items()[firstNew]?.focus();
  }

  /** Result links in reading order. */
  items(): HTMLAnchorElement[] {
    return [...this.o.results.querySelectorAll<HTMLAnchorElement>('a[data-search-item]')];
  }

  /** Index of the focused result link, or -1 (the box or elsewhere). */
  private activeIndex(): number {
    return this.items().indexOf(document.activeElement as HTMLAnchorElement);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const items = this.items();
    const current = this.activeIndex();
    const inBox = event.target === this.o.input;
    if (event.key === 'Enter' && inBox) {
      // Enter in the box opens the first result; with none yet, the form submits (to /search/).
      if (items[0]) {
        event.preventDefault();
        items[0].click();
      }
      return;
    }
    const next = moveIndex(inBox ? -1 : current, event.key, items.length);
    if (next !== undefined && (inBox ? event.key === 'ArrowDown' || event.key === 'ArrowUp' : current !== -1)) {
      event.preventDefault();
      if (next === -1) this.o.input.focus();
      else items[next]!.focus();
      return;
    }
    // Typing while a result has focus goes back to the box (the key lands there).
    if (!inBox && current !== -1 && (event.key.length === 1 || event.key === 'Backspace') && event.key !== ' ') {
      this.o.input.focus();
    }
  }
}
