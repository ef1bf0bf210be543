// Retention: events older than privacy.retentionDays leave the disk, on one timer armed for the oldest one's expiry.
import type Database from 'better-sqlite3';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { PhotoCache } from '../photos/photo-cache.js';
import { wipeWal } from './lgpd.js';
import { StoreUnavailableError, type CommitQueue } from '../store/commit-queue.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Re-evaluate at least daily, so a clock jump or a missed wake-up costs at most a day. */
export const MAX_DELAY_MS = DAY_MS;
/** Never spin: events expiring together are purged together. */
export const MIN_DELAY_MS = 1000;
/** After a failed purge (store busy, closed, disk trouble) wait this long before trying again. */
export const RETRY_DELAY_MS = 60 * 1000;

export interface RetentionResult {
  /** The cutoff: events created before this instant were purged. */
  createdBefore: number;
  eventsRemoved: number;
  /** Customers left with no event, deleted with their photos. */
  customerIds: string[];
}

/** The part of the timer API the scheduler uses, so a test can drive it with a fake clock. */
export interface TimerHandle {
  unref?(): unknown;
}
export interface RetentionTimers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

const nodeTimers: RetentionTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  // Only handles from the setTimeout above ever come back here.
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface RetentionDeps {
  db: Database.Database;
  queue: CommitQueue;
  photos: Pick<PhotoCache, 'removeCustomer'>;
  bus: Bus;
  log: Logger;
  /** Read at every purge and reschedule, so a settings change applies at the next `reschedule()`. */
  retentionDays: () => number;
  now?: () => number;
  timers?: RetentionTimers;
}

function errorCode(error: unknown): string {
  if (error instanceof StoreUnavailableError) return error.causeCode.toLowerCase();
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code.toLowerCase();
  return error instanceof Error ? error.name.toLowerCase() : 'unknown';
}

export class RetentionScheduler {
  private readonly now: () => number;
  private readonly timers: RetentionTimers;
  private readonly statements;
  private timer: TimerHandle | null = null;
  private armedFor = Number.POSITIVE_INFINITY;
  /** After a failure no timer is armed before this instant, however many events arrive meanwhile. */
  private backoffUntil = 0;
  private stopped = false;
  /** Customers whose rows are gone but whose photos a failed purge left behind; `walDirty`: the same for the WAL. */
  private readonly unwipedCustomers = new Set<string>();
  private walDirty = false;

  constructor(private readonly deps: RetentionDeps) {
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? nodeTimers;
    const { db } = deps;
    this.statements = {
      // The delivery log ages out with the events (by its received_at), so its oldest row can arm the timer too.
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
      deleteDeliveriesBefore: db.prepare<[number]>('DELETE FROM deliveries WHERE received_at < ?'),
      hasEvents: db.prepare<[string], number>('SELECT 1 FROM events WHERE customer_id = ? LIMIT 1').pluck(),
      deleteCustomer: db.prepare<[string]>('DELETE FROM customers WHERE id = ?'),
    };
  }

  /** Purges at once (asynchronously) what is already past the cutoff, else arms the timer. */
  start(): void {
    if (this.stopped) return;
    let due: number | null = null;
    try {
      due = this.nextDue();
    } catch {
      // reschedule() below meets the same error, logs it and retries later.
    }
    if (due !== null && due <= this.now()) void this.runScheduled();
    else this.reschedule();
  }

  /** Call after the setting changed or an event was stored: one indexed min() query, never throws. */
  reschedule(): void {
    if (this.stopped) return;
    let due: number | null;
    try {
      due = this.nextDue();
    } catch (error) {
      this.deps.log.warn('retention reschedule failed', { code: errorCode(error) });
      this.backoffUntil = this.now() + RETRY_DELAY_MS;
      this.arm(this.backoffUntil);
      return;
    }
    if (due !== null) this.arm(due);
  }

  /**
   * Call after an event was stored: with a timer already armed no later than this event's due moment, nothing
   * changes and nothing is queried, so intake pays only a comparison.
   */
  noteStored(createdAt: number): void {
    const retention = this.retentionMs();
    if (this.stopped || retention === null) return;
    if (this.timer !== null && this.armedFor <= createdAt + retention + 1) return;
    this.reschedule();
  }

