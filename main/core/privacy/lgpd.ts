// LGPD: a removal erases every trace of the customer; an update rewrites their contact everywhere it is kept.
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { NotifierPort } from '../notify/notifier-port.js';
import type { PhotoCache } from '../photos/photo-cache.js';
import type { Store } from '../store/store-client.js';
import type { ContactUpdate, Erasure } from '../store/event-store.js';

export interface PrivacyDeps {
  /** The store's worker does the rows, the delivery log and the WAL, in one exclusive step. */
  store: Pick<Store, 'eraseCustomer' | 'updateContact'>;
  photos: Pick<PhotoCache, 'removeCustomer'>;
  /** Withdraws pop-ups not yet shown: the notifier's queue and whatever holds them back (bursts, repeats). */
  notifier: Pick<NotifierPort, 'cancelCustomer'>;
  bus: Bus;
  log: Logger;
}

export class Privacy {
  constructor(private readonly deps: PrivacyDeps) {}

  /** Resolves only once nothing of the customer is left on disk: rows, WAL pages, photos. */
  async removeAccount(customerId: string): Promise<Erasure> {
    const { store, photos, notifier, bus, log } = this.deps;
    // On this thread's clock: a delivery that started before it keeps nothing of the customer in the delivery log.
    const askedAt = performance.now();
    const { unread: _unread, ...erasure } = await store.eraseCustomer(customerId, Date.now(), askedAt);
    await photos.removeCustomer(customerId);
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
    const { store, bus, log } = this.deps;
    const result = await store.updateContact(customerId, contact, Date.now(), performance.now());
    if (result.known && !result.repeated) bus.emit('customer-updated', { customerId });
    log.info('customer contact rewritten on request (LGPD)', { known: result.known, repeated: result.repeated });
    return result.known;
  }
}
