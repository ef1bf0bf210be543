// Between the policy and the notifier: bursts become one summary, a backlog becomes one catch-up, an urgent
// pop-up repeats until someone acknowledges it. Every event is already stored and listed; this only shapes pop-ups.
import type { Category, Locale } from '../../../shared/catalog.js';
import { compareEventIds } from '../../../shared/event-ids.js';
import type { Settings } from '../../../shared/settings-schema.js';
import type { HeldReason } from './policy.js';
import type { PopUp } from './notifier-port.js';
import {
  catchUpBody,
  catchUpTitle,
  namesLine,
  repeatTitle,
  SummaryTally,
  whatHappened,
  type CatchUpCause,
} from './summary-texts.js';

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
/**
 * Pop-ups a burst, a backlog or a pause keeps whole to sum them up; past this they are only counted, by kind (a long
 * night of quiet hours at a busy place, WiFire's retries after an outage, a rush). A summary names two customers
 * and counts the rest, so the ones past this were never in its text; keeping them all held every pop-up of a
 * 10-second burst window at a rush: 9 MB of the service's memory after 100 000 events in the benchmark.
 */
const MAX_KEPT = 500;

/** Why pop-ups were held: the catch-up names it (a pause is not "while you were away"). */
export type HoldCause = HeldReason & CatchUpCause;

/** Pop-ups gathered for one summary: the first MAX_KEPT whole, the rest counted. */
interface Gathered {
  popUps: OfferedPopUp[];
  beyond: SummaryTally;
  beyondUrgent: number;
}

interface Held extends Gathered {
  cause: HoldCause;
}

const nothingGathered = (): Gathered => ({ popUps: [], beyond: new SummaryTally(), beyondUrgent: 0 });
const nothingHeld = (): Held => ({ ...nothingGathered(), cause: 'quiet-hours' });

function gather(into: Gathered, popUp: OfferedPopUp): void {
  if (into.popUps.length < MAX_KEPT) {
    into.popUps.push(popUp);
    return;
  }
  into.beyond.add(popUp);
  if (popUp.priority === 'urgent') into.beyondUrgent++;
}

const gatheredCount = (gathered: Gathered): number => gathered.popUps.length + gathered.beyond.total;

/** One pop-up gathered, kept whole: shown as itself rather than as "1 evento". */
const alone = (gathered: Gathered): OfferedPopUp | undefined =>
  gathered.popUps.length === 1 && gathered.beyond.total === 0 ? gathered.popUps[0] : undefined;

export class Attention {
  private readonly now: () => number;
  private resumedAt: number;
  private lastTick: number;
  private readonly ticker: NodeJS.Timeout;
  /** Normal and low pop-ups shown in the current burst window (their instants). */
  private shownAt: number[] = [];
  private burst = nothingGathered();
  private burstTimer: NodeJS.Timeout | undefined;
  private backlog = nothingGathered();
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
      gather(this.backlog, popUp);
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
    gather(this.backlog, popUp);
    clearTimeout(this.backlogTimer);
    this.backlogTimer = setTimeout(() => this.flushBacklog(), CATCH_UP_SETTLE_MS);
    this.backlogTimer.unref();
  }

  /** A pop-up the policy held because the staff asked for quiet: summed up (or shown, if alone) when it ends. */
  hold(popUp: OfferedPopUp, cause: HoldCause = 'quiet-hours'): void {
    this.held.cause = cause;
    gather(this.held, popUp);
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

  /**
   * LGPD removal: nothing of this customer may pop up any more, not even inside a summary. Those only counted (past
   * MAX_KEPT) stay in the count: a summary never names them.
   */
  cancelCustomer(customerId: string): number {
    let removed = 0;
    const keep = (popUp: OfferedPopUp): boolean => popUp.customerId !== customerId || (removed++, false);
    this.burst.popUps = this.burst.popUps.filter(keep);
    this.backlog.popUps = this.backlog.popUps.filter(keep);
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
    if (gatheredCount(held) > 0 && !this.deps.quietNow(false)) {
      this.held = nothingHeld();
      // One event held is shown as itself, not as "1 evento enquanto…".
      const one = alone(held);
      if (one) this.present(one);
      else this.catchUp(held.cause, held);
    }
  }

  /** Pop-ups waiting in a burst or backlog, and urgent ones still repeating (tests and shutdown). */
  get pending(): { burst: number; backlog: number; repeating: number; held: number } {
    return {
      burst: gatheredCount(this.burst),
      backlog: gatheredCount(this.backlog),
      repeating: this.repeats.size,
      held: gatheredCount(this.held),
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
    if (gatheredCount(this.burst) === 0 && this.shownAt.length < limit) {
      this.shownAt.push(now);
      this.show(popUp);
      return;
    }
    gather(this.burst, popUp);
    if (!this.burstTimer) {
      this.burstTimer = setTimeout(() => this.flushBurst(), windowSeconds * 1000);
      this.burstTimer.unref();
    }
  }

  private flushBurst(): void {
    this.burstTimer = undefined;
    const burst = this.burst;
    this.burst = nothingGathered();
    const count = gatheredCount(burst);
    if (count === 0) return;
    this.shownAt = [this.now()];
    const one = alone(burst);
    if (one) {
      this.show(one);
      return;
    }
    const { popUps, beyond } = burst;
    this.summary(whatHappened(popUps, this.locale, beyond), namesLine(namesOf(popUps), count, this.locale), popUps);
  }

  private flushBacklog(): void {
    this.backlogTimer = undefined;
    const backlog = this.backlog;
    this.backlog = nothingGathered();
    if (gatheredCount(backlog) === 0) return;
    const one = alone(backlog);
    if (one) {
      this.present(one);
      return;
    }
    this.catchUp(this.backlogCause, backlog);
  }

  /** One pop-up for what happened while pop-ups were held back or the desk was off: what, who, how urgent. */
  private catchUp(cause: CatchUpCause, gathered: Gathered): void {
    const { popUps, beyond, beyondUrgent } = gathered;
    const urgent = popUps.filter((popUp) => popUp.priority === 'urgent').length + beyondUrgent;
    this.summary(
      catchUpTitle(cause, popUps, this.locale, beyond),
      catchUpBody(namesOf(popUps), gatheredCount(gathered), urgent, this.locale),
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
