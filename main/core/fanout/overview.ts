// A chain's overview: one desk following several places (several join codes, one hub each). Each place has its
// own link (satellite-runtime.ts); this desk's panel, pop-ups and rules see them as one store whose rows carry their
// place. Event ids are the hubs' own (each counts from 1), so this desk gives every event it sees an id of its own,
// in the order it first saw it, and remembers which place and which hub id it stands for (memory only, bounded).
// Customers are told apart by their place too: `<place>-<customer id>`.
import { compareEventIds } from '../../../shared/event-ids.js';
import { MAX_JOIN_CODES } from '../../../shared/settings-schema.js';
import { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { Customer, StoredEvent } from '../store/event-store.js';
import type { FeedFilter, FeedRow, FeedRowsPage } from '../store/feed-queries.js';
import type { Store } from '../store/store-client.js';
import { STORE_OP_NAMES } from '../store/store-op-names.js';
import type { StoreOpName } from '../store/store-ops.js';
import type { FanoutReason } from './fanout-texts.js';
import type { RemoteStore } from './remote-store.js';
import type { SatelliteParts, SatelliteRuntime, SatelliteState } from './satellite-runtime.js';

/** At most this many places in one overview (customer keys carry the place as two digits at most). */
export const MAX_PLACES = MAX_JOIN_CODES;
/** Events this desk remembers the place of; an older one asked again reads as gone (its row, its card). */
const ID_LIMIT = 200_000;
/** "Load more" positions kept for the feed's open pages. */
const CURSOR_LIMIT = 500;

/** Which place and which hub id an overview id stands for. */
export interface PlacedId {
  place: number;
  id: string;
}

/** Overview ids in the order events were first seen: newer events read as newer ids, as on a single desk. */
export class OverviewIds {
  private next = 1;
  private readonly byPlaced = new Map<string, string>();
  private readonly byOwn = new Map<string, PlacedId>();

  constructor(private readonly limit = ID_LIMIT) {}

  /** This desk's id for a place's event (given the first time it is seen). */
  own(place: number, id: string): string {
    const key = `${place}:${id}`;
    const known = this.byPlaced.get(key);
    if (known) return known;
    const own = String(this.next++);
    this.byPlaced.set(key, own);
    this.byOwn.set(own, { place, id });
    if (this.byOwn.size > this.limit) {
      const [oldest, placed] = this.byOwn.entries().next().value!;
      this.byOwn.delete(oldest);
      this.byPlaced.delete(`${placed.place}:${placed.id}`);
    }
    return own;
  }

  /** The place and hub id behind this desk's id; null when never seen (or forgotten). */
  placed(own: string): PlacedId | null {
    return this.byOwn.get(own) ?? null;
  }

  /** This desk's ids of `place`'s events up to hub id `upTo` (a "read up to" from that place). */
  upTo(place: number, upTo: string): string[] {
    const ids: string[] = [];
    for (const [own, placed] of this.byOwn) {
      if (placed.place === place && compareEventIds(placed.id, upTo) <= 0) ids.push(own);
    }
    return ids;
  }

  /** For each place, its newest hub id among this desk's ids up to `own` (a "mark all read" here). */
  newestPerPlace(own: string): Map<number, string> {
    const newest = new Map<number, string>();
    for (const [id, placed] of this.byOwn) {
      if (compareEventIds(id, own) > 0) continue;
      const current = newest.get(placed.place);
      if (current === undefined || compareEventIds(placed.id, current) > 0) newest.set(placed.place, placed.id);
    }
    return newest;
  }
}

/** A pop-up's words on an overview: the place is said, unless the words already name it. */
export function withPlace(body: string, establishmentName: string | null): string {
  return establishmentName && !body.includes(establishmentName) ? `${body} — ${establishmentName}` : body;
}

/** `<place>-<customer id>`: the same WiFire customer at two places is two cards (each place holds its own data). */
export function overviewCustomerId(place: number, customerId: string): string {
  return `${place}-${customerId}`;
}

export function placedCustomerId(customerId: string): { place: number; id: string } | null {
  const match = /^(\d{1,2})-(.+)$/.exec(customerId);
  return match ? { place: Number(match[1]), id: match[2]! } : null;
}

/** How each place's rows, events and customers read on this desk. */
export class OverviewSpace {
  readonly ids = new OverviewIds();

  event(place: number, event: StoredEvent): StoredEvent {
    return {
      ...event,
      id: this.ids.own(place, event.id),
      customerId: event.customerId === null ? null : overviewCustomerId(place, event.customerId),
    };
  }

  customer(place: number, customer: Customer): Customer {
    return { ...customer, id: overviewCustomerId(place, customer.id) };
  }

  row(place: number, row: FeedRow): FeedRow {
    return { ...row, event: this.event(place, row.event) };
  }

  /** A place's link speaks its hub's ids on its own bus; this desk's bus hears them as its own. */
  busFor(place: number, target: Bus): Bus {
    const bus = new Bus();
    bus.on('event-stored', ({ event, customer, missed }) =>
      target.emit('event-stored', {
        event: this.event(place, event),
        customer: customer && this.customer(place, customer),
        ...(missed === undefined ? {} : { missed }),
      }),
    );
    bus.on('customer-purged', ({ customerId, erasure }) =>
      target.emit('customer-purged', { customerId: overviewCustomerId(place, customerId), erasure }),
    );
    bus.on('events-read', ({ ids, upToId, remote }) => {
      // Only what this desk has seen has an id here; a range becomes the ids it covers at that place.
      const own = [
        ...(ids ?? []).map((id) => this.ids.own(place, id)),
        ...(upToId === undefined ? [] : this.ids.upTo(place, upToId)),
      ];
      if (own.length > 0) target.emit('events-read', { ids: own, ...(remote === undefined ? {} : { remote }) });
    });
    return bus;
  }
}

interface PlaceCursor {
  /** The hub id to continue before; undefined: from its newest. */
  beforeId: number | undefined;
  /** Nothing older at that place. */
  done: boolean;
  /** How many events match there (said once more when it is done). */
  total: number;
}

/** One store over every place's: reads merged newest first, writes sent to the place each id belongs to. */
export function createOverviewStore(places: readonly RemoteStore[], space: OverviewSpace): Store {
  const cursors = new Map<string, PlaceCursor[]>();
  const placeOf = (own: string): { store: RemoteStore; place: number; id: string } | null => {
    const placed = space.ids.placed(own);
    return placed && { store: places[placed.place]!, place: placed.place, id: placed.id };
  };
  const customerPlace = (customerId: string): { store: RemoteStore; place: number; id: string } | null => {
    const placed = placedCustomerId(customerId);
    return placed && placed.place < places.length ? { store: places[placed.place]!, ...placed } : null;
  };

  const feedPage = async (
    filter: FeedFilter,
    timeZone: string,
    limit: number,
    beforeId?: number,
  ): Promise<FeedRowsPage> => {
    const start = beforeId === undefined ? null : cursors.get(String(beforeId));
    // A position this desk no longer remembers: nothing more to show (the feed reopens from the top).
    if (beforeId !== undefined && !start) return { rows: [], total: 0, more: false };
    const from = start ?? places.map(() => ({ beforeId: undefined, done: false, total: 0 }));
    const pages = await Promise.all(
      places.map((store, place) =>
        from[place]!.done
          ? Promise.resolve({ rows: [], total: from[place]!.total, more: false })
          : store.feedPage(filter, timeZone, limit, from[place]!.beforeId),
      ),
    );
    const merged = pages
      .flatMap((page, place) => page.rows.map((row) => ({ place, row })))
      .sort((a, b) => b.row.event.receivedAt - a.row.event.receivedAt || a.place - b.place);
    const shown = merged.slice(0, limit);
    const next: PlaceCursor[] = from.map((cursor, place) => {
      const mine = shown.filter((one) => one.place === place);
      const page = pages[place]!;
      if (cursor.done) return cursor;
      const all = mine.length === page.rows.length;
      const last = mine[mine.length - 1];
      return {
        beforeId: last ? Number(last.row.event.id) : cursor.beforeId,
        done: all && !page.more,
        total: page.total,
      };
    });
    // Ids given oldest first: within a page, as live, a newer event has a higher id ("all read up to" the newest).
    for (const { place, row } of [...shown].reverse()) space.ids.own(place, row.event.id);
    const rows = shown.map(({ place, row }) => space.row(place, row));
    const more = next.some((cursor) => !cursor.done);
    if (more && rows.length > 0) {
      cursors.set(rows[rows.length - 1]!.event.id, next);
      if (cursors.size > CURSOR_LIMIT) cursors.delete(cursors.keys().next().value!);
    }
    return { rows, total: pages.reduce((sum, page) => sum + page.total, 0), more: more && rows.length > 0 };
  };

  const unreadSum = (): number => places.reduce((sum, store) => sum + store.unread, 0);

  const overview: Partial<Record<StoreOpName, (...args: never[]) => Promise<unknown>>> = {
    feedPage,
    feedRow: async (own: string) => {
      const at = placeOf(own);
      const row = at && (await at.store.feedRow(at.id));
      return row ? space.row(at.place, row) : null;
    },
    getEvent: async (own: string) => {
      const at = placeOf(own);
      const event = at && (await at.store.getEvent(at.id));
      return event ? space.event(at.place, event) : null;
    },
    eventWithCustomer: async (own: string) => {
      const at = placeOf(own);
      const found = at && (await at.store.eventWithCustomer(at.id));
      return found
        ? {
            event: space.event(at.place, found.event),
            customer: found.customer && space.customer(at.place, found.customer),
          }
        : null;
    },
    ofCustomer: async (customerId: string) => {
      const at = customerPlace(customerId);
      const rows = at ? await at.store.ofCustomer(at.id) : [];
      return rows.map((row) => space.row(at!.place, row));
    },
    getCustomer: async (customerId: string) => {
      const at = customerPlace(customerId);
      const customer = at && (await at.store.getCustomer(at.id));
      return customer ? space.customer(at.place, customer) : null;
    },
    establishments: async () => {
      const lists = await Promise.all(places.map((store) => store.establishments()));
      const seen = new Map<string, { id: string; name: string | null }>();
      for (const one of lists.flat()) if (!seen.has(one.id)) seen.set(one.id, one);
      return [...seen.values()];
    },
    unreadCount: async () => {
      const counts = await Promise.all(places.map((store) => store.unreadCount()));
      return counts.reduce((sum, count) => sum + count, 0);
    },
    markRead: async (ids: string[], now: number) => {
      const byPlace = new Map<number, string[]>();
      for (const own of ids) {
        const at = space.ids.placed(own);
        if (at) byPlace.set(at.place, [...(byPlace.get(at.place) ?? []), at.id]);
      }
      await Promise.all([...byPlace].map(([place, hubIds]) => places[place]!.markRead(hubIds, now)));
      return unreadSum();
    },
    markReadUpTo: async (upToId: number, now: number) => {
      const newest = space.ids.newestPerPlace(String(upToId));
      await Promise.all([...newest].map(([place, hubId]) => places[place]!.markReadUpTo(Number(hubId), now)));
      return unreadSum();
    },
    close: async () => {
      await Promise.all(places.map((store) => store.close()));
    },
  };

  // Everything else is what one satellite's store does (nothing kept, the hubs' writes refused): the first place's.
  const store = Object.fromEntries(
    STORE_OP_NAMES.map((op) => [
      op,
      overview[op] ?? ((...args: never[]) => (places[0]![op] as (...rest: never[]) => Promise<unknown>)(...args)),
    ]),
  ) as unknown as Store;
  Object.defineProperty(store, 'unread', { get: unreadSum, enumerable: true });
  return store;
}

/** The overview's link: one per place, connected when all are, else what the first place not connected says. */
export class OverviewRuntime {
  readonly store: Store;
  readonly space = new OverviewSpace();
  private readonly listeners = new Set<(state: SatelliteState) => void>();
  private current: SatelliteState = { phase: 'connecting', reason: null };
  private connected = 0;

  constructor(
    private readonly places: readonly SatelliteRuntime[],
    private readonly log: Logger,
  ) {
    // openFanout refuses more in words; fewer than two is one satellite, never an overview.
    if (places.length < 2 || places.length > MAX_PLACES)
      throw new RangeError(`an overview follows 2 to ${MAX_PLACES} places`);
    this.store = createOverviewStore(
      places.map((place) => place.store),
      this.space,
    );
    for (const place of places) place.onChange(() => this.update());
  }

  get state(): SatelliteState {
    return this.current;
  }

  /** The same id at every place (one desk, let in by each hub). */
  get deskId(): string {
    return this.places[0]!.deskId;
  }

  /** How many places are connected, of how many. */
  get linked(): { connected: number; total: number } {
    return {
      connected: this.places.filter((place) => place.state.phase === 'connected').length,
      total: this.places.length,
    };
  }

  onChange(listener: (state: SatelliteState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(parts: SatelliteParts): void {
    this.places.forEach((place, index) =>
      place.start({
        bus: this.space.busFor(index, parts.bus),
        withdrawCustomer: (customerId) => parts.withdrawCustomer(overviewCustomerId(index, customerId)),
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.places.map((place) => place.close()));
  }

  private update(): void {
    const states = this.places.map((place) => place.state);
    const lost = states.find(
      (state): state is { phase: 'disconnected'; reason: FanoutReason } => state.phase === 'disconnected',
    );
    const next: SatelliteState = lost
      ? { phase: 'disconnected', reason: lost.reason }
      : states.every((state) => state.phase === 'connected')
        ? { phase: 'connected', reason: null }
        : { phase: 'connecting', reason: null };
    // A place more or less linked is news too (the panel counts them), even when the overall state stays.
    const { connected } = this.linked;
    if (next.phase === this.current.phase && next.reason === this.current.reason && connected === this.connected)
      return;
    this.current = next;
    this.connected = connected;
    this.log.info('fan-out: overview link', { ...this.linked, phase: next.phase });
    for (const listener of this.listeners) listener(next);
  }
}
