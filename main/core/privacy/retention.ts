// Retention: events older than privacy.retentionDays leave the disk, on one timer armed for the oldest one's expiry.
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import type { PhotoCache } from '../photos/photo-cache.js';
import { StoreUnavailableError } from '../store/commit-queue.js';
import type { Store } from '../store/store-client.js';

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
  /** The store's worker finds the oldest row, and purges (rows, delivery log, WAL) in one exclusive step. */
  store: Pick<Store, 'oldest' | 'purgeBefore'>;
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
  private timer: TimerHandle | null = null;
  private armedFor = Number.POSITIVE_INFINITY;
  /** After a failure no timer is armed before this instant, however many events arrive meanwhile. */
  private backoffUntil = 0;
  private stopped = false;
  /** Customers whose rows are gone but whose photos a failed purge left behind (the worker tracks the WAL's). */
  private readonly unwipedCustomers = new Set<string>();

  constructor(private readonly deps: RetentionDeps) {
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? nodeTimers;
  }

  /** Purges at once (asynchronously) what is already past the cutoff, else arms the timer. */
  start(): void {
    if (this.stopped) return;
    void this.nextDue().then(
      (due) => {
        if (due !== null && due <= this.now()) void this.runScheduled();
        else if (due !== null) this.arm(due);
      },
      (error: unknown) => this.failedToSchedule(error),
    );
  }

  /** Call after the setting changed: asks the store for the oldest row (off this thread), never throws. */
  reschedule(): void {
    if (this.stopped) return;
    void this.nextDue().then(
      (due) => {
        if (due !== null) this.arm(due);
      },
      (error: unknown) => this.failedToSchedule(error),
    );
  }

  /**
   * Call after an event was stored: its own due moment arms the timer when none is armed earlier. Nothing is
   * queried, so intake pays only a comparison.
   */
  noteStored(createdAt: number): void {
    const retention = this.retentionMs();
    if (this.stopped || retention === null) return;
    if (this.timer !== null && this.armedFor <= createdAt + retention + 1) return;
    this.arm(createdAt + retention + 1);
  }

  /** Purges now whatever is past the cutoff; does nothing once stopped. Rejects if the store fails. */
  async purgeNow(): Promise<RetentionResult> {
    const retention = this.retentionMs();
    const createdBefore = this.now() - (retention ?? 0);
    if (this.stopped || retention === null) return { createdBefore, eventsRemoved: 0, customerIds: [] };

    const { store, photos, bus, log } = this.deps;
    const purged = await store.purgeBefore(createdBefore);
    const result: RetentionResult = {
      createdBefore,
      eventsRemoved: purged.eventsRemoved,
      customerIds: purged.customerIds,
    };
    for (const id of purged.customerIds) this.unwipedCustomers.add(id);
    let finishError: unknown =
      purged.walError === null ? null : Object.assign(new Error('WAL not wiped'), { code: purged.walError });
    try {
      // The rows are committed either way; photos left undone here are removed by the next purge.
      for (const id of [...this.unwipedCustomers]) {
        await photos.removeCustomer(id);
        this.unwipedCustomers.delete(id);
      }
    } catch (error) {
      finishError ??= error;
    }

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
  private async nextDue(): Promise<number | null> {
    const retention = this.retentionMs();
    if (retention === null) return null;
    const oldest = await this.deps.store.oldest();
    // +1: the cutoff is strict (created_at < now - retention), so the oldest event goes 1 ms after that moment.
    return oldest === null ? null : oldest + retention + 1;
  }

  /** The store could not be asked (busy, closed): logged by code, and asked again after RETRY_DELAY_MS. */
  private failedToSchedule(error: unknown): void {
    if (this.stopped) return;
    this.deps.log.warn('retention reschedule failed', { code: errorCode(error) });
    this.backoffUntil = this.now() + RETRY_DELAY_MS;
    this.arm(this.backoffUntil);
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
