// What every list of feed rows does with the pushed changes; each view says only how it redraws.
import type { BridgeEventPayload, FeedItem } from '../shared/bridge-contract.js';
import { applyRead, dropExpired, removeCustomer, replaceItems, type ListChange } from './feed-items.js';

export abstract class ItemListView {
  protected items: FeedItem[] = [];

  protected abstract apply(change: ListChange): void;

  eventsRead(payload: BridgeEventPayload<'eventsRead'>): void {
    this.apply(applyRead(this.items, payload));
  }

  eventsExpired(payload: BridgeEventPayload<'eventsExpired'>): void {
    this.apply(dropExpired(this.items, payload.createdBefore));
  }

  customerPurged(payload: BridgeEventPayload<'customerPurged'>): void {
    this.apply(removeCustomer(this.items, payload.customerId));
  }

  customerUpdated(payload: BridgeEventPayload<'customerUpdated'>): void {
    this.apply(replaceItems(this.items, payload.items));
  }
}
