// A real desktop notification stack for end-to-end tests: Xvfb, a private session bus and `dunst -print`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** The binaries the stack needs and the Debian package of each (`.ci/run` installs them). */
export const NOTIFICATION_TOOLS: Readonly<Record<string, string>> = {
  Xvfb: 'xvfb',
  'dbus-daemon': 'dbus-daemon',
  dunst: 'dunst',
  'notify-send': 'libnotify-bin',
};

/** Variables of the developer's own desktop that must not leak into the children of a test. */
const DESKTOP_VARIABLES = ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'XAUTHORITY'];

export interface SessionEnv {
  DISPLAY: string;
  DBUS_SESSION_BUS_ADDRESS: string;
}

/** One notification as `dunst -print` reported it. */
export interface DunstNotification {
  appname: string;
  summary: string;
  /** The body as the sender passed it, markup not yet interpreted. */
  body: string;
  /** LOW, NORMAL or CRITICAL. */
  urgency: string;
  /** Milliseconds; 0 means it stays until dismissed. */
  timeout: number | null;
  /** Every field dunst printed, quotes removed. */
  fields: Readonly<Record<string, string>>;
}

export interface NotificationSession {
  /** What a child process needs to reach this display and this bus. */
  readonly env: SessionEnv;
  /** Every notification dunst received so far, in order of arrival. */
  readonly notifications: readonly DunstNotification[];
  /** Resolves with the first notification (already received or still to come) that matches. */
  waitFor(predicate: (notification: DunstNotification) => boolean, timeoutMs?: number): Promise<DunstNotification>;
  /** Takes the notification server off the bus, as on a desk where it crashed or was never installed. */
  stopDaemon(): Promise<void>;
  /** Puts a fresh dunst back on the bus, once it answers. */
  startDaemon(): Promise<void>;
  /** Stops dunst, the bus and the display and removes the temporary folder. */
  stop(): Promise<void>;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        fs.accessSync(path.join(dir, command), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** Throws a message that says what to install when a binary is missing: these tests fail, they never skip. */
export function requireTools(commands: readonly string[] = Object.keys(NOTIFICATION_TOOLS)): void {
  const missing = commands.filter((command) => !onPath(command));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((command) => NOTIFICATION_TOOLS[command] ?? command))];
  throw new Error(
    `The pop-up end-to-end tests need Xvfb, dbus-daemon, dunst and notify-send; missing on PATH: ${missing.join(', ')}. ` +
      `Install the Debian packages: sudo apt-get install ${packages.join(' ')} (.ci/run installs them in CI).`,
  );
}

/** process.env without the developer's display and bus (nor the variables in `drop`), plus `extra`. */
export function isolatedEnv(extra: Record<string, string> = {}, drop: readonly string[] = []): NodeJS.ProcessEnv {
  const removed = new Set([...DESKTOP_VARIABLES, ...drop]);
  const inherited = Object.entries(process.env).filter(([name]) => !removed.has(name));
  return { ...Object.fromEntries(inherited), ...extra };
}

// Children are started in their own process group; whatever a crashed test leaves behind is killed on exit.
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export interface GroupProcess {
  readonly child: ChildProcess;
  /** Output so far (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM to the whole group, SIGKILL if it lingers; resolves once the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGroup(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; extraFds?: number } = { env: process.env },
): GroupProcess {
  const stdio: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'pipe'];
  for (let i = 0; i < (options.extraFds ?? 0); i++) stdio.push('pipe');
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio, detached: true });
  let text = '';
  const collect = (chunk: Buffer): void => {
    if (text.length < 20_000) text += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  void exited.then(() => {
    if (pid !== undefined) liveGroups.delete(pid);
  });
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  return {
    child,
    output: () => text,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) signalGroup('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      // Members of the group may outlive the leader (a notify-send in flight): they go too.
      signalGroup('SIGKILL');
      if (!gone) await exited;
    },
  };
}

/** Resolves with the first line `stream` prints, or rejects with what the process said when it gives up. */
function firstLine(stream: Readable, proc: GroupProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (error: Error | null, line = ''): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      proc.child.off('exit', onExit);
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) finish(null, buffered.slice(0, end).trim());
    };
    const onExit = (): void => finish(new Error(`${what} exited before it was ready:\n${proc.output()}`));
    const timer = setTimeout(
      () => finish(new Error(`${what} was not ready within ${timeoutMs} ms:\n${proc.output()}`)),
      timeoutMs,
    );
    stream.on('data', onData);
    proc.child.once('exit', onExit);
  });
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith("'") && value.endsWith("'") ? value.slice(1, -1) : value;
}

