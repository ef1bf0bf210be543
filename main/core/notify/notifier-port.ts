// The notifier port: one queue of pending pop-ups in front of whichever backend the shell provides.
import type { IconName, Priority } from '../../../shared/catalog.js';
import type { Logger } from '../logger.js';

export interface PopUp {
  eventId: string;
  customerId: string | null;
  type: string;
  title: string;
  body: string;
  priority: Priority;
  icon: IconName;
}

/** A way to put a pop-up on screen: node-notifier in the headless shell, Electron's Notification on the desktop. */
export interface NotifierBackend {
  readonly name: string;
  show(popUp: PopUp): Promise<void>;
}

export interface NotifierPortOptions {
  /** Pop-ups on their way to the backend at once. */
  concurrency?: number;
  /** Pop-ups waiting beyond this are dropped, oldest and least urgent first; the events stay in the feed. */
  maxPending?: number;
  /** Called as each pop-up is handed to the backend (the benchmark's clock). */
  onDispatch?: (popUp: PopUp) => void;
}

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export class NotifierPort {
  private readonly pending: PopUp[] = [];
  private inFlight = 0;
  private drainScheduled = false;
  private readonly concurrency: number;
  private readonly maxPending: number;
  private failures = 0;

  constructor(
    private readonly backend: NotifierBackend,
    private readonly log: Logger,
    private readonly options: NotifierPortOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 2;
    this.maxPending = options.maxPending ?? 100;
  }

  get backendName(): string {
    return this.backend.name;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get failureCount(): number {
    return this.failures;
  }

  /**
   * Queues a pop-up; it reaches the backend in a microtask, after the ones already queued: an LGPD removal
   * committed in the same flush as this event resumes before it, so its cancel still withdraws the pop-up.
   */
  notify(popUp: PopUp): void {
    this.pending.push(popUp);
    if (this.pending.length > this.maxPending) this.dropOne();
    this.scheduleDrain();
  }

  /** Shows one pop-up now, outside the queue, and says whether the backend took it (the settings' test button). */
  async sendNow(popUp: PopUp, timeoutMs = 10_000): Promise<{ ok: true } | { ok: false; code: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'timeout' })), timeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(() => this.backend.show(popUp)), timeout]);
      return { ok: true };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      return { ok: false, code: typeof code === 'string' ? code.slice(0, 40) : 'unknown' };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Withdraws every pop-up of a customer not yet shown (LGPD removal). Returns how many. */
  cancelCustomer(customerId: string): number {
    let removed = 0;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i]!.customerId === customerId) {
        this.pending.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Resolves once nothing is pending or in flight (tests and shutdown). */
  async idle(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.pending.length > 0 || this.inFlight > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private dropOne(): void {
    let victim = 0;
    for (let i = 1; i < this.pending.length; i++) {
      if (RANK[this.pending[i]!.priority] > RANK[this.pending[victim]!.priority]) victim = i;
    }
    const [dropped] = this.pending.splice(victim, 1);
    this.log.warn('pop-up dropped: too many waiting', { type: dropped?.type, waiting: this.pending.length });
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    queueMicrotask(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.concurrency && this.pending.length > 0) {
      const popUp = this.pending.shift()!;
      this.inFlight++;
      this.options.onDispatch?.(popUp);
      let shown: Promise<void>;
      try {
        shown = this.backend.show(popUp);
      } catch (error) {
        shown = Promise.reject(error);
      }
      shown
        .catch((error: unknown) => {
          this.failures++;
          // The event is stored and listed; only the pop-up is lost. No title or body: they name the customer.
          this.log.warn('pop-up could not be shown', {
            backend: this.backend.name,
            type: popUp.type,
            code: (error as { code?: string } | null)?.code ?? 'unknown',
          });
        })
        .finally(() => {
          this.inFlight--;
          if (this.pending.length > 0) this.scheduleDrain();
        });
    }
  }
}
