// The tray window (#/tray): the newest events, compact, with the unread count and "mark all as read".
import type { FeedItem } from '../shared/bridge-contract.js';
import { connectionIndicator } from './connection-indicator.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { eventRow, openEvent, refreshRelativeTimes } from './event-row.js';
import { insertEvent, type ListChange } from './feed-items.js';
import { ItemListView } from './item-list-view.js';
import type { LiveView } from './live-view.js';
import { PublicUrlBanner } from './public-url-banner.js';
import { FirstRunChecklist } from './first-run-checklist.js';
import { snoozeControl } from './snooze-control.js';
import { unreadCounter } from './unread-counter.js';

export const TRAY_LIMIT = 50;

export class TrayView extends ItemListView implements LiveView {
  readonly element: HTMLElement;
  private loaded = false;
  private generation = 0;
  private readonly head: HTMLElement;
  private readonly banner: PublicUrlBanner;
  private readonly checklist: FirstRunChecklist;
  private readonly list: HTMLElement;
  private readonly foot: HTMLElement;

  constructor(private readonly ctx: DeskContext) {
    super();
    this.head = h('header', { className: 'tray-head' });
    this.banner = new PublicUrlBanner(ctx, true);
    this.checklist = new FirstRunChecklist(ctx, true);
    this.list = h('div', { className: 'tray-list', attrs: { 'data-testid': 'tray-list' } });
    this.foot = h('footer', { className: 'tray-foot' });
    this.element = h(
      'section',
      { className: 'view tray-view', attrs: { 'data-testid': 'tray' } },
      this.head,
      this.checklist.element,
      this.banner.element,
      this.list,
      this.foot,
    );
    this.relabel();
    this.reload();
  }

  reload(): void {
    const generation = ++this.generation;
    this.ctx.listFeed({ limit: TRAY_LIMIT }).then(
      (page) => {
        if (generation !== this.generation) return;
        this.items = page.items;
        this.loaded = true;
        if (page.items[0]) this.ctx.noteEventId(page.items[0].id);
        this.ctx.setUnread(page.unread);
        this.drawList();
      },
      (error: unknown) => {
        if (generation === this.generation) this.ctx.fail(error);
      },
    );
  }

  relabel(): void {
    this.checklist.update();
    this.banner.update();
    this.drawHead();
    this.drawFoot();
    this.drawList();
  }

  tick(): void {
    refreshRelativeTimes(this.list, this.ctx);
    this.drawFoot();
  }

  statusChanged(): void {
    this.checklist.update();
    this.banner.update();
    this.drawHead();
    this.drawFoot();
  }

  unreadChanged(): void {
    this.drawHead();
  }

  eventAdded(item: FeedItem): void {
    const change = insertEvent(this.items, item);
    if (!change.changed) return;
    this.items = change.items.slice(0, TRAY_LIMIT);
    this.drawList();
  }

  protected apply(change: ListChange): void {
    if (!change.changed) return;
    this.items = change.items;
    this.drawList();
  }

  private drawHead(): void {
    const { strings, unread } = this.ctx;
    const markAll = h('button', {
      className: 'button-link',
      text: strings.markAllRead,
      attrs: { type: 'button', 'data-testid': 'mark-all-read' },
      on: { click: () => void this.ctx.markAllRead() },
    });
    markAll.disabled = unread === 0;
    replaceChildren(
      this.head,
      h(
        'div',
        { className: 'tray-title' },
        h('h1', { className: 'brand brand-small tray-brand', text: strings.appName }),
        h('span', { className: 'spacer' }),
        unreadCounter(strings, unread),
      ),
      h('div', { className: 'tray-subbar' }, connectionIndicator(this.ctx, true), markAll),
    );
  }

  private drawFoot(): void {
    replaceChildren(
      this.foot,
      snoozeControl(this.ctx, true),
      h('a', {
        className: 'button-link',
        text: this.ctx.strings.openPanel,
        attrs: { href: '#/feed', 'data-testid': 'open-panel' },
      }),
    );
  }

  private drawList(): void {
    if (this.loaded && this.items.length === 0) {
      replaceChildren(this.list, h('p', { className: 'empty', text: this.ctx.strings.trayEmpty }));
      return;
    }
    replaceChildren(
      this.list,
      ...this.items.map((item) =>
        eventRow(item, this.ctx, 'tray', { open: (clicked) => openEvent(clicked, this.ctx) }),
      ),
    );
  }
}
