// The whole chain in one state, the same in the panel's header, the tray view and the tray icon: can WiFire reach
// this computer (or, on another desk, is it linked to the main desk), and do pop-ups reach the screen? Green only
// when both hold; the words say which link is broken.
import type { Status } from './bridge-contract.js';
import type { UiStrings } from './ui-strings.js';

export type HealthLevel = 'ok' | 'degraded' | 'down';

export interface DeskHealth {
  level: HealthLevel;
  /** Short enough for a pill: never cut mid-sentence. */
  text: string;
  /** The reason and what to do, for a tooltip or a line under the pill; null when there is nothing to add. */
  detail: string | null;
  /** Where in Settings the fix is: the tunnel, the notifications, or "Outros balcões". */
  fix: 'tunnel' | 'notifications' | 'other-desks' | null;
}

/** Another desk gets everything from the main desk: its link there stands where the tunnel stands on the hub. */
function satelliteHealth(status: Status, fanout: NonNullable<Status['fanout']>, strings: UiStrings): DeskHealth {
  switch (fanout.state) {
    case 'connected':
      break;
    case 'connecting':
    case 'starting':
      return { level: 'degraded', text: strings.healthHubConnecting, detail: null, fix: 'other-desks' };
    default:
      return {
        level: 'down',
        text: strings.healthHubDisconnected,
        detail: fanout.reasonText ?? strings.healthHubDisconnectedDetail,
        fix: 'other-desks',
      };
  }
  const { failing } = status.popUps;
  if (failing) {
    const detail = strings.healthPopUpsFailingDetail(failing.hint);
    return { level: 'down', text: strings.healthPopUpsFailing, detail, fix: 'notifications' };
  }
  return { level: 'ok', text: strings.healthHubConnected, detail: strings.healthHubConnectedDetail, fix: null };
}

/** Worst first: the first broken link of the chain is the one to mend. */
export function deskHealth(status: Status | null, strings: UiStrings): DeskHealth {
  if (!status) return { level: 'degraded', text: strings.connectionPending, detail: null, fix: null };
  const { tunnel, popUps, fanout } = status;
  if (!status.listening) {
    return { level: 'down', text: strings.healthNotListening, detail: strings.healthNotListeningDetail, fix: null };
  }
  // Webhooks get 503 until a new store worker is up: WiFire sends them again, but nothing is stored meanwhile.
  if (status.store.restartingSince !== null) {
    return {
      level: 'down',
      text: strings.healthStoreRestarting,
      detail: strings.healthStoreRestartingDetail,
      fix: null,
    };
  }
  if (fanout?.role === 'satellite') return satelliteHealth(status, fanout, strings);
  if (tunnel.state === 'failed') {
    return { level: 'down', text: strings.healthTunnelFailed, detail: tunnel.reason, fix: 'tunnel' };
  }
  if (popUps.failing) {
    const detail = strings.healthPopUpsFailingDetail(popUps.failing.hint);
    return { level: 'down', text: strings.healthPopUpsFailing, detail, fix: 'notifications' };
  }
  // This desk still pops up, but the other desks get nothing until the engine is back.
  if (fanout?.role === 'hub' && fanout.state === 'failed') {
    return { level: 'down', text: strings.healthFanoutFailed, detail: fanout.reasonText, fix: 'other-desks' };
  }
  switch (tunnel.state) {
    case 'starting':
      return { level: 'degraded', text: strings.healthTunnelStarting, detail: null, fix: 'tunnel' };
    case 'restarting':
    case 'unreachable':
      return { level: 'degraded', text: strings.healthTunnelUnstable, detail: tunnel.reason, fix: 'tunnel' };
    case 'off':
      return {
        level: 'degraded',
        text: strings.healthNoPublicAddress,
        detail: strings.healthNoPublicAddressDetail,
        fix: 'tunnel',
      };
    case 'online':
      break;
  }
  if (tunnel.publicWebhookUrl && !tunnel.urlConfirmed) {
    return { level: 'degraded', text: strings.healthPasteUrl, detail: strings.healthPasteUrlDetail, fix: 'tunnel' };
  }
  const detail = [strings.healthOkDetail, tunnel.warning].filter(Boolean).join(' ');
  return { level: 'ok', text: strings.healthOk, detail, fix: null };
}

export type ChecklistStep = keyof Status['checklist'];
export const CHECKLIST_STEPS: readonly ChecklistStep[] = ['tunnel', 'pasted', 'firstEvent', 'notification'];

/** The first-run checklist folds away once every step is done. */
export function checklistDone(status: Pick<Status, 'checklist'>): boolean {
  return CHECKLIST_STEPS.every((step) => status.checklist[step]);
}
