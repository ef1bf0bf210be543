// Policy: whether a stored, classified event may interrupt the staff with a pop-up.
import type { Settings } from '../../shared/settings-schema.js';
import type { ClassifiedEvent } from './classify.js';

export type PolicyDecision =
  { popup: true } | { popup: false; reason: 'muted' | 'muted-establishment' | 'paused' | 'snoozed' | 'no-popup-type' };

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

export function isSnoozed(state: AttentionState): boolean {
  return state.snoozedUntil !== null && state.now < state.snoozedUntil;
}

export function decide(
  classified: ClassifiedEvent,
  settings: Pick<Settings, 'mutedTypes' | 'mutedEstablishments'> & Partial<Pick<Settings, 'notificationsPaused'>>,
  state: AttentionState = { now: Date.now(), snoozedUntil: null },
): PolicyDecision {
  if (!classified.popup) return { popup: false, reason: 'no-popup-type' };
  if (isMuted(classified.event.type, settings)) return { popup: false, reason: 'muted' };
  if (isMutedEstablishment(classified.event.establishmentId, settings)) {
    return { popup: false, reason: 'muted-establishment' };
  }
  if (settings.notificationsPaused) return { popup: false, reason: 'paused' };
  if (isSnoozed(state)) return { popup: false, reason: 'snoozed' };
  return { popup: true };
}
