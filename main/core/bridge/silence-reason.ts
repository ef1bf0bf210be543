// Why a listed event showed no pop-up, by the settings now: the feed's "silenciado" mark, so staff know why.
import type { SilenceReason } from '../../../shared/bridge-contract.js';
import type { Priority } from '../../../shared/catalog.js';
import type { Settings } from '../../../shared/settings-schema.js';
import { isFollowed, isMuted, isMutedEstablishment, isQuietTime } from '../notify/policy.js';

export type SilenceSettings = Pick<
  Settings,
  'mutedTypes' | 'mutedEstablishments' | 'followedEstablishments' | 'quietHours' | 'timeZone'
>;

export interface SilenceFacts {
  type: string;
  establishmentId: string;
  priority: Priority;
  /** Types that never pop up (LGPD) are not "silenced": there was nothing to silence. */
  popup: boolean;
  /** When the desk received it: the instant the policy judged quiet hours by. */
  receivedAt: number;
}

/** 'muted' for a muted type or place (or one this desk does not follow), 'quiet' if it came in quiet hours, else null. */
export function silenceReason(facts: SilenceFacts, settings: SilenceSettings): SilenceReason | null {
  if (!facts.popup) return null;
  if (
    isMuted(facts.type, settings) ||
    isMutedEstablishment(facts.establishmentId, settings) ||
    !isFollowed(facts.establishmentId, settings)
  ) {
    return 'muted';
  }
  // As in the policy: urgent pop-ups pass through quiet hours, so they were never held.
  if (facts.priority !== 'urgent' && isQuietTime(facts.receivedAt, settings.quietHours, settings.timeZone)) {
    return 'quiet';
  }
  return null;
}
