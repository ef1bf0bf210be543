// What the app asks of every view: reload its data, redraw its texts, and take the pushed events that concern it.
import type { BridgeEventPayload, FeedItem, SettingsView } from '../shared/bridge-contract.js';

export interface LiveView {
  readonly element: HTMLElement;
  /** Fetches the view's data again (after a reconnect, or when the language changed the texts main renders). */
  reload(): void;
  /** Draws every text again in the current language and time zone, from data already here. */
  relabel(): void;
  /** Every 30 s: relative times ("há 2 min.") move on. */
  tick(): void;
  attached?(): void;
  detached?(): void;
  eventAdded?(item: FeedItem): void;
  eventsRead?(payload: BridgeEventPayload<'eventsRead'>): void;
  eventsExpired?(payload: BridgeEventPayload<'eventsExpired'>): void;
  customerPurged?(payload: BridgeEventPayload<'customerPurged'>): void;
  customerUpdated?(payload: BridgeEventPayload<'customerUpdated'>): void;
  settingsChanged?(view: SettingsView): void;
  establishmentsChanged?(): void;
  statusChanged?(): void;
  unreadChanged?(): void;
}
