// What reaches the notification server, read off the session bus by `dbus-monitor --binary`: every Notify call
// with its id, every CloseNotification, every NotificationClosed signal. The app's own word is not trusted.
import { execFile } from 'node:child_process';
import { isolatedEnv, PROBE_APP, spawnGroup, type SessionEnv } from './notification-session.js';
import { parseBusMessages, type BusMessage, type WireVariant } from './dbus-wire.js';

const IFACE = 'org.freedesktop.Notifications';

export interface NotifyCall {
  appName: string;
  replacesId: number;
  summary: string;
  body: string;
  actions: string[];
  hints: Record<string, WireVariant>;
  timeout: number;
  /** The id the server answered, once its reply went by. */
  id: number | null;
}

export interface BusWatch {
  /** Notify calls in order, the test probe's left out. */
  readonly notifies: readonly NotifyCall[];
  /** Ids passed to CloseNotification. */
  readonly closeCalls: readonly number[];
  /** NotificationClosed signals: reason 1 expired, 2 dismissed, 3 closed by a call. */
  readonly closedSignals: readonly { id: number; reason: number }[];
  /** Resolves with what `check` returns once it returns something, checking at every bus message. */
  until<T>(check: () => T | undefined | false, what: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Runs `dunstctl` on the session's bus (`close` is someone dismissing the pop-up on top). */
export function dunstctl(env: SessionEnv, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('dunstctl', args, { env: isolatedEnv({ ...env }), timeout: 5000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

export async function watchNotificationBus(env: SessionEnv, timeoutMs = 10_000): Promise<BusWatch> {
  const monitor = spawnGroup(
    'dbus-monitor',
    [
      '--address',
      env.DBUS_SESSION_BUS_ADDRESS,
      '--binary',
      `interface='${IFACE}'`,
      // Notify's answer (the id) is a method return, which carries no interface.
      "type='method_return'",
    ],
    { env: isolatedEnv() },
  );
  const notifies: NotifyCall[] = [];
  const closeCalls: number[] = [];
  const closedSignals: { id: number; reason: number }[] = [];
  /** Notify calls waiting for their answer, by sender and serial. */
  const awaiting = new Map<string, NotifyCall>();
  const checks = new Set<() => void>();
  let probeSeen = false;
  let rest = Buffer.alloc(0);

  const take = (message: BusMessage): void => {
    if (message.type === 'method_call' && message.interface === IFACE && message.member === 'Notify') {
      const [appName, replacesId, , summary, body, actions, hints, timeout] = message.body as [
        string,
        number,
        string,
        string,
        string,
        string[],
        Record<string, WireVariant>,
        number,
      ];
      const call: NotifyCall = { appName, replacesId, summary, body, actions, hints, timeout, id: null };
      if (appName === PROBE_APP) probeSeen = true;
      else notifies.push(call);
      awaiting.set(`${message.sender}/${message.serial}`, call);
    } else if (message.type === 'method_return' && message.replySerial !== undefined) {
      const key = `${message.destination}/${message.replySerial}`;
      const call = awaiting.get(key);
      if (call) {
        awaiting.delete(key);
        call.id = message.body[0] as number;
      }
    } else if (message.member === 'CloseNotification' && message.type === 'method_call') {
      closeCalls.push(message.body[0] as number);
    } else if (message.member === 'NotificationClosed' && message.type === 'signal') {
      closedSignals.push({ id: message.body[0] as number, reason: message.body[1] as number });
    }
  };

  monitor.child.stdout!.on('data', (chunk: Buffer) => {
    const parsed = parseBusMessages(Buffer.concat([rest, chunk]));
    rest = Buffer.from(parsed.rest);
    for (const message of parsed.messages) take(message);
    for (const check of [...checks]) check();
  });

  const until = <T>(check: () => T | undefined | false, what: string, waitMs = 10_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = (): void => {
        const value = check();
        if (value === undefined || value === false) return;
        checks.delete(run);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        checks.delete(run);
        const seen = notifies.map((n) => `  #${n.id} ${JSON.stringify(n.summary)} — ${JSON.stringify(n.body)}`);
        reject(
          new Error(
            `bus: ${what} not seen within ${waitMs} ms. Notify calls:\n${seen.join('\n') || '  (none)'}\n` +
              `CloseNotification: ${JSON.stringify(closeCalls)}; NotificationClosed: ${JSON.stringify(closedSignals)}`,
          ),
        );
      }, waitMs);
      checks.add(run);
      run();
    });

  // The monitor is in place once it saw a probe notification go by.
  const deadline = Date.now() + timeoutMs;
  while (!probeSeen) {
    if (monitor.child.exitCode !== null) throw new Error(`dbus-monitor exited:\n${monitor.output()}`);
    if (Date.now() > deadline) {
      await monitor.stop();
      throw new Error(`dbus-monitor saw no probe within ${timeoutMs} ms:\n${monitor.output()}`);
    }
    await new Promise<void>((resolve) =>
      execFile('notify-send', ['-a', PROBE_APP, '--', 'probe', 'probe'], { env: isolatedEnv({ ...env }) }, () =>
        resolve(),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return { notifies, closeCalls, closedSignals, until, stop: () => monitor.stop() };
}
