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
  /** The customers a summary names (a summary has no customerId of its own): an erasure takes it down too. */
  mentions?: readonly string[];
}

/** A pop-up on screen that the backend can take down again (D-Bus CloseNotification, Electron's close()). */
export interface ShownPopUp {
  close(): void;
}

/** Why a pop-up left the screen, where the backend tells: `dismissed` is someone closing it by hand. */
export type ClosedReason = 'dismissed' | 'expired' | 'other';

export interface ShowOptions {
  /** The earlier pop-up of the same event, still on screen: the new one takes its place instead of piling up. */
  replaces?: ShownPopUp;
  /** The pop-up left the screen (not called when this app took it down or replaced it). */
  onClosed?: (reason: ClosedReason) => void;
  /** Someone clicked the pop-up. */
  onClicked?: () => void;
}

/**
 * A way to put a pop-up on screen: D-Bus on Linux, node-notifier elsewhere in the headless shell, Electron's
 * Notification on the desktop. A backend that can take pop-ups down again resolves with a handle.
 */
export interface NotifierBackend {
  readonly name: string;
  show(popUp: PopUp, options?: ShowOptions): Promise<ShownPopUp | undefined>;
}

/** How pop-ups fare with the OS: the status turns red while the last one was refused. */
export interface PopUpOutcome {
  lastShownAt: number | null;
  /** The last refusal, unless a pop-up went through after it. */
  failing: { at: number; code: string } | null;
}

/** What the person did with a pop-up, as the backend reported it. */
export type PopUpReaction = 'dismissed' | 'clicked';

