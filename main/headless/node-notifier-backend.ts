// The headless shell's pop-ups without a session bus: node-notifier (toasts on Windows, Notification Center on
// macOS) and, on Linux, notify-send run directly with every text after `--`, so a name is never read as an option.
import { execFile } from 'node:child_process';
import notifier from 'node-notifier';
import type { Priority } from '../../shared/catalog.js';
import type { NotifierBackend, PopUp } from '../core/notify/notifier-port.js';
import { notificationText } from '../core/notify/notification-text.js';
import { NotifierError } from './notifier-error.js';
import { nodeNotifierBackendName } from './notifier-names.js';

const URGENCY: Record<Priority, 'critical' | 'normal' | 'low'> = {
  urgent: 'critical',
  high: 'normal',
  normal: 'normal',
  low: 'low',
};

/**
 * Notification servers read the body as simple markup, so "Ana & Bia" must stay text; and notify-send reads C
 * escapes in the body, so "C:\\novo" would lose its backslash to a newline.
 */
export function bodyForNotifySend(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Only a short code leaves here. The library's error repeats the command line (title and body, so the customer's
 * name) on its first line: only what the tool itself said, after that line, is looked at.
 */
export function notifierErrorCode(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/^notify-send must be installed/.test(text) || (error as { code?: unknown } | null)?.code === 'ENOENT') {
    return 'notifier_missing';
  }
  const said = text.startsWith('Command failed:') ? text.split('\n').slice(1).join('\n') : text;
  if (/could not connect|dbus|bus address|connection refused|autolaunch|no such file/i.test(said)) {
    return 'no_notification_daemon';
  }
  return 'notifier_failed';
}

/** Seconds; 0 keeps an urgent pop-up until someone dismisses it, where the OS honours it. */
const timeoutSeconds = (popUp: PopUp): number => (popUp.priority === 'urgent' ? 0 : 10);

/** notify-send's arguments: options first, then `--`, then the title and body as they are. */
export function notifySendArgs(popUp: PopUp, appName: string): string[] {
  return [
    `--app-name=${appName}`,
    `--urgency=${URGENCY[popUp.priority]}`,
    `--expire-time=${timeoutSeconds(popUp) * 1000}`,
    '--',
    notificationText(popUp.title),
    bodyForNotifySend(notificationText(popUp.body)),
  ];
}

function notifySend(popUp: PopUp, appName: string): Promise<undefined> {
  return new Promise((resolve, reject) => {
    execFile('notify-send', notifySendArgs(popUp, appName), { timeout: 10_000 }, (error, _stdout, stderr) => {
      // The error repeats the command line (the customer's name): only the tool's own words are looked at.
      if (error) reject(new NotifierError(notifierErrorCode(Object.assign(new Error(String(stderr)), error))));
      else resolve(undefined);
    });
  });
}

export function createNodeNotifierBackend(appName = 'WiFire Desk', platform = process.platform): NotifierBackend {
  return {
    name: nodeNotifierBackendName(platform),
    show(popUp: PopUp): Promise<undefined> {
      if (platform === 'linux') return notifySend(popUp, appName);
      return new Promise((resolve, reject) => {
        notifier.notify(
          {
            title: popUp.title,
            message: popUp.body,
            'app-name': appName,
            urgency: URGENCY[popUp.priority],
            timeout: timeoutSeconds(popUp),
            wait: false,
          } as notifier.Notification,
          (error: Error | string | null) => {
            if (error) reject(new NotifierError(notifierErrorCode(error)));
            else resolve(undefined);
          },
        );
      });
    },
  };
}
