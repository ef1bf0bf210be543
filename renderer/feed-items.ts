// Pure updates of a loaded list of events for the pushed events; each returns a new array and how it changed.
import type { BridgeEventPayload, FeedItem } from '../shared/bridge-contract.js';
import { compareEventIds } from '../shared/event-ids.js';

export interface ListChange {
  items: FeedItem[];
  /** Rows taken out of the list. */
  removed: number;
  changed: boolean;
}

/** Puts an event in its place, newest (highest id) first; an id already listed is left alone. */
export function insertEvent(items: readonly FeedItem[], item: FeedItem): ListChange {
  if (items.some((existing) => existing.id === item.id)) return { items: [...items], removed: 0, changed: false };
  let index = 0;
  while (index < items.length && compareEventIds(items[index]!.id, item.id) > 0) index++;
  const next = [...items];
  next.splice(index, 0, item);
  return { items: next, removed: 0, changed: true };
}

export function applyRead(
  items: readonly FeedItem[],
  read: Pick<BridgeEventPayload<'eventsRead'>, 'ids' | 'upToId'>,
): ListChange {
  const ids = read.ids ? new Set(read.ids) : null;
  const upToId = read.upToId;
  // Neither ids nor upToId: everything was marked read.
  const covers = (id: string): boolean =>
    ids ? ids.has(id) : upToId !== undefined ? compareEventIds(id, upToId) <= 0 : true;
  let changed = false;
  const next = items.map((item) => {
    if (item.read || !covers(item.id)) return item;
    changed = true;
    return { ...item, read: true };
  });
  return { items: next, removed: 0, changed };
}

export function removeCustomer(items: readonly FeedItem[], customerId: string): ListChange {
  const next = items.filter((item) => item.customerId !== customerId);
  return { items: next, removed: items.length - next.length, changed: next.length !== items.length };
}

export function replaceItems(items: readonly FeedItem[], replacements: readonly FeedItem[]): ListChange {
  const byId = new Map(replacements.map((item) => [item.id, item]));
  let changed = false;
  const next = items.map((item) => {
    const replacement = byId.get(item.id);
    if (!replacement) return item;
    changed = true;
    return replacement;
  });
  return { items: next, removed: 0, changed };
}

export function dropExpired(items: readonly FeedItem[], createdBefore: number): ListChange {
  const next = items.filter((item) => item.createdAt >= createdBefore);
  return { items: next, removed: items.length - next.length, changed: next.length !== items.length };
}