  /** Purges now whatever is past the cutoff; does nothing once stopped. Rejects if the store fails. */
  async purgeNow(): Promise<RetentionResult> {
    const skipped = (createdBefore: number): RetentionResult => ({ createdBefore, eventsRemoved: 0, customerIds: [] });
    const retention = this.retentionMs();
    if (this.stopped || retention === null) return skipped(this.now());

    const { db, queue, photos, bus, log } = this.deps;
    let finishError: unknown = null;
    const result = await queue.exclusive((): RetentionResult => {
      const createdBefore = this.now() - retention;
      if (this.stopped) return skipped(createdBefore);
      const s = this.statements;
      let deliveriesRemoved = 0;
      const purged = db
        .transaction((): RetentionResult => {
          const candidates = s.customersBefore.all(createdBefore);
          const eventsRemoved = s.deleteBefore.run(createdBefore).changes;
          const customerIds = candidates.filter((id) => s.hasEvents.get(id) === undefined);
          for (const id of customerIds) s.deleteCustomer.run(id);
          deliveriesRemoved = s.deleteDeliveriesBefore.run(createdBefore).changes;
          return { createdBefore, eventsRemoved, customerIds };
        })
        .immediate();
      if (purged.eventsRemoved > 0 || deliveriesRemoved > 0) this.walDirty = true;
      for (const id of purged.customerIds) this.unwipedCustomers.add(id);
      try {
        // The rows are committed either way; what is left undone here is redone by the next purge.
        for (const id of [...this.unwipedCustomers]) {
          photos.removeCustomer(id);
          this.unwipedCustomers.delete(id);
        }
        if (this.walDirty) {
          wipeWal(db);
          this.walDirty = false;
        }
      } catch (error) {
        finishError = error;
      }
      return purged;
    });

    if (result.eventsRemoved > 0) {
      bus.emit('events-expired', result);
      log.info('retention purge', { eventsRemoved: result.eventsRemoved, customersRemoved: result.customerIds.length });
    }
    if (finishError !== null) throw finishError;
    return result;
  }

  /** Final: clears the timer; later purges and reschedules do nothing. */
  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  /** The instant the oldest event crosses the cutoff, or null when there is nothing to wait for. */
  private nextDue(): number | null {
    const retention = this.retentionMs();
    if (retention === null) return null;
    const oldest = this.statements.oldest.get()?.oldest ?? null;
    // +1: the cutoff is strict (created_at < now - retention), so the oldest event goes 1 ms after that moment.
    return oldest === null ? null : oldest + retention + 1;
  }

  /** A broken setting must never read as "keep nothing": outside 1..∞ days nothing is purged. */
  private retentionMs(): number | null {
    const days = this.deps.retentionDays();
    return Number.isFinite(days) && days >= 1 ? days * DAY_MS : null;
  }

  /** Arms the one timer for `at` (clamped), unless it is already armed for an earlier or equal moment. */
  private arm(at: number): void {
    const now = this.now();
    const target = Math.max(at, this.backoffUntil);
    const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, target - now));
    const fireAt = now + delay;
    if (this.timer !== null && this.armedFor <= fireAt) return;
    this.disarm();
    const timer = this.timers.setTimeout(() => {
      if (this.timer !== timer) return;
      this.timer = null;
      this.armedFor = Number.POSITIVE_INFINITY;
      void this.runScheduled();
    }, delay);
    timer.unref?.();
    this.timer = timer;
    this.armedFor = fireAt;
  }

  private disarm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  /** The timer's purge: never rejects; a failure is logged by code and retried after RETRY_DELAY_MS. */
  private async runScheduled(): Promise<void> {
    try {
      await this.purgeNow();
      this.backoffUntil = 0;
    } catch (error) {
      this.deps.log.error('retention purge failed', { code: errorCode(error) });
      if (this.stopped) return;
      this.backoffUntil = this.now() + RETRY_DELAY_MS;
      this.arm(this.backoffUntil);
      return;
    }
    this.reschedule();
  }
}