export interface NotifierPortOptions {
  /** Pop-ups on their way to the backend at once. */
  concurrency?: number;
  /** Pop-ups waiting beyond this are dropped, oldest and least urgent first; the events stay in the feed. */
  maxPending?: number;
  /** Called as each pop-up is handed to the backend (the benchmark's clock). */
  onDispatch?: (popUp: PopUp) => void;
}

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Pop-ups remembered as on screen; beyond this the oldest is forgotten (it stays up, but can't be withdrawn). */
const MAX_ON_SCREEN = 200;

interface OnScreen {
  popUp: PopUp;
  /** Settles once the backend answered: the handle, or nothing where it cannot take the pop-up down. */
  handle: Promise<ShownPopUp | undefined>;
}

function names(popUp: PopUp, customerId: string): boolean {
  return popUp.customerId === customerId || (popUp.mentions?.includes(customerId) ?? false);
}

export class NotifierPort {
  private readonly pending: PopUp[] = [];
  private inFlight = 0;
  private drainScheduled = false;
  private readonly concurrency: number;
  private readonly maxPending: number;
  private failures = 0;
  /** By event id: a repeat of the same event replaces its pop-up, an erasure takes its customer's down. */
  private readonly onScreen = new Map<string, OnScreen>();
  private readonly reactionListeners = new Set<(popUp: PopUp, reaction: PopUpReaction) => void>();
  private outcomeNow: PopUpOutcome = { lastShownAt: null, failing: null };
  private readonly outcomeListeners = new Set<(outcome: PopUpOutcome) => void>();

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

  /** Pop-ups believed on screen (shown, not yet closed by anyone). */
  get onScreenCount(): number {
    return this.onScreen.size;
  }

  get outcome(): PopUpOutcome {
    return this.outcomeNow;
  }

  /** Told when pop-ups start or stop failing, and when the first one reaches the screen. Returns the unsubscribe. */
  onOutcome(listener: (outcome: PopUpOutcome) => void): () => void {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  }

  private noteOutcome(shown: boolean, code: string | null): void {
    const before = this.outcomeNow;
    const at = Date.now();
    this.outcomeNow = shown
      ? { lastShownAt: at, failing: null }
      : { lastShownAt: before.lastShownAt, failing: { at, code: code ?? 'unknown' } };
    // Every pop-up is not news: only a change of state (first shown, failing, working again) is told.
    const news = shown ? before.failing !== null || before.lastShownAt === null : before.failing?.code !== code;
    if (!news) return;
    for (const listener of this.outcomeListeners) listener(this.outcomeNow);
  }

  /** Told when someone dismisses or clicks a pop-up, where the backend reports it. Returns the unsubscribe. */
  onReaction(listener: (popUp: PopUp, reaction: PopUpReaction) => void): () => void {
    this.reactionListeners.add(listener);
    return () => this.reactionListeners.delete(listener);
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
      this.noteOutcome(true, null);
      return { ok: true };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const failed = { ok: false as const, code: typeof code === 'string' ? code.slice(0, 40) : 'unknown' };
      this.noteOutcome(false, failed.code);
      return failed;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * LGPD removal: drops every pop-up of a customer not yet shown, and takes down those still on screen (summaries
   * naming them too), as far as the backend can. Returns how many.
   */
  cancelCustomer(customerId: string): number {
    let removed = 0;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (names(this.pending[i]!, customerId)) {
        this.pending.splice(i, 1);
        removed++;
      }
    }
    for (const [eventId, entry] of [...this.onScreen]) {
      if (!names(entry.popUp, customerId)) continue;
      this.onScreen.delete(eventId);
      removed++;
      void entry.handle.then((handle) => handle?.close()).catch((error: unknown) => this.closeFailed(error));
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

  private closeFailed(error: unknown): void {
    this.log.warn('pop-up could not be withdrawn', {
      backend: this.backend.name,
      code: (error as { code?: string } | null)?.code ?? 'unknown',
    });
  }

  /** Hands a pop-up to the backend, in place of the earlier pop-up of the same event if that one is still up. */
  private dispatch(popUp: PopUp): Promise<ShownPopUp | undefined> {
    const earlier = this.onScreen.get(popUp.eventId);
    const entry: OnScreen = { popUp, handle: Promise.resolve(undefined) };
    const left = (): boolean => this.onScreen.get(popUp.eventId) === entry && this.onScreen.delete(popUp.eventId);
    const options: ShowOptions = {
      onClosed: (reason) => {
        if (left() && reason === 'dismissed') this.react(popUp, 'dismissed');
      },
      onClicked: () => {
        left();
        this.react(popUp, 'clicked');
      },
    };
    const show = async (): Promise<ShownPopUp | undefined> => {
      const replaces = earlier ? await earlier.handle.catch(() => undefined) : undefined;
      return this.backend.show(popUp, replaces ? { ...options, replaces } : options);
    };
    entry.handle = show();
    if (popUp.eventId !== '') {
      this.onScreen.delete(popUp.eventId);
      this.onScreen.set(popUp.eventId, entry);
      if (this.onScreen.size > MAX_ON_SCREEN) this.onScreen.delete(this.onScreen.keys().next().value!);
      // A backend that cannot take pop-ups down (or failed to show this one) has nothing on screen to track.
      entry.handle.then(
        (handle) => void (handle || left()),
        () => left(),
      );
    }
    return entry.handle;
  }

  private react(popUp: PopUp, reaction: PopUpReaction): void {
    for (const listener of this.reactionListeners) {
      try {
        listener(popUp, reaction);
      } catch (error) {
        this.log.warn('pop-up reaction not handled', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }

  private drain(): void {
    while (this.inFlight < this.concurrency && this.pending.length > 0) {
      const popUp = this.pending.shift()!;
      this.inFlight++;
      this.options.onDispatch?.(popUp);
      let shown: Promise<unknown>;
      try {
        shown = this.dispatch(popUp);
      } catch (error) {
        shown = Promise.reject(error);
      }
      shown
        .then(() => this.noteOutcome(true, null))
        .catch((error: unknown) => {
          this.failures++;
          const code = (error as { code?: unknown } | null)?.code;
          this.noteOutcome(false, typeof code === 'string' ? code.slice(0, 40) : 'unknown');
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
