// What the connection indicator says: down (red), degraded (amber) or ok (green), in words.
import type { Status } from '../shared/bridge-contract.js';
import type { UiStrings } from '../shared/ui-strings.js';

export type ConnectionLevel = 'ok' | 'degraded' | 'down';

export interface ConnectionState {
  level: ConnectionLevel;
  text: string;
  /** Extra detail for the tooltip (the tunnel's public address). */
  detail: string | null;
}

export function connectionState(status: Status | null, strings: UiStrings): ConnectionState {
  if (!status) return { level: 'degraded', text: strings.connectionPending, detail: null };
  const detail = status.tunnel.publicUrl ? strings.publicAddress(status.tunnel.publicUrl) : null;
  if (!status.listening) return { level: 'down', text: strings.connectionDown, detail };
  switch (status.tunnel.state) {
    case 'failed':
      return { level: 'down', text: strings.connectionTunnelFailed(status.tunnel.reason), detail };
    case 'starting':
      return { level: 'degraded', text: strings.connectionStarting, detail };
    case 'unreachable':
    case 'restarting':
      return { level: 'degraded', text: strings.connectionUnstable(status.tunnel.reason), detail };
    // 'off' (no tunnel of ours) still listens: a desk may be reached through a tunnel set up outside the app.
    case 'online':
    case 'off':
      return { level: 'ok', text: strings.connectionOk, detail };
  }
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
