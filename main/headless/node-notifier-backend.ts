// The headless shell's pop-ups: node-notifier (notify-send on Linux, toasts on Windows, Notification Center on macOS).
import notifier from 'node-notifier';
import type { Priority } from '../../shared/catalog.js';
import type { NotifierBackend, PopUp } from '../core/notify/notifier-port.js';

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

export class NotifierError extends Error {
  constructor(readonly code: string) {
    super(`the notification could not be shown (${code})`);
    this.name = 'NotifierError';
  }
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

export function createNodeNotifierBackend(appName = 'WiFire Desk'): NotifierBackend {
  return {
    name: 'node-notifier',
    show(popUp: PopUp): Promise<void> {
      return new Promise((resolve, reject) => {
        notifier.notify(
          {
            title: popUp.title,
            message: process.platform === 'linux' ? bodyForNotifySend(popUp.body) : popUp.body,
            'app-name': appName,
            urgency: URGENCY[popUp.priority],
            // Seconds; 0 keeps an urgent pop-up until someone dismisses it, where the OS honours it.
            timeout: popUp.priority === 'urgent' ? 0 : 10,
            wait: false,
          } as notifier.Notification,
          (error: Error | string | null) => {
            if (error) reject(new NotifierError(notifierErrorCode(error)));
            else resolve();
          },
        );
      });
    },
  };
}
