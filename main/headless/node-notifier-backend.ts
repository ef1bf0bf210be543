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

/** Notification servers read the body as simple markup: a name like "Ana & Bia" must stay text. */
function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class NotifierError extends Error {
  constructor(readonly code: string) {
    super(`the notification could not be shown (${code})`);
    this.name = 'NotifierError';
  }
}

/** Only a short code leaves here: the library's own error text repeats the command line, title and body included. */
function codeOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/must be installed|not found|ENOENT/i.test(text)) return 'notifier_missing';
  if (/dbus|bus address|connection refused|cannot autolaunch/i.test(text)) return 'no_notification_daemon';
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
            message: escapeMarkup(popUp.body),
            'app-name': appName,
            urgency: URGENCY[popUp.priority],
            // Seconds; 0 keeps an urgent pop-up until someone dismisses it, where the OS honours it.
            timeout: popUp.priority === 'urgent' ? 0 : 10,
            wait: false,
          } as notifier.Notification,
          (error: Error | string | null) => {
            if (error) reject(new NotifierError(codeOf(error)));
            else resolve();
          },
        );
      });
    },
  };
}
