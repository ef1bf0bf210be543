// Between the policy and the notifier: bursts become one summary, a backlog becomes one catch-up, an urgent
// pop-up repeats until someone acknowledges it. Every event is already stored and listed; this only shapes pop-ups.
import type { Category, Locale } from '../../../shared/catalog.js';
import { compareEventIds } from '../../../shared/event-ids.js';
import type { Settings } from '../../../shared/settings-schema.js';
import type { HeldReason } from './policy.js';
import type { PopUp } from './notifier-port.js';
import { catchUpBody, catchUpTitle, namesLine, repeatTitle, whatHappened, type CatchUpCause } from './summary-texts.js';

/** A pop-up the policy let through, with what the summaries need. */
export interface OfferedPopUp extends PopUp {
  category: Category;
  customerName: string | null;
  /** When WiFire says it happened (epoch ms). */
  createdAt: number;
}

export interface AttentionDeps {
  notify(popUp: PopUp): void;
  settings(): Pick<Settings, 'burst' | 'urgentRepeat' | 'locale'>;
  /**
   * The staff asked for quiet right now: paused or snoozed, and for non-urgent pop-ups also quiet hours. Held
   * events wait for it to end; an urgent repeat is skipped while it lasts.
   */
  quietNow(forUrgent: boolean): boolean;
  now?: () => number;
  /** How long a minute of the repeat interval lasts (tests shorten it; the clock of everything else is unchanged). */
  minuteMs?: number;
}

/** Events WiFire dated this long before the app (re)started are a backlog, not news. */
const BACKLOG_SLACK_MS = 60_000;
/** For this long after a start or a wake-up, backlog events are gathered into the catch-up. */
const BACKLOG_WINDOW_MS = 5 * 60_000;
/** The catch-up pops up once deliveries have paused this long (WiFire retries arrive in a rush). */
const CATCH_UP_SETTLE_MS = 5_000;
/** A timer that fires this late means the computer slept in between. */
const SLEEP_GAP_MS = 60_000;
const TICK_MS = 15_000;
/** Held pop-ups kept to be summed up; beyond this only counted (a long night of quiet hours at a busy place). */
const MAX_HELD = 500;

/** Why pop-ups were held: the catch-up names it (a pause is not "while you were away"). */
export type HoldCause = HeldReason & CatchUpCause;

interface Held {
  popUps: OfferedPopUp[];
  /** Held beyond MAX_HELD: counted, not kept. */
  overflow: number;
  overflowUrgent: number;
  cause: HoldCause;
}

const nothingHeld = (): Held => ({ popUps: [], overflow: 0, overflowUrgent: 0, cause: 'quiet-hours' });

export class Attention {
  private readonly now: () => number;
  private resumedAt: number;
  private lastTick: number;
  private readonly ticker: NodeJS.Timeout;
  /** Normal and low pop-ups shown in the current burst window (their instants). */
  private shownAt: number[] = [];
  private burst: OfferedPopUp[] = [];
  private burstTimer: NodeJS.Timeout | undefined;
  private backlog: OfferedPopUp[] = [];
  private backlogTimer: NodeJS.Timeout | undefined;
  /** What the backlog follows: the app starting, or the computer waking up. */
  private backlogCause: CatchUpCause = 'closed';
  private held = nothingHeld();
  private readonly repeats = new Map<string, { timer: NodeJS.Timeout; customerId: string | null }>();
  private summaries = 0;

