// What every view shares: the bridge, the current language and time zone, the photo cache, toasts, navigation.
import type {
  BridgeRequest,
  FeedPage,
  FeedQuery,
  SettingsView,
  Status,
  WifireDeskApi,
} from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import type { UiStrings } from '../shared/ui-strings.js';
import type { PhotoCache } from './photo-cache.js';
import type { Route } from './route.js';
import type { Toasts } from './toast.js';

export interface Establishment {
  id: string;
  name: string | null;
}

export interface DeskContext {
  readonly api: WifireDeskApi;
  readonly photos: PhotoCache;
  readonly toasts: Toasts;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly strings: UiStrings;
  readonly settings: SettingsView | null;
  readonly status: Status | null;
  readonly establishments: readonly Establishment[];
  readonly unread: number;
  now(): number;
  /** listFeed, answered from the page asked for at start when the query is that one (first use only). */
  listFeed(query: FeedQuery): Promise<FeedPage>;
  navigate(route: Route): void;
  /** Where "Voltar" leads from a customer card: the list the user came from. */
  backRoute(): Route;
  setUnread(unread: number): void;
  /** Remembers the newest event id seen, so "mark all as read" never covers events nobody has seen yet. */
  noteEventId(id: string): void;
  markRead(request: BridgeRequest<'markRead'>): Promise<void>;
  markAllRead(): Promise<void>;
  setStatus(status: Status): void;
  applySettings(view: SettingsView): void;
  /** Shows a failed call's message in a toast. */
  fail(error: unknown): void;
}
