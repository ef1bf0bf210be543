// Everything that touches the database, as one set of operations: run by the store's worker thread, which owns the
// connection, so the main thread (requests, tray, windows, IPC) never waits on the disk. Writes share transactions
// (group commit); LGPD requests and purges run alone, after what was queued before them.
import type Database from 'better-sqlite3';
import {
  DeliveryLogTable,
  type DeliveryEntry,
  type DeliverySummary,
  type StoredDelivery,
} from '../delivery-log/delivery-log-table.js';
import type { NormalizedInsight } from '../intake/normalize.js';
import { codeOf, CommitQueue } from './commit-queue.js';
import {
  DEDUPE_WINDOW_MS,
  EventStore,
  type ContactUpdate,
  type ContactUpdateResult,
  type Customer,
  type Erasure,
  type InsertResult,
  type StoredEvent,
} from './event-store.js';
import { FeedQueries, type FeedFilter, type FeedRow, type FeedRowsPage } from './feed-queries.js';
import { FanoutOutbox, type OutboxRow } from './fanout-outbox.js';
import { asBuffer } from './store-protocol.js';
import { UnreadTally } from './unread-tally.js';
import { wipeWal } from './wipe-wal.js';

/** A replay whose kept body was erased or rewritten meanwhile: nothing may be stored again. */
export const REPLAY_CANCELLED = 'ReplayCancelled';

export interface InsertOptions {
  /** Only deliveries stored since this instant count as the same one (the 24 h dedupe window). */
  dedupeSince: number;
  /** "Reenviar": the delivery log row whose body is replayed must still be kept, checked inside the transaction. */
  requireDeliveryBody?: number;
}

export interface RetentionPurge {
  /** The cutoff: events created before this instant were purged. */
  createdBefore: number;
  eventsRemoved: number;
  deliveriesRemoved: number;
  /** Customers left with no event, deleted (their photos are the main thread's to remove). */
  customerIds: string[];
  unread: number;
  /** The rows are committed; the WAL could not be wiped this time (a code), and will be on the next purge. */
  walError: string | null;
}

/** On a hub, a stored event's outbox row comes back with it: the hub publishes it without reading it again. */
export type InsightResult = InsertResult | (InsertResult & { status: 'stored'; outboxRow: OutboxRow });

export interface StoreOpsOptions {
  /** This desk is a fan-out hub: each stored event and each erasure also leaves a row in the outbox. */
  fanout?: boolean;
}

