// The delivery log (#/deliveries): the last webhook deliveries, one's redacted payload, and "Reenviar".
import type { DeliveryDetail, DeliveryItem } from '../shared/bridge-contract.js';
import { CATALOG, isKnownType, type Locale } from '../shared/catalog.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import type { LiveView } from './live-view.js';
import { absoluteTime } from './time-format.js';

export const DELIVERIES_PAGE_SIZE = 50;

/** 512 → "512 B", 1234 → "1,2 KB" (pt-BR) or "1.2 KB" (en). */
export function formatSize(bytes: number, locale: Locale): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  const text = kb >= 10 ? String(Math.round(kb)) : kb.toFixed(1);
  return `${locale === 'pt-BR' ? text.replace('.', ',') : text} KB`;
}

/** The catalog's label in the desk's language when the type is known; WiFire's own name otherwise. */
export function deliveryTypeLabel(type: string, locale: Locale): string {
  return isKnownType(type) ? CATALOG[type].texts[locale].title : type;
}

type Detail = { kind: 'loading' } | { kind: 'found'; delivery: DeliveryDetail } | { kind: 'gone' };

export class DeliveriesView implements LiveView {
  readonly element: HTMLElement;
  private items: DeliveryItem[] = [];
  private nextBeforeId: string | null = null;
  private state: 'loading' | 'ready' | 'error' = 'loading';
  private loadingMore = false;
  private selectedId: string | null = null;
  private detail: Detail = { kind: 'loading' };
  private replaying = false;
  private generation = 0;
  private detailGeneration = 0;

  constructor(private readonly ctx: DeskContext) {
    this.element = h('section', { className: 'view deliveries-view', attrs: { 'data-testid': 'deliveries' } });
    this.relabel();
    this.reload();
  }

  reload(): void {
    const generation = ++this.generation;
    this.ctx.api.listDeliveries({ limit: DELIVERIES_PAGE_SIZE }).then(
      (page) => {
        if (generation !== this.generation) return;
        this.items = page.items;
        this.nextBeforeId = page.nextBeforeId;
        this.state = 'ready';
        this.relabel();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.state = 'error';
        this.relabel();
        this.ctx.fail(error);
      },
    );
    if (this.selectedId !== null) this.loadDetail(this.selectedId);
  }

  tick(): void {}

  /** What main keeps changed under the open list: an erased customer's rows go, an update drops kept bodies. */
  customerPurged(): void {
    this.reload();
  }

  customerUpdated(): void {
    this.reload();
  }

  eventsExpired(): void {
    this.reload();
  }

  settingsChanged(): void {
    this.relabel();
  }

  private loadMore(): void {
    if (this.loadingMore || this.nextBeforeId === null) return;
    this.loadingMore = true;
    const generation = this.generation;
    this.ctx.api.listDeliveries({ beforeId: this.nextBeforeId, limit: DELIVERIES_PAGE_SIZE }).then(
      (page) => {
        this.loadingMore = false;
        if (generation !== this.generation) return;
        this.items = [...this.items, ...page.items];
        this.nextBeforeId = page.nextBeforeId;
        this.relabel();
      },
      (error: unknown) => {
        this.loadingMore = false;
        this.ctx.fail(error);
      },
    );
  }

  private select(id: string | null): void {
    this.selectedId = id;
    this.replaying = false;
    if (id === null) this.relabel();
    else this.loadDetail(id);
  }

  private loadDetail(id: string): void {
    const generation = ++this.detailGeneration;
    this.detail = { kind: 'loading' };
    this.relabel();
    this.ctx.api.getDelivery({ id }).then(
      (delivery) => {
        if (generation !== this.detailGeneration) return;
        this.detail = delivery ? { kind: 'found', delivery } : { kind: 'gone' };
        this.relabel();
      },
      (error: unknown) => {
        if (generation !== this.detailGeneration) return;
        this.detail = { kind: 'gone' };
        this.relabel();
        this.ctx.fail(error);
      },
    );
  }

  private replay(id: string): void {
    if (this.replaying) return;
    this.replaying = true;
    this.relabel();
    this.ctx.api.replayDelivery({ id }).then(
      (result) => {
        this.replaying = false;
        const s = this.ctx.strings;
        if (result.status === 200) {
          this.ctx.toasts.show(result.duplicate ? s.replayDuplicate : s.replayStored, 'info');
        } else {
          this.ctx.toasts.show(s.replayRefused(result.status), 'error');
        }
        // The replay is a delivery of its own, at the top of the list.
        this.reload();
      },
      (error: unknown) => {
        this.replaying = false;
        this.relabel();
        this.ctx.fail(error);
      },
    );
  }

  // ---- drawing ----

  relabel(): void {
    const { strings } = this.ctx;
    const refresh = h('button', {
      className: 'button button-small',
      text: strings.deliveriesRefresh,
      attrs: { type: 'button', 'data-testid': 'deliveries-refresh' },
      on: { click: () => this.reload() },
    });
    replaceChildren(
      this.element,
      h(
        'div',
        { className: 'deliveries-head' },
        h('h1', { text: strings.deliveriesTitle }),
        h('span', { className: 'spacer' }),
        refresh,
      ),
      h('p', { className: 'help', text: strings.deliveriesHelp }),
      h('div', { className: 'deliveries-layout' }, this.listPanel(), this.detailPanel()),
    );
  }