function toNotification(fields: Record<string, string>): DunstNotification {
  const timeout = Number.parseInt(fields.timeout ?? '', 10);
  return {
    appname: fields.appname ?? '',
    summary: fields.summary ?? '',
    body: fields.body ?? '',
    urgency: fields.urgency ?? '',
    timeout: Number.isNaN(timeout) ? null : timeout,
    fields,
  };
}

/**
 * Parses what `dunst -print` (1.9) writes for each notification:
 *
 *   {
 *   \tappname: 'WiFire Desk'
 *   \tsummary: 'Aniversariante no local'
 *   \tbody: 'Ana Souza faz aniversário hoje …'
 *   \t…
 *   \turgency: NORMAL
 *   \ttimeout: 10000
 *   }
 *
 * Quoted values are printed raw, so they may hold quotes and span lines: a line that does not start with
 * a tab and a `key:` continues the previous field. Returns the notifications complete in `text` and the
 * unfinished rest.
 */
export function parseDunstOutput(text: string): { notifications: DunstNotification[]; rest: string } {
  const notifications: DunstNotification[] = [];
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  let fields: Record<string, string> | null = null;
  let key: string | null = null;
  let blockStart = 0;
  let consumed = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fields === null) {
      if (line === '{') {
        fields = {};
        key = null;
        blockStart = i;
      } else {
        consumed = i + 1; // a stray line outside a block
      }
      continue;
    }
    if (line === '}') {
      for (const name of Object.keys(fields)) fields[name] = unquote(fields[name]!);
      notifications.push(toNotification(fields));
      fields = null;
      consumed = i + 1;
      continue;
    }
    const field = /^\t([a-z_ ]+): ?(.*)$/.exec(line);
    if (field) {
      key = field[1]!;
      fields[key] = field[2]!;
    } else if (key !== null) {
      fields[key] += `\n${line}`;
    }
  }
  const pending = fields === null ? lines.slice(consumed) : lines.slice(blockStart);
  return { notifications, rest: [...pending, rest].join('\n') };
}

const DUNSTRC = `# Written by the tests: only what they need, so the user's dunstrc plays no part.
[global]
    monitor = 0
    follow = none
    # Every notification is printed, even one equal to the last.
    stack_duplicates = false
    notification_limit = 0
    idle_threshold = 0
    show_indicators = no
    history_length = 0
    # As Debian's own dunstrc: the server reads body markup and says so (the body-markup capability).
    markup = full
`;

