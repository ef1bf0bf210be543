// Pop-ups through Electron's Notification, behind the same notifier port as the headless shell's node-notifier.
import type { Priority } from '../../shared/catalog.js';
import type { NotifierBackend, PopUp, ShowOptions, ShownPopUp } from '../core/notify/notifier-port.js';
import { notificationText } from '../core/notify/notification-text.js';

/** Electron's NotificationConstructorOptions, the fields used here. */
export interface NotificationOptions {
  title: string;
  body: string;
  icon?: unknown;
  silent: boolean;
  urgency: 'normal' | 'critical' | 'low';
  timeoutType: 'default' | 'never';
}

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'show' | 'click' | 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

export interface ElectronNotifierDeps {
  create(options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
  /** The customer's cached photo as an image for the pop-up, or undefined (then the app's icon shows). */
  iconFor(customerId: string): Promise<unknown>;
  /** Clicking a pop-up: opens that customer's card (or the feed). */
  onClick(popUp: PopUp): void;
  /** How long a photo may hold a pop-up back. */
  iconWaitMs?: number;
  /** Linux notification servers may never say "shown": after this long the pop-up counts as shown. */
  showWaitMs?: number;
}

const URGENCY: Record<Priority, NotificationOptions['urgency']> = {
  urgent: 'critical',
  high: 'normal',
  normal: 'normal',
  low: 'low',
};

/** What the staff must not miss makes a sound; the rest arrives quietly. */
export function notificationOptions(popUp: PopUp, icon: unknown): NotificationOptions {
  return {
    title: notificationText(popUp.title),
    body: notificationText(popUp.body),
    ...(icon === undefined ? {} : { icon }),
    silent: popUp.priority === 'normal' || popUp.priority === 'low',
    urgency: URGENCY[popUp.priority],
    // An unhappy customer at the door stays on screen until someone dismisses it (Windows and Linux honour this).
    timeoutType: popUp.priority === 'urgent' ? 'never' : 'default',
  };
}

export class NotificationError extends Error {
  constructor(readonly code: string) {
    super(`the notification could not be shown (${code})`);
    this.name = 'NotificationError';
  }
}

export interface ElectronNotifier extends NotifierBackend {
  /** Pop-ups on screen that are still held (Electron forgets click handlers of collected notifications). */
  readonly onScreen: number;
}

/** Held so the garbage collector does not take a notification (and its click handler) while it is on screen. */
const MAX_HELD = 100;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

export function createElectronNotifier(deps: ElectronNotifierDeps): ElectronNotifier {
  const held = new Set<NotificationLike>();
  const release = (notification: NotificationLike): boolean => held.delete(notification);
  /** Takes a pop-up down from here: its 'close' event, if Electron sends one, is not someone dismissing it. */
  const takeDown = (notification: NotificationLike): void => {
    release(notification);
    notification.close();
  };
  return {
    name: 'electron',
    get onScreen() {
      return held.size;
    },
    async show(popUp: PopUp, show: ShowOptions = {}): Promise<ShownPopUp> {
      if (!deps.isSupported()) throw new NotificationError('notifications_unsupported');
      const icon = popUp.customerId
        ? await withTimeout(deps.iconFor(popUp.customerId), deps.iconWaitMs ?? 1500, undefined)
        : undefined;
      const notification = deps.create(notificationOptions(popUp, icon ?? undefined));
      notification.on('click', () => {
        if (!release(notification)) return;
        deps.onClick(popUp);
        show.onClicked?.();
      });
      // Windows and Linux tell when someone closed it by hand; macOS only on a click.
      notification.on('close', () => {
        if (release(notification)) show.onClosed?.('dismissed');
      });
      // A repeat takes the place of the earlier pop-up of its event: Electron has no replace, so close() + new.
      show.replaces?.close();
      held.add(notification);
      if (held.size > MAX_HELD) release(held.values().next().value!);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, deps.showWaitMs ?? 4000);
        notification.on('show', () => {
          clearTimeout(timer);
          resolve();
        });
        notification.on('failed', () => {
          // The OS's error text is not passed on: only a code leaves here.
          clearTimeout(timer);
          release(notification);
          reject(new NotificationError('notification_failed'));
        });
        notification.show();
      });
      return { close: () => takeDown(notification) };
    },
  };
}
