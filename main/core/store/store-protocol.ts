// What travels between the main thread and the store's worker: requests by operation name, replies, and errors
// as plain data (classes do not cross threads), turned back into the same errors on arrival.
import { StoreUnavailableError } from './commit-queue.js';
import { NewerDatabaseError } from './migrations.js';

export interface StoreWorkerData {
  file: string;
  busyTimeoutMs?: number;
  /** better-sqlite3's addon built for this runtime (Electron's ABI), when it is not the one in node_modules. */
  nativeBinding?: string;
  /** A fan-out hub: stored events and erasures also go to the outbox. */
  fanout?: boolean;
}

/** What a worker is started with: the database to open at once, or nothing yet (prestartStoreWorker). */
export type StoreWorkerStart = StoreWorkerData | { prestarted: true };

/** To a prestarted worker, once: the database to open. It answers `ready` or `failed`, as one started with it does. */
export interface StoreOpenMessage {
  type: 'open';
  data: StoreWorkerData;
}

export interface StoreRequest {
  id: number;
  op: string;
  args: unknown[];
}

/**
 * Requests and replies travel in batches: everything asked in one turn of a thread's event loop is one message.
 * A message costs about as much as a small request's whole store work, so at hundreds of webhooks a second one
 * per request (and one per delivery log row, and one per answer) would be most of the crossing's cost.
 */
export type StoreRequestBatch = StoreRequest[];

export type StoreAnswer =
  { type: 'result'; id: number; result: unknown } | { type: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  causeCode?: string;
  found?: number;
  supported?: number;
}

export type StoreReply =
  | { type: 'ready'; unread: number }
  | { type: 'failed'; error: SerializedError }
  | { type: 'answers'; answers: StoreAnswer[] };

/** Bytes cross the thread as plain Uint8Arrays: SQLite binds, and callers expect, Buffers (a view, not a copy). */
export function asBuffer<T>(bytes: T): T | Buffer {
  return bytes instanceof Uint8Array && !Buffer.isBuffer(bytes)
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    : bytes;
}

/** Collects items and hands them over together once this turn of the event loop's callbacks is done. */
export function batcher<T>(send: (items: T[]) => void): { push(item: T): void; flush(): void } {
  let items: T[] = [];
  const flush = (): void => {
    if (items.length === 0) return;
    const ready = items;
    items = [];
    send(ready);
  };
  return {
    push(item) {
      items.push(item);
      if (items.length === 1) setImmediate(flush);
    },
    flush,
  };
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & { code?: unknown; causeCode?: unknown; found?: unknown; supported?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.causeCode === 'string' ? { causeCode: fields.causeCode } : {}),
    ...(typeof fields.found === 'number' ? { found: fields.found } : {}),
    ...(typeof fields.supported === 'number' ? { supported: fields.supported } : {}),
  };
}

/** The error as the code that asked expects it: the store's own classes by name, else an Error with its code. */
export function deserializeError(error: SerializedError): Error {
  if (error.name === 'StoreUnavailableError') return new StoreUnavailableError(error.causeCode ?? 'unknown');
  if (error.name === 'NewerDatabaseError' && error.found !== undefined && error.supported !== undefined) {
    return new NewerDatabaseError(error.found, error.supported);
  }
  return Object.assign(new Error(error.message), {
    name: error.name,
    ...(error.code !== undefined ? { code: error.code } : {}),
  });
}