function busConfig(socketDir: string): string {
  // A session bus without service activation: with no daemon on it, a notification fails instead of
  // starting the system's own dunst, which would print nowhere.
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${socketDir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

export const PROBE_APP = 'wifire-desk-test-probe';

export interface NotificationSessionOptions {
  /** How long each piece may take to come up. */
  startTimeoutMs?: number;
}

export async function startNotificationSession(options: NotificationSessionOptions = {}): Promise<NotificationSession> {
  requireTools();
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-notify-'));
  const started: GroupProcess[] = [];
  const stopAll = async (): Promise<void> => {
    for (const proc of started.reverse()) await proc.stop();
    started.length = 0;
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Xvfb tries display numbers itself and writes the free one it took on fd 3 once it accepts clients.
    const xvfb = spawnGroup('Xvfb', ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], {
      env: isolatedEnv(),
      extraFds: 1,
    });
    started.push(xvfb);
    const displayNumber = await firstLine(xvfb.child.stdio[3] as Readable, xvfb, 'Xvfb', startTimeoutMs);
    if (!/^\d+$/.test(displayNumber)) throw new Error(`Xvfb reported an odd display "${displayNumber}"`);
    const display = `:${displayNumber}`;

    const busDir = path.join(dir, 'bus');
    fs.mkdirSync(busDir, { mode: 0o700 });
    const busFile = path.join(dir, 'session-bus.conf');
    fs.writeFileSync(busFile, busConfig(busDir));
    const bus = spawnGroup('dbus-daemon', [`--config-file=${busFile}`, '--nofork', '--print-address=1'], {
      env: isolatedEnv(),
    });
    started.push(bus);
    const address = await firstLine(bus.child.stdout!, bus, 'dbus-daemon', startTimeoutMs);
    if (!address.startsWith('unix:')) throw new Error(`dbus-daemon printed an odd address "${address}"`);

    const env: SessionEnv = { DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address };
    const configDir = path.join(dir, 'config');
    fs.mkdirSync(path.join(configDir, 'dunst'), { recursive: true });
    const dunstrc = path.join(configDir, 'dunst', 'dunstrc');
    fs.writeFileSync(dunstrc, DUNSTRC);
    const notifications: DunstNotification[] = [];
    const waiters = new Set<{
      predicate: (n: DunstNotification) => boolean;
      resolve: (n: DunstNotification) => void;
    }>();
    let dunst: GroupProcess | null = null;

    /** Starts dunst and resolves once it owns org.freedesktop.Notifications and printed a probe. */
    const launchDunst = async (): Promise<void> => {
      const daemon = spawnGroup('dunst', ['-print', '-config', dunstrc], {
        env: isolatedEnv({ ...env, XDG_CONFIG_HOME: configDir, XDG_CONFIG_DIRS: configDir }),
      });
      started.push(daemon);
      dunst = daemon;
      let probed = (): void => {};
      const probeSeen = new Promise<void>((resolve) => (probed = resolve));
      let pending = '';
      daemon.child.stdout!.on('data', (chunk: Buffer) => {
        const parsed = parseDunstOutput(pending + chunk.toString('utf8'));
        pending = parsed.rest;
        for (const notification of parsed.notifications) {
          if (notification.appname === PROBE_APP) {
            probed();
            continue;
          }
          notifications.push(notification);
          for (const waiter of waiters) {
            if (waiter.predicate(notification)) {
              waiters.delete(waiter);
              waiter.resolve(notification);
            }
          }
        }
      });

      // Until dunst owns org.freedesktop.Notifications, notify-send fails (the bus cannot activate anything).
      const deadline = Date.now() + startTimeoutMs;
      for (;;) {
        if (daemon.child.exitCode !== null) throw new Error(`dunst exited at start:\n${daemon.output()}`);
        const failure = await new Promise<string | null>((resolve) => {
          execFile(
            'notify-send',
            ['-a', PROBE_APP, 'probe', 'probe'],
            { env: isolatedEnv({ ...env }), timeout: 5000 },
            (error, _stdout, stderr) => resolve(error ? String(stderr || error.message) : null),
          );
        });
        if (failure === null) break;
        if (Date.now() > deadline) throw new Error(`notify-send could not reach dunst: ${failure}\n${daemon.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      let probeTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        probeSeen,
        new Promise<never>((_, reject) => {
          probeTimer = setTimeout(
            () =>
              reject(new Error(`dunst printed no probe notification within ${startTimeoutMs} ms:\n${daemon.output()}`)),
            startTimeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(probeTimer));
    };
    await launchDunst();

    return {
      env,
      notifications,
      waitFor(predicate, timeoutMs = 10_000) {
        const already = notifications.find(predicate);
        if (already) return Promise.resolve(already);
        return new Promise((resolve, reject) => {
          const waiter = {
            predicate,
            resolve: (notification: DunstNotification) => {
              clearTimeout(timer);
              resolve(notification);
            },
          };
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            const seen = notifications.map((n) => `  [${n.urgency}] ${n.summary} — ${n.body}`).join('\n') || '  (none)';
            reject(new Error(`no matching notification within ${timeoutMs} ms; dunst received:\n${seen}`));
          }, timeoutMs);
          waiters.add(waiter);
        });
      },
      async stopDaemon() {
        const daemon = dunst;
        if (!daemon) return;
        dunst = null;
        await daemon.stop();
        started.splice(started.indexOf(daemon), 1);
      },
      startDaemon: launchDunst,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
