// Pop-ups on Linux as D-Bus calls to org.freedesktop.Notifications: every name and message travels as data,
// never as a command line. Notify answers an id; CloseNotification withdraws it; the server's signals say when
// someone dismissed or clicked it. https://specifications.freedesktop.org/notification-spec/latest/
import type { EventEmitter } from 'node:events';
import { sessionBus, Variant, type MessageBus } from '@jellybrick/dbus-next';
import type { Priority } from '../../shared/catalog.js';
import type { ClosedReason, NotifierBackend, PopUp, ShowOptions, ShownPopUp } from '../core/notify/notifier-port.js';
import { escapeBodyMarkup, notificationText } from '../core/notify/notification-text.js';
import { NotifierError } from './notifier-error.js';
import { FREEDESKTOP_BACKEND } from './notifier-names.js';

const NAME = 'org.freedesktop.Notifications';
const PATH = '/org/freedesktop/Notifications';

/** The interface as the spec defines it: given here, so nothing depends on the server answering Introspect. */
const INTROSPECTION = `<node><interface name="${NAME}">
<method name="GetCapabilities"><arg direction="out" type="as"/></method>
<method name="Notify"><arg direction="in" type="s"/><arg direction="in" type="u"/><arg direction="in" type="s"/>
<arg direction="in" type="s"/><arg direction="in" type="s"/><arg direction="in" type="as"/>
<arg direction="in" type="a{sv}"/><arg direction="in" type="i"/><arg direction="out" type="u"/></method>
<method name="CloseNotification"><arg direction="in" type="u"/></method>
<signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
<signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
</interface></node>`;

/** The spec's urgency byte. */
const URGENCY: Record<Priority, number> = { low: 0, normal: 1, high: 1, urgent: 2 };

/** The spec's reasons in NotificationClosed: 1 expired, 2 dismissed by the user, 3 closed by CloseNotification. */
function closedReason(code: number): ClosedReason {
  return code === 2 ? 'dismissed' : code === 1 ? 'expired' : 'other';
}

/** The server's methods and signals as the proxy exposes them (dbus-next types them loosely). */
interface NotificationsServer {
  GetCapabilities(): Promise<string[]>;
  Notify(
    appName: string,
    replacesId: number,
    appIcon: string,
    summary: string,
    body: string,
    actions: string[],
    hints: Record<string, Variant>,
    expireTimeout: number,
  ): Promise<number>;
  CloseNotification(id: number): Promise<void>;
  on(signal: 'NotificationClosed', listener: (id: number, reason: number) => void): unknown;
  on(signal: 'ActionInvoked', listener: (id: number, action: string) => void): unknown;
}

interface Connected {
  bus: MessageBus;
  server: NotificationsServer;
  markup: boolean;
}

/** A server that stops answering must not hold pop-ups back for ever. */
const CALL_TIMEOUT_MS = 5000;

function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out: closed')), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface FreedesktopNotifierOptions {
  appName?: string;
  /** The session bus address (DBUS_SESSION_BUS_ADDRESS). */
  busAddress: string;
  /** The label of the click action, where the server shows one. */
  openLabel?: string;
}

export interface FreedesktopNotifier extends NotifierBackend {
  /** Disconnects from the bus (pop-ups already on screen stay). */
  close(): void;
}

/** D-Bus errors carry the server's words (never the pop-up's): only a short code leaves here. */
function failure(error: unknown): NotifierError {
  const name = (error as { type?: unknown } | null)?.type;
  const text = `${typeof name === 'string' ? name : ''} ${error instanceof Error ? error.message : ''}`;
  if (/ServiceUnknown|NameHasNoOwner|ECONNREFUSED|ENOENT|EACCES|closed|end/i.test(text)) {
    return new NotifierError('no_notification_daemon');
  }
  return new NotifierError('notifier_failed');
}

export function createFreedesktopNotifier(options: FreedesktopNotifierOptions): FreedesktopNotifier {
  const appName = options.appName ?? 'WiFire Desk';
  /** What to tell when a pop-up of ours leaves the screen or is clicked, by notification id. */
  const watched = new Map<number, Pick<ShowOptions, 'onClosed' | 'onClicked'>>();
  let connection: Promise<Connected> | null = null;

  const connect = (): Promise<Connected> =>
    (connection ??= (async () => {
      const bus = sessionBus({ busAddress: options.busAddress });
      // A bus that goes away is reconnected at the next pop-up; an unheard 'error' would end the process.
      const events = bus as unknown as EventEmitter;
      events.on('error', () => {
        connection = null;
      });
      // No bus at that address: the first pop-up fails at once rather than after the call timeout.
      const broken = new Promise<never>((_, reject) => events.once('error', reject));
      broken.catch(() => undefined);
      const object = await Promise.race([within(bus.getProxyObject(NAME, PATH, INTROSPECTION)), broken]);
      const server = object.getInterface(NAME) as unknown as NotificationsServer;
      server.on('NotificationClosed', (id: number, reason: number) => {
        const watcher = watched.get(id);
        watched.delete(id);
        watcher?.onClosed?.(closedReason(reason));
      });
      server.on('ActionInvoked', (id: number) => {
        const watcher = watched.get(id);
        watched.delete(id);
        watcher?.onClicked?.();
      });
      const capabilities = await within(server.GetCapabilities());
      return { bus, server, markup: capabilities.includes('body-markup') };
    })().catch((error: unknown) => {
      connection = null;
      throw error;
    }));

  const handleFor = (id: number): ShownPopUp & { id: number } => ({
    id,
    close() {
      // Taken down by this app: no one is told it was dismissed.
      watched.delete(id);
      void connect()
        .then(({ server }) => server.CloseNotification(id))
        .catch(() => undefined);
    },
  });

  return {
    name: FREEDESKTOP_BACKEND,
    async show(popUp: PopUp, show: ShowOptions = {}): Promise<ShownPopUp> {
      let id: number;
      try {
        const { server, markup } = await connect();
        const body = notificationText(popUp.body);
        const replaces = (show.replaces as { id?: unknown } | undefined)?.id;
        const replacesId = typeof replaces === 'number' ? replaces : 0;
        if (replacesId) watched.delete(replacesId);
        id = await within(
          server.Notify(
            appName,
            replacesId,
            '',
            notificationText(popUp.title),
            markup ? escapeBodyMarkup(body) : body,
            ['default', options.openLabel ?? 'Abrir'],
            {
              urgency: new Variant('y', URGENCY[popUp.priority]),
              category: new Variant('s', 'im.received'),
            },
            // An unhappy customer at the door stays until someone dismisses it; the rest goes after 10 s.
            popUp.priority === 'urgent' ? 0 : 10_000,
          ),
        );
      } catch (error) {
        throw failure(error);
      }
      watched.set(id, { onClosed: show.onClosed, onClicked: show.onClicked });
      return handleFor(id);
    },
    close() {
      const pending = connection;
      connection = null;
      watched.clear();
      void pending?.then(({ bus }) => bus.disconnect()).catch(() => undefined);
    },
  };
}
