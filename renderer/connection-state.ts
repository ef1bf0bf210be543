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
    default:
      return { level: 'ok', text: strings.connectionOk, detail };
  }
}
