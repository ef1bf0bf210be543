// One event as a row: priority colour and icon, face, title, one line of body, time; the same look in every list.
import type { FeedItem } from '../shared/bridge-contract.js';
import type { Priority } from '../shared/catalog.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { avatar } from './avatar.js';
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';
import { iconSvg } from './icons.js';
import { absoluteTime, relativeTime } from './time-format.js';

export type RowVariant = 'tray' | 'feed' | 'history';

/** The tray is a feed too: its rows share the feed's test id (told apart by `data-list`); a card's history does not. */
export const ROW_TEST_IDS: Record<RowVariant, string> = {
  tray: 'feed-row',
  feed: 'feed-row',
  history: 'history-row',
};

export function priorityLabel(priority: Priority, strings: UiStrings): string {
  switch (priority) {
    case 'urgent':
      return strings.priorityUrgent;
    case 'high':
      return strings.priorityHigh;
    case 'low':
      return strings.priorityLow;
    default:
      return strings.priorityNormal;
  }
}

export interface RowHandlers {
  /** Runs on click, Enter or Space. */
  open(item: FeedItem): void;
}

export function eventRow(item: FeedItem, ctx: DeskContext, variant: RowVariant, handlers: RowHandlers): HTMLElement {
  const { strings, locale, timeZone } = ctx;
  const now = ctx.now();
  const classes = ['event-row', `event-row-${variant}`, `priority-${item.priority}`];
  if (!item.read) classes.push('unread');
  if (item.customerId) classes.push('has-customer');

  const title = h('span', { className: 'row-title', text: item.title });
  const name =
    item.customerName && variant === 'feed'
      ? h('span', { className: 'row-name', text: item.customerName, attrs: { 'data-testid': 'row-customer-name' } })
      : null;
  const headline = h(
    'div',
    { className: 'row-headline' },
    title,
    name ? h('span', { className: 'row-sep', text: '·' }) : null,
    name,
  );
  const body = h('div', { className: 'row-body', text: item.body, attrs: { title: item.body } });

  const rel = h('time', {
    className: 'row-relative',
    text: relativeTime(item.createdAt, now, locale),
    attrs: { datetime: new Date(item.createdAt).toISOString(), 'data-at': item.createdAt },
  });
  const meta = h('div', { className: 'row-meta' }, rel);
  if (variant !== 'tray') {
    const where = variant === 'feed' ? (item.establishmentName ?? item.establishmentId) : null;
    meta.appendChild(
      h('div', {
        className: 'row-absolute',
        text: [where, absoluteTime(item.createdAt, locale, timeZone)].filter(Boolean).join(' · '),
      }),
    );
  }

  const row = h(
    'div',
    {
      className: classes.join(' '),
      attrs: {
        role: 'button',
        tabindex: 0,
        'data-testid': ROW_TEST_IDS[variant],
        'data-list': variant,
        'data-event-id': item.id,
        'data-customer-id': item.customerId ?? undefined,
        'data-priority': item.priority,
        'data-read': String(item.read),
        'aria-label': [item.read ? null : strings.unread, item.title, item.body, rel.textContent]
          .filter(Boolean)
          .join('. '),
      },
    },
    h(
      'span',
      { className: 'row-icon', attrs: { title: priorityLabel(item.priority, strings) } },
      iconSvg(item.icon, 'icon'),
    ),
    avatar(ctx.photos, item.customerId, item.customerName, item.hasPhoto),
    h('div', { className: 'row-text' }, headline, body),
    meta,
  );
  row.addEventListener('click', () => handlers.open(item));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handlers.open(item);
    }
  });
  return row;
}

/** Rewrites the "há 2 min." of every row under `root`, without rebuilding the rows. */
export function refreshRelativeTimes(root: ParentNode, ctx: DeskContext): void {
  const now = ctx.now();
  for (const element of root.querySelectorAll<HTMLElement>('.row-relative[data-at]')) {
    const at = Number(element.dataset['at']);
    if (Number.isFinite(at)) element.textContent = relativeTime(at, now, ctx.locale);
  }
}

/** What clicking a row does everywhere: mark it read, then open the customer's card when there is one. */
export function openEvent(item: FeedItem, ctx: DeskContext): void {
  if (!item.read) void ctx.markRead({ ids: [item.id] });
  if (item.customerId) ctx.navigate({ name: 'customer', customerId: item.customerId });
}
