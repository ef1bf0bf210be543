// Policy: whether a stored, classified event may interrupt the staff with a pop-up.
import type { Settings } from '../../shared/settings-schema.js';
import type { ClassifiedEvent } from './classify.js';

export type PolicyDecision = { popup: true } | { popup: false; reason: 'muted' | 'no-popup-type' };

/** Muted types are stored and listed but never pop up. */
export function isMuted(type: string, settings: Pick<Settings, 'mutedTypes'>): boolean {
  return settings.mutedTypes.includes(type);
}

export function decide(classified: ClassifiedEvent, settings: Pick<Settings, 'mutedTypes'>): PolicyDecision {
  if (!classified.popup) return { popup: false, reason: 'no-popup-type' };
  if (isMuted(classified.event.type, settings)) return { popup: false, reason: 'muted' };
  return { popup: true };
}