  constructor(private readonly deps: AttentionDeps) {
    this.now = deps.now ?? Date.now;
    this.resumedAt = this.now();
    this.lastTick = this.now();
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  private get locale(): Locale {
    return this.deps.settings().locale;
  }

  /** A pop-up the policy let through. */
  offer(popUp: OfferedPopUp): void {
    const now = this.now();
    if (now - this.resumedAt < BACKLOG_WINDOW_MS && popUp.createdAt < this.resumedAt - BACKLOG_SLACK_MS) {
      this.backlog.push(popUp);
      clearTimeout(this.backlogTimer);
      this.backlogTimer = setTimeout(() => this.flushBacklog(), CATCH_UP_SETTLE_MS);
      this.backlogTimer.unref();
      return;
    }
    this.present(popUp);
  }

  /**
   * A pop-up for an event this desk missed while it was cut off from its hub: gathered with the others it missed
   * into one catch-up ("Enquanto este balcão esteve desligado"), however recent WiFire dated them.
   */
  offerMissed(popUp: OfferedPopUp): void {
    this.backlogCause = 'disconnected';
    this.backlog.push(popUp);
    clearTimeout(this.backlogTimer);
    this.backlogTimer = setTimeout(() => this.flushBacklog(), CATCH_UP_SETTLE_MS);
    this.backlogTimer.unref();
  }

  /** A pop-up the policy held because the staff asked for quiet: summed up (or shown, if alone) when it ends. */
  hold(popUp: OfferedPopUp, cause: HoldCause = 'quiet-hours'): void {
    this.held.cause = cause;
    if (this.held.popUps.length < MAX_HELD) this.held.popUps.push(popUp);
    else {
      this.held.overflow++;
      if (popUp.priority === 'urgent') this.held.overflowUrgent++;
    }
  }

  /** Someone saw these events (read in the feed, or the pop-up clicked): their repeats stop. */
  acknowledge(read: { ids?: readonly string[]; upToId?: string }): void {
    for (const [eventId, repeat] of this.repeats) {
      const byId = read.ids?.includes(eventId) ?? false;
      const byRange = read.upToId !== undefined && compareEventIds(eventId, read.upToId) <= 0;
      if (byId || byRange) {
        clearTimeout(repeat.timer);
        this.repeats.delete(eventId);
      }
    }
  }

  /** LGPD removal: nothing of this customer may pop up any more, not even inside a summary. */
  cancelCustomer(customerId: string): number {
    let removed = 0;
    const keep = (popUp: OfferedPopUp): boolean => popUp.customerId !== customerId || (removed++, false);
    this.burst = this.burst.filter(keep);
    this.backlog = this.backlog.filter(keep);
    for (const [eventId, repeat] of this.repeats) {
      if (repeat.customerId !== customerId) continue;
      clearTimeout(repeat.timer);
      this.repeats.delete(eventId);
      removed++;
    }
    this.held.popUps = this.held.popUps.filter(keep);
    return removed;
  }

  /** The computer woke up (Electron's powerMonitor, or a late timer): what arrives dated before now is backlog. */
  resumed(): void {
    this.resumedAt = this.now();
    this.backlogCause = 'asleep';
  }

  /** Checks whether a quiet period ended (summing up what was held) and whether the computer slept. */
  tick(): void {
    const now = this.now();
    if (now - this.lastTick > TICK_MS + SLEEP_GAP_MS) this.resumed();
    this.lastTick = now;
    const held = this.held;
    if (held.popUps.length + held.overflow > 0 && !this.deps.quietNow(false)) {
      this.held = nothingHeld();
      // One event held is shown as itself, not as "1 evento enquanto…".
      if (held.popUps.length === 1 && held.overflow === 0) this.present(held.popUps[0]!);
      else this.catchUp(held.cause, held.popUps, held.overflow, held.overflowUrgent);
    }
  }

  /** Pop-ups waiting in a burst or backlog, and urgent ones still repeating (tests and shutdown). */
  get pending(): { burst: number; backlog: number; repeating: number; held: number } {
    return {
      burst: this.burst.length,
      backlog: this.backlog.length,
      repeating: this.repeats.size,
      held: this.held.popUps.length + this.held.overflow,
    };
  }

  close(): void {
    clearInterval(this.ticker);
    clearTimeout(this.burstTimer);
    clearTimeout(this.backlogTimer);
    for (const repeat of this.repeats.values()) clearTimeout(repeat.timer);
    this.repeats.clear();
  }

  private present(popUp: OfferedPopUp): void {
    // Urgent and high-priority pop-ups are never folded into a summary.
    if (popUp.priority === 'urgent' || popUp.priority === 'high') {
      this.show(popUp);
      return;
    }
    const now = this.now();
    const { limit, windowSeconds } = this.deps.settings().burst;
    this.shownAt = this.shownAt.filter((at) => now - at < windowSeconds * 1000);
    if (this.burst.length === 0 && this.shownAt.length < limit) {
      this.shownAt.push(now);
      this.show(popUp);
      return;
    }
    this.burst.push(popUp);
    if (!this.burstTimer) {
      this.burstTimer = setTimeout(() => this.flushBurst(), windowSeconds * 1000);
      this.burstTimer.unref();
    }
  }

  private flushBurst(): void {
    this.burstTimer = undefined;
    const popUps = this.burst;
    this.burst = [];
    if (popUps.length === 0) return;
    this.shownAt = [this.now()];
    if (popUps.length === 1) {
      this.show(popUps[0]!);
      return;
    }
    this.summary(whatHappened(popUps, this.locale), namesLine(namesOf(popUps), popUps.length, this.locale), popUps);
  }

  private flushBacklog(): void {
    this.backlogTimer = undefined;
    const popUps = this.backlog;
    this.backlog = [];
    if (popUps.length === 0) return;
    if (popUps.length === 1) {
      this.present(popUps[0]!);
      return;
    }
    this.catchUp(this.backlogCause, popUps, 0, 0);
  }

  /** One pop-up for what happened while pop-ups were held back or the desk was off: what, who, how urgent. */
  private catchUp(
    cause: CatchUpCause,
    popUps: readonly OfferedPopUp[],
    overflow: number,
    overflowUrgent: number,
  ): void {
    const count = popUps.length + overflow;
    const urgent = popUps.filter((popUp) => popUp.priority === 'urgent').length + overflowUrgent;
    this.summary(
      catchUpTitle(cause, popUps, this.locale, overflow),
      catchUpBody(namesOf(popUps), count, urgent, this.locale),
      popUps,
    );
  }

  private show(popUp: PopUp): void {
    this.deps.notify(stripExtras(popUp));
    if (popUp.priority === 'urgent') this.scheduleRepeat(popUp, 1);
  }

  private scheduleRepeat(popUp: PopUp, repeat: number): void {
    const { intervalMinutes, maxRepeats } = this.deps.settings().urgentRepeat;
    if (intervalMinutes === 0 || repeat > maxRepeats || popUp.eventId === '') return;
    clearTimeout(this.repeats.get(popUp.eventId)?.timer);
    const timer = setTimeout(
      () => {
        this.repeats.delete(popUp.eventId);
        // Paused or snoozed: this repeat is skipped but counted, so the cap still ends it.
        if (!this.deps.quietNow(true)) {
          this.deps.notify({ ...stripExtras(popUp), title: repeatTitle(popUp.title, this.locale) });
        }
        this.scheduleRepeat(popUp, repeat + 1);
      },
      intervalMinutes * (this.deps.minuteMs ?? 60_000),
    );
    timer.unref();
    this.repeats.set(popUp.eventId, { timer, customerId: popUp.customerId });
  }

  /** A summary pop-up; the customers of its events are remembered, so that an erasure takes it down too. */
  private summary(title: string, body: string, popUps: readonly OfferedPopUp[]): void {
    const customers = new Set(popUps.map((popUp) => popUp.customerId).filter((id): id is string => id !== null));
    this.summaries++;
    this.deps.notify({
      eventId: `summary-${this.summaries}`,
      customerId: null,
      type: 'wifire-desk-resumo',
      title,
      body,
      priority: 'normal',
      icon: 'bell',
      mentions: [...customers],
    });
  }
}

function namesOf(popUps: readonly OfferedPopUp[]): string[] {
  return popUps.map((popUp) => popUp.customerName).filter((name): name is string => Boolean(name));
}

function stripExtras(popUp: PopUp): PopUp {
  const { eventId, customerId, type, title, body, priority, icon, mentions } = popUp;
  return { eventId, customerId, type, title, body, priority, icon, ...(mentions ? { mentions } : {}) };
}
