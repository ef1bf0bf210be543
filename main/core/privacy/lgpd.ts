// LGPD: a removal erases every trace of the customer; an update rewrites their contact everywhere it is kept.
import type Database from 'better-sqlite3';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { NotifierPort } from '../notify/notifier-port.js';
import type { PhotoCache } from '../photos/photo-cache.js';
import type { CommitQueue } from '../store/commit-queue.js';
import type { DeliveryLogTable } from '../delivery-log/delivery-log-table.js';
import { DEDUPE_WINDOW_MS, type ContactUpdate, type Erasure, type EventStore } from '../store/event-store.js';

export interface PrivacyDeps {
  db: Database.Database;
  store: EventStore;
  queue: CommitQueue;
  photos: PhotoCache;
  /** Withdraws pop-ups not yet shown: the notifier's queue and whatever holds them back (bursts, repeats). */
  notifier: Pick<NotifierPort, 'cancelCustomer'>;
  bus: Bus;
  log: Logger;
  /** The delivery log, whose kept bodies hold the customer's data too. */
  deliveries?: Pick<DeliveryLogTable, 'removeCustomer' | 'clearBodiesOf'>;
}

/**
 * Moves every page out of the WAL into the database file and truncates the WAL to zero bytes.
 * With secure_delete on, the database pages that held the old values were zeroed by the transaction.
 */
export function wipeWal(db: Database.Database): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    if (result && result.busy === 0) return;
  }
  throw Object.assign(new Error('WAL checkpoint stayed busy'), { code: 'SQLITE_BUSY' });
}

export class Privacy {
  constructor(private readonly deps: PrivacyDeps) {}

  /** Resolves only once nothing of the customer is left on disk. */
  async removeAccount(customerId: string): Promise<Erasure> {
    const { db, store, queue, photos, notifier, bus, log, deliveries } = this.deps;
    const erasure = await queue.exclusive(() => {
      const result = db
        .transaction(() => {
          const now = Date.now();
          store.forgetMarksBefore(now - DEDUPE_WINDOW_MS);
          deliveries?.removeCustomer(customerId);
          return store.removeCustomer(customerId, now);
        })
        .immediate();
      photos.removeCustomer(customerId);
      wipeWal(db);
      return result;
    });
    const cancelled = notifier.cancelCustomer(customerId);
    bus.emit('customer-purged', { customerId, erasure });
    log.info('customer erased on request (LGPD)', { eventsRemoved: erasure.eventsRemoved, popUpsCancelled: cancelled });
    return erasure;
  }

  /**
   * Resolves only once no old value is left on disk. Returns whether the customer was known here. A retry of an
   * update already carried out is not applied again (it would undo a newer one).
   */
  async updateAccount(customerId: string, contact: ContactUpdate): Promise<boolean> {
    const { db, store, queue, bus, log, deliveries } = this.deps;
    const result = await queue.exclusive(() => {
      const now = Date.now();
      const [update, bodiesDropped] = db
        .transaction(() => {
          store.forgetMarksBefore(now - DEDUPE_WINDOW_MS);
          const applied = store.updateContact(customerId, contact, now, now - DEDUPE_WINDOW_MS);
          // Kept delivery bodies hold the old values (and WiFire's message quoting the name): simplest is to drop
          // them rather than rewrite JSON; those deliveries can no longer be replayed.
          const dropped = applied.repeated ? 0 : (deliveries?.clearBodiesOf(customerId) ?? 0);
          return [applied, dropped] as const;
        })
        .immediate();
      if ((update.known && !update.repeated) || bodiesDropped > 0) wipeWal(db);
      return update;
    });
    if (result.known && !result.repeated) bus.emit('customer-updated', { customerId });
    log.info('customer contact rewritten on request (LGPD)', { known: result.known, repeated: result.repeated });
    return result.known;
  }
}
