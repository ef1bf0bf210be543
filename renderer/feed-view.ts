// The panel's feed: filters, a count, and a virtualised list that loads older pages as the user nears its end.
import type { FeedItem, FeedQuery } from '../shared/bridge-contract.js';
import { CATALOG, CATEGORY_LABELS, isKnownType } from '../shared/catalog.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { eventRow, openEvent, refreshRelativeTimes } from './event-row.js';
import {
  EMPTY_FILTERS,
  filtersToQuery,
  hasActiveFilters,
  LISTED_CATEGORIES,
  matchesFilters,
  typeChoices,
  type FeedFilters,
} from './feed-filter.js';
import { insertEvent, type ListChange } from './feed-items.js';
import { ItemListView } from './item-list-view.js';
import type { LiveView } from './live-view.js';
import { VirtualList } from './virtual-list.js';

export const FEED_ROW_HEIGHT = 68;
const OVERSCAN = 6;
/** Small on purpose: the first screen must show fast even with 10 000 events stored. */
export const FIRST_PAGE_SIZE = 100;
const PAGE_SIZE = 200;
const MAX_PAGE_SIZE = 500;
/** Fetch the next page when the screen is this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 50;
const SEARCH_DEBOUNCE_MS = 200;
export const FIRST_RENDER_MARK = 'wd:feed-first-render';

let firstRenderMarked = false;

/** Marks the first painted feed once per page load, for the e2e test and the cold-start benchmark. */
function markFirstRender(): void {
  if (firstRenderMarked) return;
  firstRenderMarked = true;
  requestAnimationFrame(() => {
    // rAF runs before the frame is painted; the task after it runs once it is.
    setTimeout(() => performance.mark(FIRST_RENDER_MARK), 0);
  });
}

export class FeedView extends ItemListView implements LiveView {
  readonly element: HTMLElement;
  private filters: FeedFilters = { ...EMPTY_FILTERS };
  private total = 0;
  private nextBeforeId: string | null = null;
  private generation = 0;
  private loadingFirst = false;
  private loadingMore = false;
  private loaded = false;
  /** Events pushed while the first page was on its way; merged once it lands. */
  private pushedWhileLoading: FeedItem[] = [];
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private typedSearch: string | null = null;
  private savedScrollTop = 0;
  private readonly list: VirtualList<FeedItem>;
  private readonly filterBar: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly heading: HTMLElement;
  private placeSelect: HTMLSelectElement | null = null;

  constructor(private readonly ctx: DeskContext) {
    super();
    this.list = new VirtualList<FeedItem>({
      rowHeight: FEED_ROW_HEIGHT,
      overscan: OVERSCAN,
      renderRow: (item) => this.renderRow(item),
      onRange: (range) => this.maybeLoadMore(range.end),
      fallbackHeight: () => window.innerHeight,
    });
    this.filterBar = h('div', { className: 'filters', attrs: { role: 'search' } });
    this.toolbar = h('div', { className: 'feed-toolbar' });
    this.empty = h('div', { className: 'feed-empty', attrs: { 'data-testid': 'feed-empty', hidden: true } });
    // The page's one level-one heading: the header shows the app's name, the feed names itself for screen readers.
    this.heading = h('h1', { className: 'visually-hidden' });
    this.element = h(
      'section',
      { className: 'view feed-view', attrs: { 'data-testid': 'feed' } },
      this.heading,
      this.filterBar,
      this.toolbar,
      h('div', { className: 'feed-list-wrap' }, this.list.element, this.empty),
    );
    this.relabel();
    this.reload();
  }

  // ---- data ----

  private query(extra: Partial<FeedQuery> = {}): FeedQuery {
    return { ...filtersToQuery(this.filters), ...extra };
  }

  reload(): void {
    const generation = ++this.generation;
    this.loadingFirst = true;
    this.loadingMore = false;
    this.drawToolbar();
    this.ctx.listFeed(this.query({ limit: FIRST_PAGE_SIZE })).then(
      (page) => {
        if (generation !== this.generation) return;
        this.loadingFirst = false;
        this.loaded = true;
        this.items = page.items;
        this.total = page.total;
        this.nextBeforeId = page.nextBeforeId;
        if (page.nextBeforeId === null) this.total = page.items.length;
        if (page.items[0]) this.ctx.noteEventId(page.items[0].id);
        this.ctx.setUnread(page.unread);
        const pushed = this.pushedWhileLoading;
        this.pushedWhileLoading = [];
        this.list.scrollToTop();
        this.update();
        for (const item of pushed) this.eventAdded(item);
        markFirstRender();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.loadingFirst = false;
        this.pushedWhileLoading = [];
        this.update();
        this.ctx.fail(error);
      },
    );
  }

