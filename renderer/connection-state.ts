// What the connection indicator says: the whole chain's health (shared with the tray), and the tunnel's own state.
import type { Status } from '../shared/bridge-contract.js';
import { deskHealth, type DeskHealth, type HealthLevel } from '../shared/desk-health.js';
import type { UiStrings } from '../shared/ui-strings.js';

export type ConnectionLevel = HealthLevel;
export type ConnectionState = DeskHealth;

/** Green only when WiFire can reach this computer and pop-ups reach the screen; the words say what is broken. */
export function connectionState(status: Status | null, strings: UiStrings): ConnectionState {
  return deskHealth(status, strings);
}

export interface TunnelStateText {
  /** 'off' is neither good nor bad: no tunnel of ours runs. */
  level: ConnectionLevel | 'off';
  text: string;
}

/** The tunnel's own state in words, for the settings' "Túnel" section. */
export function tunnelStateText(status: Status | null, strings: UiStrings): TunnelStateText {
  if (!status) return { level: 'degraded', text: strings.connectionPending };
  if (!status.listening) return { level: 'down', text: strings.connectionDown };
  const { state, reason } = status.tunnel;
  switch (state) {
    case 'off':
      return { level: 'off', text: strings.tunnelStateOff };
    case 'starting':
      return { level: 'degraded', text: strings.connectionStarting };
    case 'online':
      return { level: 'ok', text: strings.tunnelStateOnline };
    case 'unreachable':
      return { level: 'degraded', text: strings.connectionUnstable(reason) };
    case 'restarting':
      return { level: 'degraded', text: strings.tunnelStateRestarting(reason) };
    case 'failed':
      return { level: 'down', text: strings.connectionTunnelFailed(reason) };
  }
}
