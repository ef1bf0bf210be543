// The built desktop entry (dist/main/desktop/main.js) run in plain Node with the fake `electron` of
// test/fixtures/fake-electron, on a fresh data folder, HOME and port; driven over the fake's JSON-line protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fakeCustomer, type FakeCustomer } from '../../main/headless/simulator/payloads.js';
import { freePort } from './free-port.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DESKTOP_ENTRY = path.join(ROOT, 'dist', 'main', 'desktop', 'main.js');
const REGISTER = path.join(ROOT, 'test', 'fixtures', 'fake-electron', 'register.mjs');
const MARKER = '@@fake ';
/** The longest any single wait may take: every test stays well under 15 s. */
export const WAIT_MS = 6000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ImageRecord {
  nativeImage: number;
  representations: { scaleFactor: number; format: 'png' | 'jpeg'; width?: number; height?: number }[];
  digest: string;
}

export interface WebContentsRecord {
  id: number;
  partition: string;
  url: string;
  navigations: string[];
  listeners: string[];
  windowOpenHandler: boolean;
  sent: { channel: string; args: unknown[] }[];
  destroyed: boolean;
}

export interface WindowRecord {
  id: number;
  options: Record<string, unknown> & { webPreferences?: Record<string, unknown>; title?: string; show?: boolean };
  visible: boolean;
  destroyed: boolean;
  counts: { show: number; hide: number; focus: number; restore: number };
  position: [number, number] | null;
  listeners: string[];
  webContents: WebContentsRecord;
}

export interface NotificationRecord {
  index: number;
  options: {
    title: string;
    body: string;
    silent?: boolean;
    urgency?: string;
    timeoutType?: string;
    icon?: ImageRecord;
  };
  shown: boolean;
  closed: boolean;
}

export interface FakeState {
  ready: boolean;
  app: {
    userModelId: string | null;
    badgeCounts: number[];
    loginItemSettings: unknown[];
    singleInstanceLockRequests: number;
    privilegedSchemes: unknown[];
    errorBoxes: { title: string; content: string }[];
    openedExternal: string[];
  };
  sessions: {
    partition: string;
    handledSchemes: string[];
    permissionRequestHandler: boolean;
    permissionCheckHandler: boolean;
  }[];
  windows: WindowRecord[];
  tray: {
    images: ImageRecord[];
    toolTips: string[];
    toolTip: string | null;
    menu: { label?: string; type?: 'separator' }[] | null;
    menusSet: number;
    listeners: string[];
  } | null;
  notifications: NotificationRecord[];
  invalidImages: { image: number; reason: string }[];
  ipc: { handlers: string[]; listeners: string[] };
}

/** What the fake says on its own: ready, an error box, the exit. */
export type FakeNotice = { event: string } & Record<string, unknown>;

export type Envelope =
  { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; issues?: unknown[] } };

export interface SenderOptions {
  /** The calling webContents; the panel's when omitted. */
  senderId?: number;
  /** The calling frame's URL; the sender's current page when omitted. */
  frameUrl?: string;
  /** The parent frame's URL: the call comes from a subframe. */
  parent?: string;
  noFrame?: boolean;
}

export interface FakeDesk {
  readonly dataDir: string;
  readonly home: string;
  /** The folder holding `home` and `data`: give it to startFakeDesk again to restart on them. */
  readonly root: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly notices: readonly FakeNotice[];
  command<T = unknown>(command: Record<string, unknown> & { op: string }): Promise<T>;
  state(): Promise<FakeState>;
  /** The panel window (the one titled "WiFire Desk"). */
  panel(): Promise<WindowRecord>;
  /** A bridge method called over the fake ipcMain, from the panel's page unless told otherwise. */
  invoke(method: string, request?: unknown, from?: SenderOptions): Promise<Envelope>;
  /** Polls the fake's state until `probe` returns something other than undefined. */
  waitForState<T>(probe: (state: FakeState) => T | undefined, what: string): Promise<T>;
  /** Resolves with how the process ended; rejects if it has not ended within WAIT_MS. */
  waitForExit(): Promise<Exit>;
  /** What the app itself printed (its log echo and any crash), without the fake's lines. */
  appOutput(): string;
}

const started = new Set<{ child: ChildProcess; root: string; exited: Promise<Exit> }>();

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface FakeDeskOptions {
  env?: Record<string, string>;
  waitUntilReady?: boolean;
  port?: number;
  root?: string;
  /**
   * Runs an installed app instead of dist/: its resources folder, holding `app.asar` (a folder of that name with the
   * archive's files, as Electron shows them to the app) and `app.asar.unpacked`. The fake then says the app is
   * packaged and sets process.resourcesPath; the app logs only to its file, which is where "desktop ready" is read.
   */
  installed?: string;
}

