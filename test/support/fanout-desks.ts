// Fan-out desks as real processes for end-to-end tests: a hub (`--fanout hub`, its own nats-server) and satellites
// (`--join <code>`), each on its own data folder, its own free ports and, when given, its own notification session,
// so a test sees what pops up on which desk. Everything started here is stopped, and its folder removed, by
// `stopFanoutDesks()`; `leftoverProcesses()` says what still runs that names one of those folders.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import Database from 'better-sqlite3';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { pinnedTlsOptions } from '../../main/core/fanout/engine/pinned-tls.js';
import {
  decodeJoinCode,
  encodeJoinCode,
  ownJoinCodeSchema,
  type OwnJoinCode,
} from '../../main/core/fanout/join-code.js';
import { ROOT, type Exit } from './e2e-headless.js';
import { isolatedEnv, spawnGroup, type GroupProcess, type SessionEnv } from './notification-session.js';
import { TEST_TOKEN } from './temp-service.js';

const CLI = path.join(ROOT, 'dist', 'main', 'headless', 'cli.js');
/** Generous: two cores run a hub, its nats-server, satellites and their notification stacks at once. */
export const START_MS = 20_000;

/** The hub's settings for these tests: a load test is not a flood (the intake's budget is per source, 127.0.0.1). */
export const HUB_CONFIG = { intake: { ratePerSecond: 100_000, burst: 100_000 } } as const;

const dirs: string[] = [];
const desks: Desk[] = [];

/** A fresh folder for a desk's data, removed by stopFanoutDesks. */
export function deskDir(prefix = 'wifire-fanout-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export interface Desk {
  readonly dataDir: string;
  readonly proc: GroupProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** The `Panel URL:` line's URL ('' until printed). */
  readonly panelUrl: string;
  /** Resolves with the first match of `pattern` in what was printed from character `from` on. */
  waitForOutput(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpExecArray>;
  /** Resolves with how the process ended. */
  readonly exited: Promise<Exit>;
  /** SIGKILL to this process alone (a hub's nats-server is left as a crash leaves it); resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, as Ctrl+C; SIGKILL to the group if it hangs. Resolves with how it ended. */
  terminate(): Promise<Exit>;
}

export interface Hub extends Desk {
  readonly webhookUrl: string;
  readonly joinCode: string;
  readonly code: OwnJoinCode;
  readonly natsPort: number;
}

/** Starts `node dist/main/headless/cli.js --data-dir D --port 0 …args` and collects what it prints. */
export function spawnDesk(dataDir: string, args: readonly string[], env: Record<string, string> = {}): Desk {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run \`npm run build\` first.`);
  const childEnv = isolatedEnv(env, ['WIFIRE_DESK_DATA_DIR', 'WIFIRE_DESK_PORT', 'WIFIRE_DESK_TOKEN']);
  const proc = spawnGroup(process.execPath, [CLI, '--data-dir', dataDir, '--port', '0', ...args], {
    env: childEnv,
    cwd: ROOT,
  });
  // spawnGroup keeps only the first 20 000 characters: a desk that runs a while prints more than that.
  let text = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  proc.child.stdout!.on('data', collect);
  proc.child.stderr!.on('data', collect);
  const exited = new Promise<Exit>((resolve) => {
    const { child } = proc;
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const waitForOutput: Desk['waitForOutput'] = (pattern, { from = 0, timeoutMs = START_MS } = {}) =>
    new Promise((resolve, reject) => {
      let done = false;
      const finish = (error: Error | null, match?: RegExpExecArray): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve(match!);
      };
      const check = (): void => {
        const match = pattern.exec(text.slice(from));
        if (match) finish(null, match);
      };
      const timer = setTimeout(
        () => finish(new Error(`no ${String(pattern)} printed within ${timeoutMs} ms:\n${text.slice(from)}`)),
        timeoutMs,
      );
      listeners.add(check);
      void exited.then((exit) => {
        // Whatever it printed last may be the match: read it once more before saying it ended without.
        setImmediate(() => {
          check();
          finish(new Error(`exited (${exit.code ?? exit.signal}) without ${String(pattern)}:\n${text.slice(from)}`));
        });
      });
      check();
    });

  let terminated: Promise<Exit> | null = null;
  const desk: Desk = {
    dataDir,
    proc,
    output: () => text,
    get panelUrl() {
      return /^Panel URL: (\S+)$/m.exec(text)?.[1] ?? '';
    },
    waitForOutput,
    exited,
    async kill9() {
      proc.child.kill('SIGKILL');
      await exited;
    },
    terminate: () =>
      (terminated ??= (async () => {
        proc.child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const exit = await Promise.race([
          exited,
          new Promise<Exit>((resolve) => (timer = setTimeout(() => resolve({ code: null, signal: null }), START_MS))),
        ]);
        clearTimeout(timer);
        await proc.stop(); // the rest of its group: a nats-server a killed hub left, a notify-send in flight
        return exit;
      })()),
  };
  desks.push(desk);
  return desk;
}

export interface HubOptions {
  /** Its data folder (to restart a hub on it); a fresh one otherwise. */
  dataDir?: string;
  /** Where its nats-server listens on 127.0.0.1 (the same port after a restart: the join code names it). */
  natsPort?: number;
  /** Its notification session's variables (DISPLAY, DBUS_SESSION_BUS_ADDRESS), and any other. */
  env?: Record<string, string>;
  /** config.json written before the start (HUB_CONFIG by default). */
  config?: Record<string, unknown>;
}

/** A hub as the owner starts it: resolves once it printed `Join code:` (its nats-server is up and it answers). */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const dataDir = options.dataDir ?? deskDir('wifire-fanout-hub-');
  const natsPort = options.natsPort ?? (await freePort());
  if (options.config || !fs.existsSync(path.join(dataDir, 'config.json')))
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(options.config ?? HUB_CONFIG));
  const desk = spawnDesk(dataDir, ['--fanout', 'hub', '--nats-listen', `127.0.0.1:${natsPort}`], {
    WIFIRE_DESK_TOKEN: TEST_TOKEN,
    ...options.env,
  });
  const joinCode = (await desk.waitForOutput(/^Join code: (\S+)$/m))[1]!;
  const webhookUrl = /^Webhook URL: (\S+)$/m.exec(desk.output())![1]!;
  return Object.assign(desk, {
    webhookUrl,
    joinCode,
    code: ownJoinCodeSchema.parse(decodeJoinCode(joinCode)),
    natsPort,
  });
}

