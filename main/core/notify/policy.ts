// Policy: whether a stored, classified event may interrupt the staff with a pop-up. Each rule is a small function;
// `decide` applies them in order. Whatever they say, the event is already stored and listed.
import type { QuietPeriod, Settings } from '../../../shared/settings-schema.js';
import type { ClassifiedEvent } from './classify.js';
import { localWallClock } from '../local-time.js';

/** Why an event does not pop up. The last three hold it for the catch-up summary; the others drop it for good. */
export type SuppressionReason =
  'no-popup-type' | 'muted' | 'muted-establishment' | 'not-followed' | 'stale' | 'paused' | 'snoozed' | 'quiet-hours';

export type PolicyDecision = { popup: true } | { popup: false; reason: SuppressionReason };

/** Held while the staff asked for quiet: summed up in one pop-up (or shown, if alone) when the quiet ends. */
export const HELD_REASONS = ['paused', 'snoozed', 'quiet-hours'] as const satisfies readonly SuppressionReason[];
export type HeldReason = (typeof HELD_REASONS)[number];

export function isHeldReason(reason: SuppressionReason): reason is HeldReason {
  return (HELD_REASONS as readonly SuppressionReason[]).includes(reason);
}

export type PolicySettings = Pick<
  Settings,
  | 'mutedTypes'
  | 'mutedEstablishments'
  | 'followedEstablishments'
  | 'notificationsPaused'
  | 'quietHours'
  | 'staleArrivalMinutes'
  | 'timeZone'
>;

/** What changes while running, beside the settings. */
export interface AttentionState {
  now: number;
  /** "Não perturbe" holds pop-ups until this instant (epoch ms). */
  snoozedUntil: number | null;
}

/** Muted types are stored and listed but never pop up. */
export function isMuted(type: string, settings: Pick<Settings, 'mutedTypes'>): boolean {
  return settings.mutedTypes.includes(type);
}

/** A desk can silence one of the owner's places without losing its events from the feed. */
export function isMutedEstablishment(
  establishmentId: string,
  settings: Pick<Settings, 'mutedEstablishments'>,
): boolean {
  return settings.mutedEstablishments.includes(establishmentId);
}

/** A desk follows the places it serves; following none means all of them. */
export function isFollowed(establishmentId: string, settings: Pick<Settings, 'followedEstablishments'>): boolean {
  return settings.followedEstablishments.length === 0 || settings.followedEstablishments.includes(establishmentId);
}

/** An arrival or connection WiFire dated long ago: the customer may have left, so greeting them is pointless. */
export function isStaleArrival(
  classified: Pick<ClassifiedEvent, 'category'> & { event: { createdAt: number } },
  now: number,
  settings: Pick<Settings, 'staleArrivalMinutes'>,
): boolean {
  if (classified.category !== 'arrival' && classified.category !== 'connection') return false;
  return now - classified.event.createdAt > settings.staleArrivalMinutes * 60_000;
}

export function isSnoozed(state: AttentionState): boolean {
  return state.snoozedUntil !== null && state.now < state.snoozedUntil;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The weekday (0 = Sunday) and minute of the day at `now` on the establishment's clock. */
function localWeekMinute(now: number, timeZone: string): { day: number; minute: number } {
  const wall = localWallClock(now, timeZone); // "YYYY-MM-DD HH:MM:SS"
  const day = new Date(`${wall.slice(0, 10)}T00:00:00Z`).getUTCDay();
  return { day, minute: minutesOf(wall.slice(11, 16)) };
}

/**
 * Inside a quiet period, on the establishment's clock. A period whose end is not after its start runs past
 * midnight: "sexta 23:00 → 09:00" also covers Saturday until 09:00.
 */
export function isQuietTime(now: number, periods: readonly QuietPeriod[], timeZone: string): boolean {
  if (periods.length === 0) return false;
  const { day, minute } = localWeekMinute(now, timeZone);
  const yesterday = (day + 6) % 7;
  return periods.some((period) => {
    const from = minutesOf(period.from);
    const to = minutesOf(period.to);
    if (from < to) return period.days.includes(day) && minute >= from && minute < to;
    // Past midnight: the evening part on its own day, the morning part on the day after.
    return (period.days.includes(day) && minute >= from) || (period.days.includes(yesterday) && minute < to);
  });
}

export function decide(
  classified: ClassifiedEvent,
  settings: PolicySettings,
  state: AttentionState = { now: Date.now(), snoozedUntil: null },
): PolicyDecision {
  const { event } = classified;
  if (!classified.popup) return { popup: false, reason: 'no-popup-type' };
  if (isMuted(event.type, settings)) return { popup: false, reason: 'muted' };
  if (isMutedEstablishment(event.establishmentId, settings)) return { popup: false, reason: 'muted-establishment' };
  if (!isFollowed(event.establishmentId, settings)) return { popup: false, reason: 'not-followed' };
  if (isStaleArrival(classified, state.now, settings)) return { popup: false, reason: 'stale' };
  if (settings.notificationsPaused) return { popup: false, reason: 'paused' };
  if (isSnoozed(state)) return { popup: false, reason: 'snoozed' };
  // Never miss the unhappy customer at the door: urgent ones pass through quiet hours.
  if (classified.priority !== 'urgent' && isQuietTime(state.now, settings.quietHours, settings.timeZone)) {
    return { popup: false, reason: 'quiet-hours' };
  }
  return { popup: true };
}