export function createStoreOps(db: Database.Database, options: StoreOpsOptions = {}) {
  const store = new EventStore(db);
  const outbox = options.fanout ? new FanoutOutbox(db) : null;
  const feed = new FeedQueries(db);
  // Every write that adds, reads or deletes events moves it by what it changed; a failed write makes it count again.
  const unread = new UnreadTally(() => feed.unreadCount());
  const queue = new CommitQueue(db, undefined, () => unread.forget());
  const deliveries = new DeliveryLogTable(db, queue);
  const statements = {
    oldest: db.prepare<[], { oldest: number | null }>(
      `SELECT min(created_at) AS oldest FROM (SELECT min(created_at) AS created_at FROM events
         UNION ALL SELECT min(received_at) FROM deliveries)`,
    ),
    customersBefore: db
      .prepare<[number], string>(
        'SELECT DISTINCT customer_id FROM events WHERE created_at < ? AND customer_id IS NOT NULL',
      )
      .pluck(),
    deleteBefore: db.prepare<[number]>('DELETE FROM events WHERE created_at < ?'),
    unreadBefore: db
      .prepare<[number], number>('SELECT count(*) FROM events WHERE created_at < ? AND read_at IS NULL')
      .pluck(),
    unreadOf: db
      .prepare<[string], number>('SELECT count(*) FROM events WHERE customer_id = ? AND read_at IS NULL')
      .pluck(),
    hasEvents: db.prepare<[string], number>('SELECT 1 FROM events WHERE customer_id = ? LIMIT 1').pluck(),
    deleteCustomer: db.prepare<[string]>('DELETE FROM customers WHERE id = ?'),
  };
  /** Rows a purge deleted whose WAL pages could not be wiped yet. */
  let walDirty = false;

  return {
    // ---- writes ----
    /** Stores one insight unless it is a repeat, or its customer was erased after it was dated. */
    insertInsight(event: NormalizedInsight, options: InsertOptions): Promise<InsightResult> {
      const insight = { ...event, contentHash: asBuffer(event.contentHash)! };
      return queue.write(() => {
        if (options.requireDeliveryBody !== undefined && !deliveries.get(options.requireDeliveryBody)?.body) {
          throw Object.assign(new Error('the delivery changed under the replay'), { name: REPLAY_CANCELLED });
        }
        const result = store.insert(insight, options.dedupeSince);
        if (result.status !== 'stored') return result;
        unread.add(1);
        return outbox ? { ...result, outboxRow: outbox.event(result.event) } : result;
      });
    },

    /** LGPD removal: the customer's rows, deliveries and WAL pages, and a keyed digest to refuse older retries. */
    eraseCustomer(customerId: string, now: number, askedAt: number): Promise<Erasure & { unread: number }> {
      return queue.exclusive(() => {
        const erasure = db
          .transaction(() => {
            store.forgetMarksBefore(now - DEDUPE_WINDOW_MS);
            deliveries.removeCustomer(customerId, askedAt);
            outbox?.erasure(customerId, now);
            unread.add(-statements.unreadOf.get(customerId)!);
            return store.removeCustomer(customerId, now);
          })
          .immediate();
        wipeWal(db);
        return { ...erasure, unread: unread.value };
      });
    },

    /** LGPD update: new contact values everywhere they are kept, and no old value left in the WAL. */
    updateContact(
      customerId: string,
      contact: ContactUpdate,
      now: number,
      askedAt: number,
    ): Promise<ContactUpdateResult> {
      return queue.exclusive(() => {
        const [update, bodiesDropped] = db
          .transaction(() => {
            store.forgetMarksBefore(now - DEDUPE_WINDOW_MS);
            const applied = store.updateContact(customerId, contact, now, now - DEDUPE_WINDOW_MS);
            // Kept delivery bodies hold the old values (and WiFire's message quoting the name): simplest is to drop
            // them rather than rewrite JSON; those deliveries can no longer be replayed.
            const dropped = applied.repeated ? 0 : deliveries.clearBodiesOf(customerId, askedAt);
            return [applied, dropped] as const;
          })
          .immediate();
        if ((update.known && !update.repeated) || bodiesDropped > 0) wipeWal(db);
        return update;
      });
    },

    /** One delivery log row; rows queued together share a transaction. Resolves once written, or with the failure's code. */
    async recordDelivery(entry: DeliveryEntry): Promise<string | null> {
      let failure: string | null = null;
      await deliveries.record(
        { ...entry, body: asBuffer(entry.body), contentHash: asBuffer(entry.contentHash) },
        (error) => (failure = codeOf(error)),
      );
      return failure;
    },

    markRead(ids: string[], now: number): Promise<number> {
      return queue.write(() => {
        unread.add(-feed.markRead(ids, now));
        return unread.value;
      });
    },

    markReadUpTo(upToId: number, now: number): Promise<number> {
      return queue.write(() => {
        unread.add(-feed.markReadUpTo(upToId, now));
        return unread.value;
      });
    },

    /** Retention: events created before `createdBefore` and deliveries received before it, then the WAL wiped. */
    purgeBefore(createdBefore: number): Promise<RetentionPurge> {
      return queue.exclusive(() => {
        const purged = db
          .transaction(() => {
            const candidates = statements.customersBefore.all(createdBefore);
            unread.add(-statements.unreadBefore.get(createdBefore)!);
            const eventsRemoved = statements.deleteBefore.run(createdBefore).changes;
            const customerIds = candidates.filter((id) => statements.hasEvents.get(id) === undefined);
            for (const id of customerIds) statements.deleteCustomer.run(id);
            const deliveriesRemoved = deliveries.deleteBefore(createdBefore);
            return { createdBefore, eventsRemoved, deliveriesRemoved, customerIds };
          })
          .immediate();
        if (purged.eventsRemoved > 0 || purged.deliveriesRemoved > 0) walDirty = true;
        let walError: string | null = null;
        try {
          // The rows are committed either way; a WAL left unwiped here is wiped by the next purge.
          if (walDirty) {
            wipeWal(db);
            walDirty = false;
          }
        } catch (error) {
          walError = codeOf(error);
        }
        return { ...purged, unread: unread.value, walError };
      });
    },

    /** The fan-out outbox's rows after `afterSeq`, oldest first (empty when this desk is not a hub). */
    outboxPending: (limit: number, afterSeq = 0): OutboxRow[] => outbox?.pending(limit, afterSeq) ?? [],
    /** Rows the broker acknowledged. */
    outboxDone(seqs: number[]): Promise<void> {
      return queue.write(() => outbox?.done(seqs));
    },

    // ---- reads ----
    feedPage(filter: FeedFilter, timeZone: string, limit: number, beforeId?: number): FeedRowsPage {
      return feed.page(filter, timeZone, limit, beforeId);
    },
    feedRow: (eventId: string): FeedRow | null => feed.row(eventId),
    ofCustomer: (customerId: string): FeedRow[] => feed.ofCustomer(customerId),
    unreadCount: (): number => unread.value,
    establishments: (): Array<{ id: string; name: string | null }> => feed.establishments(),
    getCustomer: (customerId: string): Customer | null => store.getCustomer(customerId),
    getEvent: (eventId: string): StoredEvent | null => store.getEvent(eventId),
    /** An event and its customer in one answer (a satellite's pop-up: one round trip to the hub's store). */
    eventWithCustomer(eventId: string): { event: StoredEvent; customer: Customer | null } | null {
      const event = store.getEvent(eventId);
      if (!event) return null;
      return { event, customer: event.customerId === null ? null : store.getCustomer(event.customerId) };
    },
    listEvents: (limit?: number, beforeId?: number): StoredEvent[] => store.listEvents(limit, beforeId),
    eventsOfCustomer: (customerId: string): StoredEvent[] => store.eventsOfCustomer(customerId),
    countEvents: (): number => store.countEvents(),
    listErasures: (): Erasure[] => store.listErasures(),
    /** The instant the oldest event or delivery was made, or null when nothing is stored (retention's timer). */
    oldest: (): number | null => statements.oldest.get()?.oldest ?? null,
    deliveriesPage: (limit: number, beforeId?: number): { rows: DeliverySummary[]; more: boolean } =>
      deliveries.page(limit, beforeId),
    getDelivery: (id: number): StoredDelivery | null => deliveries.get(id),
    /** The keyed digest kept of an erased customer (support and tests: never the id in clear). */
    customerKey: (customerId: string): Buffer => store.customerKey(customerId),
    forgetMarksBefore: (cutoff: number): void => store.forgetMarksBefore(cutoff),
    /** The customer's digest on the wire (null when this desk is not a hub). */
    fanoutKey: (customerId: string): string | null => outbox?.customerKey(customerId) ?? null,

    /** Commits what was accepted, then closes the connection. */
    close(): void {
      queue.close();
      db.close();
    },
  };
}

export type StoreOps = ReturnType<typeof createStoreOps>;
export type StoreOpName = keyof StoreOps;
