// The main thread's side of the store: every operation is a message to the store's worker and a promise of its
// answer. The unread count is kept here too, so the status (tray, header) is read without asking the disk.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { STORE_WORKER_YOUNG_GENERATION_MB } from '../heap-tuning.js';
import { StoreUnavailableError } from './commit-queue.js';
import { STORE_OP_NAMES } from './store-op-names.js';
import type { StoreOpName, StoreOps } from './store-ops.js';
import {
  asBuffer,
  batcher,
  deserializeError,
  type StoreOpenMessage,
  type StoreReply,
  type StoreRequest,
  type StoreWorkerData,
  type StoreWorkerStart,
} from './store-protocol.js';

export type Store = {
  [K in StoreOpName]: (...args: Parameters<StoreOps[K]>) => Promise<Awaited<ReturnType<StoreOps[K]>>>;
} & {
  /** Unread events, as of the last write this thread heard of. */
  readonly unread: number;
};

export interface OpenStoreOptions extends StoreWorkerData {
  /** The worker's script; by default the bundle built beside this file (see storeWorkerFile). */
  workerFile?: string;
  /** A worker started ahead with the same script: the first start takes it instead of starting one. */
  prestarted?: PrestartedStoreWorker | null;
  /** The worker ended on its own; a new one starts after restartInMs. */
  onWorkerLost?: (info: { restartInMs: number }) => void;
  /** A new worker, started after one ended, opened the database: the store answers again. */
  onWorkerBack?: () => void;
}

const WORKER_BUNDLE = 'store-worker.cjs';

/**
 * The worker's script: the bundle beside this module (dist/main/core/store/), or — running from the TypeScript
 * sources, as tests do, or from a shell's bundle (dist/main/headless/cli.js, dist/main/desktop/main.js, three
 * folders down too) — the built one under dist/. Inside the desktop app's asar archive, the one unpacked beside it:
 * a worker thread cannot start from inside the archive.
 */
export function storeWorkerFile(here = fileURLToPath(import.meta.url)): string {
  const asar = `${path.sep}app.asar${path.sep}`;
  const candidates = [
    path.join(path.dirname(here), WORKER_BUNDLE),
    path.resolve(path.dirname(here), '..', '..', '..', 'dist', 'main', 'core', 'store', WORKER_BUNDLE),
  ].flatMap((file) => (file.includes(asar) ? [file.replace(asar, `${path.sep}app.asar.unpacked${path.sep}`)] : [file]));
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the store's worker is not built (${WORKER_BUNDLE}): run npm run build`);
  return found;
}

/**
 * better-sqlite3's addon for a worker that runs from app.asar.unpacked (an installed desktop app), named by path:
 * the better-sqlite3 unpacked beside it (asarUnpack in electron-builder.yml, rebuilt there for Electron) would look
 * for its addon through the `bindings` package, which stays inside the archive, out of the worker's reach ("Cannot
 * find module 'bindings'"). Anywhere else null: better-sqlite3 finds its own.
 */
