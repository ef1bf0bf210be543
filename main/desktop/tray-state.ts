// What the tray shows: a colour for the state, a tooltip that says it in words, and the menu's items.
import type { Status } from '../../shared/bridge-contract.js';
import type { Locale } from '../../shared/catalog.js';
import { checklistDone, CHECKLIST_STEPS, deskHealth } from '../../shared/desk-health.js';
import { uiStrings } from '../../shared/ui-strings.js';
import { DESKTOP_STRINGS } from './desktop-strings.js';
import type { TrayLevel } from './tray-icon.js';

export interface TrayView {
  level: TrayLevel;
  tooltip: string;
}

/**
 * The whole chain's health, as the panel's header shows it: green only when WiFire can reach this computer (the
 * tunnel answers, its address pasted) and pop-ups reach the screen; amber while it is on its way; red when events
 * or pop-ups cannot get through.
 */
export function trayLevel(status: Status): TrayLevel {
  return deskHealth(status, uiStrings('pt-BR')).level;
}

export function trayView(
  status: Status,
  paused: boolean,
  locale: Locale,
  formatTime: (at: number) => string,
): TrayView {
  const s = DESKTOP_STRINGS[locale];
  const health = deskHealth(status, uiStrings(locale));
  // The short text only: Windows cuts a tray tooltip at 127 characters.
  const parts = [`WiFire Desk — ${health.text}`];
  if (status.unread > 0) parts.push(s.unread(status.unread));
  if (paused) parts.push(s.paused);
  else if (status.snoozedUntil !== null) parts.push(s.snoozedUntil(formatTime(status.snoozedUntil)));
  return { level: health.level, tooltip: parts.join('\n') };
}

export type TrayAction =
  'open-feed' | 'open-panel' | 'first-steps' | 'snooze' | 'end-snooze' | 'pause' | 'resume' | 'settings' | 'quit';

export interface TrayMenuItem {
  label?: string;
  action?: TrayAction;
  type?: 'separator';
}

/** The tray's menu; quitting is only here (closing a window keeps the app in the tray). */
export function trayMenu(
  status: Pick<Status, 'snoozedUntil' | 'checklist'>,
  paused: boolean,
  locale: Locale,
): TrayMenuItem[] {
  const s = DESKTOP_STRINGS[locale];
  const done = CHECKLIST_STEPS.filter((step) => status.checklist[step]).length;
  // Until the first-run checklist is done, its way in heads the menu.
  const firstSteps: TrayMenuItem[] = checklistDone(status)
    ? []
    : [{ label: s.firstSteps(done, CHECKLIST_STEPS.length), action: 'first-steps' }, { type: 'separator' }];
  return [
    ...firstSteps,
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