  private maybeLoadMore(visibleEnd: number): void {
    if (this.loadingFirst || this.loadingMore || this.nextBeforeId === null) return;
    if (visibleEnd + PREFETCH_ROWS < this.items.length) return;
    const generation = this.generation;
    // A jump far down the scroll bar asks for what it needs at once (up to the page cap) rather than page by page.
    const wanted = visibleEnd + PREFETCH_ROWS - this.items.length;
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, wanted));
    this.loadingMore = true;
    this.ctx.api.listFeed(this.query({ beforeId: this.nextBeforeId, limit })).then(
      (page) => {
        if (generation !== this.generation) return;
        this.loadingMore = false;
        const known = new Set(this.items.map((item) => item.id));
        this.items = [...this.items, ...page.items.filter((item) => !known.has(item.id))];
        this.nextBeforeId = page.nextBeforeId;
        this.total = page.nextBeforeId === null ? this.items.length : Math.max(page.total, this.items.length);
        this.ctx.setUnread(page.unread);
        this.update();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.loadingMore = false;
        this.ctx.fail(error);
      },
    );
  }

  /** After rows vanished that may also exist in pages not loaded yet, ask main for the true count. */
  private refreshTotal(): void {
    if (this.nextBeforeId === null) return;
    const generation = this.generation;
    this.ctx.api.listFeed(this.query({ limit: 1 })).then(
      (page) => {
        if (generation !== this.generation || this.loadingFirst) return;
        this.total = Math.max(page.total, this.items.length);
        this.update();
      },
      () => undefined,
    );
  }

  private update(): void {
    // Everything around the list first: drawing rows reads the list's height, and that read lays the page out.
    this.drawToolbar();
    this.drawEmpty();
    this.list.setData(this.items, this.loaded ? this.total : 0);
  }

  protected apply(change: ListChange): void {
    if (!change.changed) return;
    this.items = change.items;
    this.total = Math.max(0, this.total - change.removed);
    if (change.removed > 0) this.refreshTotal();
    this.update();
  }

  // ---- pushed events ----

  eventAdded(item: FeedItem): void {
    if (this.loadingFirst) {
      this.pushedWhileLoading.push(item);
      return;
    }
    if (!matchesFilters(item, this.filters, this.ctx.timeZone)) return;
    const change = insertEvent(this.items, item);
    if (!change.changed) return;
    const index = change.items.indexOf(item);
    this.items = change.items;
    this.total += 1;
    const scrollTop = this.list.scrollTop;
    this.update();
    // Someone reading further down keeps their place: the new row pushes the list, not the screen.
    if (scrollTop > 0 && index * FEED_ROW_HEIGHT < scrollTop) this.list.scrollTop = scrollTop + FEED_ROW_HEIGHT;
  }

  establishmentsChanged(): void {
    this.fillPlaces();
  }

  // ---- drawing ----

  relabel(): void {
    this.heading.textContent = this.ctx.strings.feedHeading;
    this.drawFilters();
    this.drawToolbar();
    this.drawEmpty();
    this.list.invalidate();
  }

  tick(): void {
    refreshRelativeTimes(this.list.element, this.ctx);
  }

  attached(): void {
    // Writing scrollTop forces a layout: only when coming back to a list that was scrolled.
    if (this.savedScrollTop !== 0) this.list.scrollTop = this.savedScrollTop;
    else this.list.render();
  }

  detached(): void {
    this.savedScrollTop = this.list.element.scrollTop;
  }

  private renderRow(item: FeedItem | undefined): HTMLElement {
    if (!item) {
      return h(
        'div',
        { className: 'event-row event-row-feed placeholder', attrs: { 'aria-hidden': 'true' } },
        h('span', { className: 'placeholder-bar', text: this.ctx.strings.loading }),
      );
    }
    return eventRow(item, this.ctx, 'feed', { open: (clicked) => openEvent(clicked, this.ctx) });
  }

  private setFilters(patch: Partial<FeedFilters>): void {
    this.filters = { ...this.filters, ...patch };
    this.reload();
  }

  private drawFilters(): void {
    const { strings, locale } = this.ctx;
    const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';

    const chips = LISTED_CATEGORIES.map((category) => {
      const input = h('input', {
        attrs: {
          type: 'checkbox',
          id: `filter-category-${category}`,
          'data-testid': `filter-category-${category}`,
          value: category,
        },
      });
      input.checked = this.filters.categories.includes(category);
      input.addEventListener('change', () => {
        const categories = LISTED_CATEGORIES.filter((c) =>
          c === category ? input.checked : this.filters.categories.includes(c),
        );
        const chosen = this.filters.type;
        const keepType =
          !chosen || categories.length === 0 || !isKnownType(chosen) || categories.includes(CATALOG[chosen].category);
        const type = keepType ? chosen : null;
        this.setFilters({ categories, type });
        this.drawFilters();
      });
      return h(
        'label',
        { className: `chip category-${category}`, attrs: { for: input.id } },
        input,
        h('span', { text: CATEGORY_LABELS[category][locale] }),
      );
    });

    const typeSelect = h('select', { attrs: { id: 'filter-type', 'data-testid': 'filter-type' } });
    typeSelect.appendChild(h('option', { text: strings.allTypes, attrs: { value: '' } }));
    for (const { type, title } of typeChoices(this.filters.categories, locale)) {
      typeSelect.appendChild(h('option', { text: title, attrs: { value: type } }));
    }
    typeSelect.value = this.filters.type ?? '';
    typeSelect.addEventListener('change', () => this.setFilters({ type: typeSelect.value || null }));

    const placeSelect = h('select', { attrs: { id: 'filter-establishment', 'data-testid': 'filter-establishment' } });
    this.placeSelect = placeSelect;
    this.fillPlaces();
    placeSelect.addEventListener('change', () => this.setFilters({ establishmentId: placeSelect.value || null }));

    const dayInput = (key: 'fromDay' | 'toDay', testId: string): HTMLInputElement => {
      const input = h('input', { attrs: { type: 'date', id: testId, 'data-testid': testId } });
      input.value = this.filters[key] ?? '';
      input.addEventListener('change', () => {
        const value = /^\d{4}-\d{2}-\d{2}$/.test(input.value) ? input.value : null;
        this.setFilters({ [key]: value });
      });
      return input;
    };
    const from = dayInput('fromDay', 'filter-from');
    const to = dayInput('toDay', 'filter-to');

    const search = h('input', {
      attrs: {
        type: 'search',
        id: 'filter-search',
        'data-testid': 'filter-search',
        placeholder: strings.searchPlaceholder,
        maxlength: 100,
        autocomplete: 'off',
        spellcheck: 'false',
      },
    });
    // A redraw while the user is typing (a new place arrived) keeps what was typed but not yet searched.
    search.value = this.typedSearch ?? this.filters.search;
    search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      const value = search.value;
      this.typedSearch = value;
      this.searchTimer = setTimeout(() => {
        this.typedSearch = null;
        if (value.trim() !== this.filters.search.trim()) this.setFilters({ search: value });
        else this.filters = { ...this.filters, search: value };
      }, SEARCH_DEBOUNCE_MS);
    });

    const unread = h('input', { attrs: { type: 'checkbox', id: 'filter-unread', 'data-testid': 'filter-unread' } });
    unread.checked = this.filters.unreadOnly;
    unread.addEventListener('change', () => this.setFilters({ unreadOnly: unread.checked }));

    const field = (label: string, control: HTMLElement, className = ''): HTMLElement =>
      h(
        'div',
        { className: `field ${className}`.trim() },
        h('label', { text: label, attrs: { for: control.id } }),
        control,
      );

    replaceChildren(
      this.filterBar,
      h(
        'div',
        { className: 'filter-top' },
        h(
          'fieldset',
          { className: 'filter-categories' },
          h('legend', { className: 'visually-hidden', text: strings.filterCategories }),
          ...chips,
        ),
        h('label', { className: 'toggle', attrs: { for: unread.id } }, unread, h('span', { text: strings.unreadOnly })),
      ),
      h(
        'div',
        { className: 'filter-fields' },
        field(strings.searchLabel, search, 'field-search'),
        field(strings.filterType, typeSelect),
        field(strings.filterEstablishment, placeSelect),
        field(strings.filterFrom, from, 'field-day'),
        field(strings.filterTo, to, 'field-day'),
      ),
    );
    this.filterBar.setAttribute('aria-label', strings.filtersLabel);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  /** The establishment filter's choices: only this select changes when a place is first seen. */
  private fillPlaces(): void {
    const select = this.placeSelect;
    if (!select) return;
    replaceChildren(
      select,
      h('option', { text: this.ctx.strings.allEstablishments, attrs: { value: '' } }),
      ...this.ctx.establishments.map((place) =>
        h('option', { text: place.name ?? place.id, attrs: { value: place.id } }),
      ),
    );
    select.value = this.filters.establishmentId ?? '';
    select.disabled = this.ctx.establishments.length === 0;
  }

  private drawToolbar(): void {
    const { strings } = this.ctx;
    const count = h('div', {
      className: 'feed-count',
      text: this.loaded ? strings.eventCount(this.total) : strings.loading,
      attrs: { 'data-testid': 'feed-total', 'aria-live': 'polite' },
    });
    const clear = hasActiveFilters(this.filters)
      ? h('button', {
          className: 'button-link',
          text: strings.clearFilters,
          attrs: { type: 'button', 'data-testid': 'clear-filters' },
          on: {
            click: () => {
              clearTimeout(this.searchTimer);
              this.typedSearch = null;
              this.filters = { ...EMPTY_FILTERS };
              this.drawFilters();
              this.reload();
            },
          },
        })
      : null;
    const markAll = h('button', {
      className: 'button',
      text: strings.markAllRead,
      attrs: { type: 'button', 'data-testid': 'mark-all-read' },
      on: { click: () => void this.ctx.markAllRead() },
    });
    markAll.disabled = this.ctx.unread === 0;
    replaceChildren(this.toolbar, count, h('div', { className: 'toolbar-actions' }, clear, markAll));
  }

  unreadChanged(): void {
    const button = this.toolbar.querySelector<HTMLButtonElement>('[data-testid="mark-all-read"]');
    if (button) button.disabled = this.ctx.unread === 0;
  }

  private drawEmpty(): void {
    const empty = this.loaded && this.total === 0;
    this.empty.hidden = !empty;
    this.empty.textContent = hasActiveFilters(this.filters)
      ? this.ctx.strings.feedEmptyFiltered
      : this.ctx.strings.feedEmpty;
  }
}
