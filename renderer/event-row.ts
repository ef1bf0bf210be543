// One event as a row, the same look in every list: who first, what as a tag, time on the right; a second line with
// the rest of the body, a "silenciado" mark when it showed no pop-up, and "marcar como lida" while unread.
import type { FeedItem, SilenceReason } from '../shared/bridge-contract.js';
import type { Priority } from '../shared/catalog.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { avatar } from './avatar.js';
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';
import { iconSvg } from './icons.js';
import { bodyWithoutName } from './row-detail.js';
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

export function silenceLabel(reason: SilenceReason, strings: UiStrings): { text: string; help: string } {
  return reason === 'muted'
    ? { text: strings.rowSilencedMuted, help: strings.rowSilencedMutedHelp }
    : { text: strings.rowSilencedQuiet, help: strings.rowSilencedQuietHelp };
}

export interface RowHandlers {
  /** Runs on a click anywhere on the row, or Enter/Space on its name. */
  open(item: FeedItem): void;
}

/** What a row shows in its three text places; the name appears once, whatever the body says. */
export interface RowTexts {
  /** Bold, first: the customer (the event's title when there is none, or in the customer's own card). */
  who: string;
  /** The catalog title as a short tag beside or under `who`; null when `who` already is the title. */
  tag: string | null;
  detail: string;
}

export function rowTexts(item: FeedItem, variant: RowVariant, ctx: Pick<DeskContext, 'locale'>): RowTexts {
  const name = item.customerName?.trim() ? item.customerName : null;
  const detail = bodyWithoutName(item.body, name, ctx.locale);
  // In a customer's card every row is that customer: the title leads there.
  if (name === null || variant === 'history') return { who: item.title, tag: null, detail };
  return { who: name, tag: item.title, detail };
}

export function eventRow(item: FeedItem, ctx: DeskContext, variant: RowVariant, handlers: RowHandlers): HTMLElement {
  const { strings, locale, timeZone } = ctx;
  const now = ctx.now();
  const texts = rowTexts(item, variant, ctx);
  const idBase = `row-${variant}-${item.id}`;
  const classes = ['event-row', `event-row-${variant}`, `priority-${item.priority}`];
  if (!item.read) classes.push('unread');
  if (item.customerId) classes.push('has-customer');
  if (item.silenced) classes.push('silenced');

  const tag = texts.tag
    ? h('span', { className: 'row-tag', text: texts.tag, attrs: { id: `${idBase}-tag`, 'data-testid': 'row-tag' } })
    : null;
  const silence = item.silenced ? silenceLabel(item.silenced, strings) : null;
  const silenced = silence
    ? h(
        'span',
        {
          className: 'row-silenced',
          attrs: { id: `${idBase}-silenced`, title: silence.help, 'data-testid': 'row-silenced' },
        },
        iconSvg('bell-off', 'icon'),
        h('span', { text: silence.text }),
      )
    : null;
  const detail = h('span', {
    className: 'row-detail',
    text: texts.detail,
    attrs: { id: `${idBase}-detail`, title: texts.detail, 'data-testid': 'row-detail' },
  });
  // The name is the row's keyboard stop; a click anywhere on the row does the same (the row's own listener).
  const open = h('button', {
    className: 'row-open row-who',
    text: texts.who,
    attrs: {
      type: 'button',
      'data-testid': 'row-who',
      title: texts.who,
      'aria-describedby': [
        item.read ? null : `${idBase}-unread`,
        tag ? `${idBase}-tag` : null,
        `${idBase}-detail`,
        silenced ? `${idBase}-silenced` : null,
        `${idBase}-time`,
      ]
        .filter(Boolean)
        .join(' '),
    },
  });
  // In the tray the name gets the whole first line; the tag leads the second.
  const headline = h('div', { className: 'row-headline' }, open, variant === 'tray' ? null : tag);
  const body = h('div', { className: 'row-body' }, variant === 'tray' ? tag : null, silenced, detail);

  const rel = h('time', {
    className: 'row-relative',
    text: relativeTime(item.createdAt, now, locale),
    attrs: { id: `${idBase}-time`, datetime: new Date(item.createdAt).toISOString(), 'data-at': item.createdAt },
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
        'data-testid': ROW_TEST_IDS[variant],
        'data-list': variant,
        'data-event-id': item.id,
        'data-customer-id': item.customerId ?? undefined,
        'data-priority': item.priority,
        'data-read': String(item.read),
        'data-silenced': item.silenced ?? undefined,
      },
    },
    h(
      'span',
      { className: 'row-icon', attrs: { title: priorityLabel(item.priority, strings) } },
      iconSvg(item.icon, 'icon'),
    ),
    avatar(ctx.photos, item.customerId, item.customerName, item.hasPhoto),
    h(
      'div',
      { className: 'row-text' },
      item.read
        ? null
        : h('span', { className: 'visually-hidden', text: strings.unread, attrs: { id: `${idBase}-unread` } }),
      headline,
      body,
    ),
    meta,
    item.read ? null : markReadButton(item, texts.who, variant, ctx),
  );
  row.addEventListener('click', () => handlers.open(item));
  return row;
}

/** The row's own "marcar como lida": marks just this event, and keeps the keyboard on the row it came from. */
function markReadButton(item: FeedItem, who: string, variant: RowVariant, ctx: DeskContext): HTMLElement {
  const { strings } = ctx;
  const button = h(
    'button',
    {
      className: 'row-mark-read',
      attrs: {
        type: 'button',
        title: strings.rowMarkRead,
        'aria-label': strings.rowMarkReadLabel(who),
        'data-testid': 'row-mark-read',
      },
    },
    iconSvg('check', 'icon'),
  );
  button.addEventListener('click', (event) => {
    // Marking read is not opening: the row's click must not also fire.
    event.stopPropagation();
    void ctx.markRead({ ids: [item.id] }).then(() => {
      // The button is gone once the row is redrawn as read; the focus goes to that row's name, not the page top.
      if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) {
        return;
      }
      document
        .querySelector<HTMLElement>(`.event-row[data-list="${variant}"][data-event-id="${item.id}"] .row-open`)
        ?.focus({ preventScroll: true });
    });
  });
  return button;
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
