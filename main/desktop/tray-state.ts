// What the tray shows: a colour for the state, a tooltip that says it in words, and the menu's items.
import type { Status } from '../../shared/bridge-contract.js';
import type { Locale } from '../../shared/catalog.js';
import { DESKTOP_STRINGS } from './desktop-strings.js';
import type { TrayLevel } from './tray-icon.js';

export interface TrayView {
  level: TrayLevel;
  tooltip: string;
}

/**
 * Green: listening and WiFire can reach it. Amber: degraded (tunnel starting, not answering, or a new address not
 * yet pasted into WiFire; or no public address at all). Red: events are not arriving (listener down, tunnel failed).
 */
export function trayLevel(status: Pick<Status, 'listening' | 'tunnel'>): TrayLevel {
  if (!status.listening) return 'down';
  const { tunnel } = status;
  if (tunnel.state === 'failed') return 'down';
  if (tunnel.state === 'online') return tunnel.publicWebhookUrl && !tunnel.urlConfirmed ? 'degraded' : 'ok';
  return 'degraded';
}

export function trayView(
  status: Status,
  paused: boolean,
  locale: Locale,
  formatTime: (at: number) => string,
): TrayView {
  const s = DESKTOP_STRINGS[locale];
  const { tunnel } = status;
  let state: string;
  if (!status.listening) state = s.stateNotListening;
  else if (tunnel.state === 'off') state = s.stateNoTunnel;
  else if (tunnel.state === 'online')
    state = tunnel.publicWebhookUrl && !tunnel.urlConfirmed ? s.statePasteUrl : s.stateOk;
  else state = s.stateTunnel(tunnel.state);
  const parts = [`WiFire Desk — ${state}`];
  if (status.unread > 0) parts.push(s.unread(status.unread));
  if (paused) parts.push(s.paused);
  else if (status.snoozedUntil !== null) parts.push(s.snoozedUntil(formatTime(status.snoozedUntil)));
  return { level: trayLevel(status), tooltip: parts.join('\n') };
}

export type TrayAction =
  'open-feed' | 'open-panel' | 'snooze' | 'end-snooze' | 'pause' | 'resume' | 'settings' | 'quit';

export interface TrayMenuItem {
  label?: string;
  action?: TrayAction;
  type?: 'separator';
}

/** The tray's menu; quitting is only here (closing a window keeps the app in the tray). */
export function trayMenu(status: Pick<Status, 'snoozedUntil'>, paused: boolean, locale: Locale): TrayMenuItem[] {
  const s = DESKTOP_STRINGS[locale];
  return [
    { label: s.openFeed, action: 'open-feed' },
    { label: s.openPanel, action: 'open-panel' },
    { type: 'separator' },
    status.snoozedUntil === null
      ? { label: s.snoozeOneHour, action: 'snooze' }
      : { label: s.endSnooze, action: 'end-snooze' },
    paused ? { label: s.resume, action: 'resume' } : { label: s.pause, action: 'pause' },
    { type: 'separator' },
    { label: s.settings, action: 'settings' },
    { type: 'separator' },
    { label: s.quit, action: 'quit' },
  ];
}