export function unpackedSqliteAddon(workerFile: string): string | null {
  const unpacked = `${path.sep}app.asar.unpacked${path.sep}`;
  const at = workerFile.indexOf(unpacked);
  if (at < 0) return null;
  const root = workerFile.slice(0, at + unpacked.length);
  return path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/**
 * A view into a larger buffer (Node's small Buffers are slices of one shared 8 KB pool) would cross the thread
 * whole: structured clone copies the entire ArrayBuffer behind a view. Bytes cross as exactly themselves.
 */
export function exactBytes<T>(bytes: T): T {
  return bytes instanceof Uint8Array && bytes.byteLength !== bytes.buffer.byteLength
    ? (new Uint8Array(bytes) as T)
    : bytes;
}

/** The arguments as they should cross: a delivery log row's body and hash without the pool around them. */
function forTransfer(op: StoreOpName, args: unknown[]): unknown[] {
  if (op !== 'recordDelivery') return args;
  const entry = args[0] as { body: unknown; contentHash: unknown };
  return [{ ...entry, body: exactBytes(entry.body), contentHash: exactBytes(entry.contentHash) }, ...args.slice(1)];
}

const workerOptions = { resourceLimits: { maxYoungGenerationSizeMb: STORE_WORKER_YOUNG_GENERATION_MB } };

/** A store worker started before the database is known: it loads its code and SQLite meanwhile. */
export interface PrestartedStoreWorker {
  readonly workerFile: string;
  /** The thread, once, if it is still alive; null after that, or once it ended. */
  take(): Worker | null;
  /** Ends it if nobody took it. */
  close(): void;
}

/**
 * Starts the store's worker before the rest of the process has loaded, so a thread of its own loads the worker's
 * code and SQLite's while this one loads the service; openStore({ prestarted }) then hands it the database to open.
 * It does not keep the process alive until taken. Null if the worker is not built (openStore will say so).
 */
export function prestartStoreWorker(workerFile?: string): PrestartedStoreWorker | null {
  let file: string;
  try {
    file = workerFile ?? storeWorkerFile();
  } catch {
    return null;
  }
  const start: StoreWorkerStart = { prestarted: true };
  let thread: Worker | null = new Worker(file, { ...workerOptions, workerData: start });
  thread.unref();
  // Until taken, its failure is only noted: the start that would have taken it starts a new worker and reports.
  const ended = (): void => {
    thread = null;
  };
  thread.once('exit', ended);
  thread.on('error', () => undefined);
  return {
    workerFile: file,
    take() {
      const taken = thread;
      thread = null;
      if (taken) {
        taken.off('exit', ended);
        taken.ref();
      }
      return taken;
    },
    close() {
      const left = thread;
      thread = null;
      void left?.terminate();
    },
  };
}

/** After the worker ended unexpectedly: the wait before each new one, in ms (the last repeats). */
export const RESTART_DELAYS_MS = [250, 1_000, 5_000, 15_000];

/** A worker that served this long before it ended starts the delays over: it was not a crash loop. */
const HEALTHY_MS = 60_000;

/**
 * Starts the worker and resolves once it opened (and migrated) the database, or rejects with why it could not.
 * Should the worker end on its own later (an uncaught error in it, its memory limit), what it had not answered is
 * refused as StoreUnavailableError (WiFire gets a 503 and sends again; a write that did commit is then a duplicate),
 * so is everything asked until a new worker has opened the database again, after RESTART_DELAYS_MS.
 */
export function openStore(options: OpenStoreOptions): Promise<Store> {
  const workerFile = options.workerFile ?? options.prestarted?.workerFile ?? storeWorkerFile();
  const nativeBinding = options.nativeBinding || unpackedSqliteAddon(workerFile);
  const data: StoreWorkerData = {
    file: options.file,
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    ...(nativeBinding ? { nativeBinding } : {}),
    ...(options.fanout ? { fanout: true } : {}),
  };
  /** Taken by the first start only, and only if it runs the same script. */
  let prestarted = options.prestarted?.workerFile === workerFile ? options.prestarted : null;
  if (!prestarted) options.prestarted?.close();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  /** The worker answering now; null while a new one is on its way. */
  let worker: Worker | null = null;
  let unread = 0;
  let closed = false;
  let attempts = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  /** The first worker opened the database: from then on a worker that ends is replaced. */
  let started = false;

  const failAll = (error: unknown): void => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  const outbox = batcher<StoreRequest>((requests) => {
    if (worker) {
      worker.postMessage(requests);
      return;
    }
    for (const request of requests) {
      pending.get(request.id)?.reject(new StoreUnavailableError(closed ? 'closed' : 'restarting'));
      pending.delete(request.id);
    }
  });

  /** What each write tells of the unread count: a stored event adds one; the others answer the new count. */
  const noteUnread = (op: StoreOpName, result: unknown): void => {
    if (op === 'insertInsight' && (result as { status?: string }).status === 'stored') unread += 1;
    else if (op === 'markRead' || op === 'markReadUpTo' || op === 'unreadCount') unread = result as number;
    else if (op === 'eraseCustomer' || op === 'purgeBefore') unread = (result as { unread: number }).unread;
  };

  const call = (op: StoreOpName, args: unknown[]): Promise<unknown> => {
    if (closed) return Promise.reject(new StoreUnavailableError('closed'));
    if (!worker) {
      if (op !== 'close') return Promise.reject(new StoreUnavailableError('restarting'));
      // Closed between two workers: nothing is open, nothing waits.
      closed = true;
      if (restartTimer) clearTimeout(restartTimer);
      return Promise.resolve();
    }
    const id = nextId++;
    const request: StoreRequest = { id, op, args: forTransfer(op, args) };
    return new Promise((resolve, reject) => {
      pending.set(id, {
        resolve: (result) => {
          noteUnread(op, result);
          if (op === 'getDelivery' && result) {
            const row = result as { body: unknown; contentHash: unknown };
            resolve({ ...row, body: asBuffer(row.body), contentHash: asBuffer(row.contentHash) });
          } else resolve(op === 'customerKey' ? asBuffer(result) : result);
        },
        reject,
      });
      outbox.push(request);
      if (op === 'close') {
        closed = true;
        outbox.flush();
      }
    });
  };

  const restart = (): void => {
    const delay = RESTART_DELAYS_MS[Math.min(attempts, RESTART_DELAYS_MS.length - 1)]!;
    attempts += 1;
    options.onWorkerLost?.({ restartInMs: delay });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (closed) return;
      // A new worker that cannot open the database (the disk gone) ends too, and tries again later.
      start().catch(() => undefined);
    }, delay);
    restartTimer.unref();
  };

  /** One worker, from start to end; resolves once it opened the database. */
  const start = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const ahead = prestarted?.take() ?? null;
      prestarted = null;
      const thread = ahead ?? new Worker(workerFile, { ...workerOptions, workerData: data });
      if (ahead) ahead.postMessage({ type: 'open', data } satisfies StoreOpenMessage);
      let readyAt: number | null = null;
      let failure: unknown = new StoreUnavailableError('worker_exited');
      thread.on('message', (reply: StoreReply) => {
        if (reply.type === 'ready') {
          if (closed) {
            // Closed while this one was opening the database: it serves nothing.
            void thread.terminate();
            return;
          }
          readyAt = Date.now();
          unread = reply.unread;
          worker = thread;
          if (started) options.onWorkerBack?.();
          resolve();
        } else if (reply.type === 'failed') {
          failure = deserializeError(reply.error);
          void thread.terminate();
        } else {
          for (const answer of reply.answers) {
            const waiting = pending.get(answer.id);
            pending.delete(answer.id);
            if (answer.type === 'result') waiting?.resolve(answer.result);
            else waiting?.reject(deserializeError(answer.error));
          }
        }
      });
      // An error ends the thread: 'exit' follows, and says what happens next.
      thread.on('error', (error) => (failure = error));
      thread.on('exit', () => {
        if (worker === thread) worker = null;
        failAll(new StoreUnavailableError(closed ? 'closed' : 'worker_exited'));
        if (readyAt === null) reject(failure);
        if (closed) return;
        if (readyAt !== null && Date.now() - readyAt >= HEALTHY_MS) attempts = 0;
        // The first start's failure is openStore's to report; a later one is retried.
        if (readyAt !== null || started) restart();
      });
    });

  return start().then(() => {
    started = true;
    const store = Object.fromEntries(
      STORE_OP_NAMES.map((op) => [op, (...args: unknown[]) => call(op, args)]),
    ) as unknown as Store;
    Object.defineProperty(store, 'unread', { get: () => unread, enumerable: true });
    return store;
  });
}