export interface SatelliteOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** This desk's own settings (its own mutes, burst, repeats), written before the start. */
  config?: Record<string, unknown>;
  /** Resolve once it printed `Hub: connected` (true by default), or as soon as it printed its Panel URL. */
  connected?: boolean;
}

/** A satellite joined with `joinCode`: resolves once it printed its Panel URL (and, by default, `Hub: connected`). */
export async function startSatellite(joinCode: string, options: SatelliteOptions = {}): Promise<Desk> {
  const dataDir = options.dataDir ?? deskDir('wifire-fanout-desk-');
  if (options.config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(options.config));
  const desk = spawnDesk(dataDir, ['--join', joinCode], options.env ?? {});
  await desk.waitForOutput(/^Panel URL: \S+$/m);
  if (options.connected ?? true) await desk.waitForOutput(/^Hub: connected$/m);
  return desk;
}

/** Stops every desk started here (SIGTERM, then SIGKILL to its group) and removes every folder made here. */
export async function stopFanoutDesks(): Promise<void> {
  await Promise.all(desks.splice(0).map((desk) => desk.terminate()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The end of a fan-out test: every desk stopped (then the screens given, whatever happened), and the processes
 * still running that name one of the desks' folders — none, when nothing they started outlives them.
 */
export async function stopDesksAndScreens(
  screens: ReadonlyArray<{ stop(): Promise<void> } | undefined>,
): Promise<string[]> {
  const folders = deskDirs();
  try {
    await stopFanoutDesks();
  } finally {
    await Promise.all(screens.map((screen) => screen?.stop()));
  }
  return leftoverProcesses(folders);
}

/** Processes still running whose command line names one of `folders` (a nats-server names its config's path). */
export function leftoverProcesses(folders: readonly string[]): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => folders.some((folder) => line.includes(folder)))
    .map((line) => line.trim());
}

/** The folders made here so far (for leftoverProcesses at the end of a file). */
export function deskDirs(): string[] {
  return [...dirs];
}

/** The pid of the hub's nats-server as the hub wrote it down (its child, or one a crash left); null between two. */
export function natsServerPid(hubDir: string): number | null {
  const file = path.join(hubDir, 'fanout', 'nats', 'nats-server-child.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Sends SIGKILL to `pid` and resolves once it is gone (or a zombie the parent has not reaped). */
export async function killNine(pid: number, timeoutMs = 5000): Promise<void> {
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let state = '';
    try {
      state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    } catch {
      return; // gone
    }
    if (state === 'Z') return;
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs ${timeoutMs} ms after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Rows of the hub's outbox not yet acknowledged by JetStream (read beside the hub, or after it died). */
export function outboxRows(hubDir: string): number {
  const db = new Database(path.join(hubDir, 'wifire-desk.db'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return (db.prepare('SELECT count(*) AS n FROM fanout_outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * The keyed digest that stands for a customer on the wire and in the broker's store, made as the hub makes it
 * (its database's own fan-out key): what a test looks for to prove it scans where the pointers are.
 */
export function wireKeyOf(hubDir: string, customerId: string): string {
  const db = new Database(path.join(hubDir, 'wifire-desk.db'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const key = db.prepare("SELECT key FROM local_keys WHERE name = 'fanout'").pluck().get() as Buffer;
    return createHmac('sha256', key).update(customerId, 'utf8').digest().subarray(0, 16).toString('hex');
  } finally {
    db.close();
  }
}

/** The JSON lines of a desk's log that carry `code` (a dropped message is logged by code, never by content). */
export function logLinesWithCode(dataDir: string, code: string): Array<Record<string, unknown>> {
  const dir = path.join(dataDir, 'logs');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.includes(`"${code}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The hub's join code with `change` applied (a code for another hub's certificate, say), encoded again. */
export function alteredJoinCode(joinCode: string, change: Partial<OwnJoinCode>): string {
  return encodeJoinCode({ ...ownJoinCodeSchema.parse(decodeJoinCode(joinCode)), ...change });
}

/**
 * A NATS connection to the hub's own server as some desk: with the hub's seed (`D/fanout/nats/hub.nk`, allowed
 * everything) or a satellite's (`D2/fanout/desk.json`, its own inbox only), the certificate pinned as a desk pins it.
 */
export async function connectToHubNats(
  hub: Hub,
  who: { hubSeed: true } | { deskDir: string },
): Promise<NatsConnection> {
  const natsDir = path.join(hub.dataDir, 'fanout', 'nats');
  const pem = fs.readFileSync(path.join(natsDir, 'hub-cert.pem'), 'utf8');
  let seed: string;
  let inboxPrefix: string | undefined;
  if ('hubSeed' in who) seed = fs.readFileSync(path.join(natsDir, 'hub.nk'), 'utf8').trim();
  else {
    const desk = JSON.parse(fs.readFileSync(path.join(who.deskDir, 'fanout', 'desk.json'), 'utf8')) as {
      desk: string;
      seed: string;
    };
    seed = desk.seed;
    inboxPrefix = `_INBOX_${desk.desk}`;
  }
  return connect({
    servers: `tls://127.0.0.1:${hub.natsPort}`,
    authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
    tls: pinnedTlsOptions(pem, hub.code.pin),
    ...(inboxPrefix ? { inboxPrefix } : {}),
    name: 'wifire-desk-test',
    reconnect: false,
  });
}

/** What a child needs to pop up on `session`'s screen and bus. */
export function deskEnv(session: { env: SessionEnv } | null): Record<string, string> {
  return session ? { ...session.env } : {};
}