/** Starts the desktop entry (on a free port unless one is given; on the folders of an earlier desk with `root`); unless `waitUntilReady` is false, resolves once it logged "desktop ready". */
export async function startFakeDesk(options: FakeDeskOptions = {}): Promise<FakeDesk> {
  const entry = options.installed
    ? path.join(options.installed, 'app.asar', 'dist', 'main', 'desktop', 'main.js')
    : DESKTOP_ENTRY;
  if (!fs.existsSync(entry)) {
    throw new Error(`${path.relative(ROOT, entry)} is missing: run \`npm run build\` first.`);
  }
  // `root` of a desk that has quit starts the app again on the same HOME and data folder (a restart).
  const root = options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-fake-electron-'));
  const home = path.join(root, 'home');
  const dataDir = path.join(root, 'data');
  const logFile = path.join(dataDir, 'logs', 'wifire-desk.log');
  // On a restart the file already holds the earlier run's lines: this run's start after them.
  const logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  fs.mkdirSync(home, { recursive: true });
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', pathToFileURL(REGISTER).href, entry], {
    // An installed app runs away from the project: nothing may resolve from the project's node_modules.
    cwd: options.installed ? root : ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      WIFIRE_DESK_DATA_DIR: dataDir,
      WIFIRE_DESK_PORT: String(port),
      ...(options.installed ? { FAKE_ELECTRON_RESOURCES_PATH: options.installed } : {}),
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  started.add({ child, root, exited });

  let output = '';
  let partial = '';
  const notices: FakeNotice[] = [];
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith(MARKER)) {
        output += `${line}\n`;
        continue;
      }
      const message = JSON.parse(line.slice(MARKER.length)) as Record<string, unknown>;
      const waiting = typeof message.id === 'number' ? pending.get(message.id) : undefined;
      if (waiting) {
        pending.delete(message.id as number);
        if (message.ok === true) waiting.resolve(message.result);
        else waiting.reject(new Error(`fake electron: ${String(message.error)}`));
      } else notices.push(message as FakeNotice);
    }
  });
  // A command written as the app exits must not crash the runner with EPIPE: the answer's wait reports it.
  child.stdin!.on('error', () => undefined);
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (output += chunk));
  void exited.then((exit) => {
    for (const waiting of pending.values()) {
      waiting.reject(new Error(`the desktop app exited (${JSON.stringify(exit)}) before answering:\n${output}`));
    }
    pending.clear();
  });

  let nextId = 0;
  const command = <T>(message: Record<string, unknown> & { op: string }): Promise<T> => {
    const id = ++nextId;
    const answer = new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    if (child.exitCode !== null || child.signalCode !== null) {
      pending.delete(id);
      return Promise.reject(new Error(`the desktop app has exited; "${message.op}" not sent:\n${output}`));
    }
    child.stdin!.write(`${JSON.stringify({ ...message, id })}\n`);
    return withTimeout(answer, WAIT_MS, () => `no answer to "${message.op}" within ${WAIT_MS} ms:\n${output}`);
  };
  const state = (): Promise<FakeState> => command<FakeState>({ op: 'state' });

  const waitForState = async <T>(probe: (state: FakeState) => T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = probe(await state());
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS} ms\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const panel = async (): Promise<WindowRecord> => {
    const found = (await state()).windows.find((win) => win.options.title === 'WiFire Desk' && !win.destroyed);
    if (!found) throw new Error('the panel window is not open');
    return found;
  };

  const desk: FakeDesk = {
    dataDir,
    home,
    root,
    port,
    child,
    notices,
    command,
    state,
    panel,
    waitForState,
    async invoke(method, request, from = {}) {
      const contents =
        from.senderId === undefined
          ? (await panel()).webContents
          : (await state()).windows.map((win) => win.webContents).find((c) => c.id === from.senderId);
      return command<Envelope>({
        op: 'invoke',
        channel: `wifire-desk:${method}`,
        ...(request === undefined ? {} : { request }),
        senderId: from.senderId ?? contents!.id,
        frameUrl: from.frameUrl ?? contents?.url ?? '',
        ...(from.parent === undefined ? {} : { parent: from.parent }),
        ...(from.noFrame ? { noFrame: true } : {}),
      });
    },
    waitForExit: () =>
      withTimeout(exited, WAIT_MS, () => `the desktop app did not exit within ${WAIT_MS} ms:\n${output}`),
    appOutput: () => output,
  };

  if (options.waitUntilReady === false) return desk;
  // An installed app does not echo its log: its file says what it did.
  const said = (): string =>
    [
      output,
      fs.existsSync(logFile) ? fs.readFileSync(logFile).subarray(logFrom).toString('utf8') : '',
      ...notices.filter((notice) => notice.event === 'errorBox').map((notice) => JSON.stringify(notice)),
    ].join('');
  let poll: NodeJS.Timeout | undefined;
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      poll = setInterval(() => {
        if (/desktop ready/.test(said())) resolve();
      }, 25);
      void exited.then((exit) =>
        reject(new Error(`the desktop app exited at start (${JSON.stringify(exit)}):\n${said()}`)),
      );
    }),
    WAIT_MS,
    () => `no "desktop ready" within ${WAIT_MS} ms:\n${said()}`,
  ).finally(() => clearInterval(poll));
  return desk;
}

/** Kills every desktop app started here that still runs and removes its folders (afterEach). */
export async function stopFakeDesks(): Promise<void> {
  await Promise.all(
    [...started].map(async (entry) => {
      started.delete(entry);
      const { child } = entry;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await withTimeout(entry.exited, WAIT_MS, () => `pid ${child.pid} did not die`).catch(() => undefined);
      fs.rmSync(entry.root, { recursive: true, force: true });
    }),
  );
}

/** Customer `n` of the simulator without a photo URL: no download can hold a pop-up back. */
export function customerWithoutPhoto(n: number): FakeCustomer {
  return { ...fakeCustomer(n), image: null };
}

/** The desk's webhook URL, as its settings show it. */
export async function webhookUrlOf(desk: FakeDesk): Promise<string> {
  const answer = await desk.invoke('getSettings');
  if (!answer.ok) throw new Error(`getSettings failed: ${JSON.stringify(answer)}`);
  return (answer.result as { webhookUrl: string }).webhookUrl;
}