  private listPanel(): HTMLElement {
    const { strings } = this.ctx;
    if (this.state === 'loading' && this.items.length === 0) {
      return h('div', { className: 'panel deliveries-list' }, h('p', { className: 'empty', text: strings.loading }));
    }
    if (this.items.length === 0) {
      return h(
        'div',
        { className: 'panel deliveries-list' },
        h('p', {
          className: 'empty',
          text: this.state === 'error' ? strings.errorGeneric : strings.deliveriesEmpty,
          attrs: { 'data-testid': 'deliveries-empty' },
        }),
      );
    }
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { text: strings.deliveryTime, attrs: { scope: 'col' } }),
        h('th', { text: strings.deliveryType, attrs: { scope: 'col' } }),
        h('th', { text: strings.deliveryStatus, attrs: { scope: 'col' } }),
        h('th', { className: 'num', text: strings.deliverySize, attrs: { scope: 'col' } }),
      ),
    );
    const body = h('tbody', {}, ...this.items.map((item) => this.row(item)));
    const more =
      this.nextBeforeId !== null
        ? h('button', {
            className: 'button button-quiet',
            text: strings.deliveriesMore,
            attrs: { type: 'button', 'data-testid': 'deliveries-more' },
            on: { click: () => this.loadMore() },
          })
        : null;
    return h(
      'div',
      { className: 'panel deliveries-list' },
      h('table', { className: 'deliveries-table', attrs: { 'data-testid': 'deliveries-table' } }, head, body),
      more,
    );
  }

  private row(item: DeliveryItem): HTMLElement {
    const { strings, locale, timeZone } = this.ctx;
    const selected = item.id === this.selectedId;
    const ok = item.status >= 200 && item.status < 300;
    const marks = [
      item.duplicate ? h('span', { className: 'mark mark-duplicate', text: strings.deliveryDuplicate }) : null,
      item.replay ? h('span', { className: 'mark mark-replay', text: strings.deliveryReplayed }) : null,
    ];
    const open = h('button', {
      className: 'button-link delivery-open',
      text: absoluteTime(item.receivedAt, locale, timeZone),
      attrs: { type: 'button', 'aria-expanded': selected ? 'true' : 'false', 'data-testid': 'delivery-open' },
    });
    return h(
      'tr',
      {
        className: selected ? 'delivery-row selected' : 'delivery-row',
        attrs: { 'data-testid': 'delivery-row', 'data-delivery-id': item.id },
        on: { click: () => this.select(selected ? null : item.id) },
      },
      h('td', { className: 'delivery-time' }, open),
      h(
        'td',
        { className: 'delivery-type' },
        item.type === null
          ? h('span', { className: 'muted', text: strings.deliveryUnreadableType })
          : h('span', {
              text: deliveryTypeLabel(item.type, locale),
              attrs: { title: item.type, 'data-testid': 'delivery-type' },
            }),
        ...marks,
      ),
      h(
        'td',
        {
          className: `delivery-status ${ok ? 'status-ok' : 'status-bad'}`,
          attrs: { 'data-testid': 'delivery-status' },
        },
        h('strong', { text: String(item.status) }),
        ` ${strings.deliveryStatusText(item.status)}`,
      ),
      h('td', { className: 'num', text: formatSize(item.size, locale), attrs: { 'data-testid': 'delivery-size' } }),
    );
  }

  private detailPanel(): HTMLElement | null {
    if (this.selectedId === null) return null;
    const { strings, locale, timeZone } = this.ctx;
    const close = h('button', {
      className: 'button button-small button-quiet',
      text: strings.deliveryClose,
      attrs: { type: 'button', 'data-testid': 'delivery-close' },
      on: { click: () => this.select(null) },
    });
    const panel = (...children: (Node | null)[]): HTMLElement =>
      h('aside', { className: 'panel delivery-detail', attrs: { 'data-testid': 'delivery-detail' } }, ...children);
    if (this.detail.kind === 'loading') return panel(close, h('p', { className: 'muted', text: strings.loading }));
    if (this.detail.kind === 'gone') {
      return panel(
        close,
        h('p', { className: 'note', text: strings.deliveryGone, attrs: { 'data-testid': 'delivery-gone' } }),
      );
    }
    const delivery = this.detail.delivery;
    const replay = delivery.replayable
      ? h('button', {
          className: 'button button-primary',
          text: this.replaying ? strings.replaying : strings.replay,
          attrs: { type: 'button', 'data-testid': 'replay-delivery', title: strings.replayHelp },
          on: { click: () => this.replay(delivery.id) },
        })
      : null;
    if (replay) replay.disabled = this.replaying;
    return panel(
      h(
        'div',
        { className: 'delivery-detail-head' },
        h('h2', {
          text: delivery.type === null ? strings.deliveryUnreadableType : deliveryTypeLabel(delivery.type, locale),
        }),
        h('span', { className: 'spacer' }),
        close,
      ),
      h(
        'p',
        { className: 'muted' },
        `${absoluteTime(delivery.receivedAt, locale, timeZone)} · ${delivery.status} ${strings.deliveryStatusText(delivery.status)} · ${formatSize(delivery.size, locale)}`,
      ),
      h('h3', { text: strings.deliveryPayload, attrs: { id: 'delivery-payload-title' } }),
      delivery.payload === null
        ? h('p', {
            className: 'note',
            text: strings.deliveryNoPayload,
            attrs: { 'data-testid': 'delivery-no-payload' },
          })
        : h('pre', {
            className: 'delivery-payload',
            text: delivery.payload,
            // It scrolls: keyboard users need to reach it to scroll it, and to hear what it is.
            attrs: {
              'data-testid': 'delivery-payload',
              tabindex: 0,
              role: 'region',
              'aria-labelledby': 'delivery-payload-title',
            },
          }),
      replay
        ? h('div', { className: 'row-actions' }, replay, h('p', { className: 'help', text: strings.replayHelp }))
        : null,
    );
  }
}
