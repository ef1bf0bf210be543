// The store's own thread: it opens the database, owns the one connection and answers the main thread's requests,
// so fsyncs, checkpoints and purges never hold up requests, the tray, windows or IPC.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './open-database.js';
import { createStoreOps, type StoreOps } from './store-ops.js';
import {
  batcher,
  serializeError,
  type StoreAnswer,
  type StoreReply,
  type StoreOpenMessage,
  type StoreRequestBatch,
  type StoreWorkerData,
  type StoreWorkerStart,
} from './store-protocol.js';

const port = parentPort!;
const post = (reply: StoreReply): void => port.postMessage(reply);
const answers = batcher<StoreAnswer>((batch) => post({ type: 'answers', answers: batch }));
const answer = (reply: StoreAnswer): void => answers.push(reply);

let ops: StoreOps | null = null;
function open(data: StoreWorkerData): void {
  try {
    ops = createStoreOps(
      openDatabase(data.file, { busyTimeoutMs: data.busyTimeoutMs, nativeBinding: data.nativeBinding }),
      { fanout: data.fanout === true },
    );
    post({ type: 'ready', unread: ops.unreadCount() });
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
  }
}

// Started ahead (prestartStoreWorker): this thread has loaded its code and SQLite's; it opens the database once told
// which, by the first message. Otherwise it opens the one it was started for at once.
const start = workerData as StoreWorkerStart;
const prestarted = 'prestarted' in start;
if (!prestarted) open(start as StoreWorkerData);

port.on('message', (requests: StoreRequestBatch | StoreOpenMessage) => {
  if (!Array.isArray(requests)) {
    if (prestarted && ops === null && requests.type === 'open') open(requests.data);
    return;
  }
  // In order: the writes of one batch join the same group commit, in the order they were asked.
  for (const request of requests) {
    const run = ops?.[request.op as keyof StoreOps] as ((...args: unknown[]) => unknown) | undefined;
    if (!run) {
      answer({
        type: 'error',
        id: request.id,
        error: { name: 'Error', message: `unknown store operation ${request.op}` },
      });
      continue;
    }
    if (request.op === 'close') {
      // Closed: the writes it commits are answered first (once their promises settled, by the next turn), then
      // the close itself; then the port closes and the thread ends.
      let closing: StoreAnswer;
      try {
        closing = { type: 'result', id: request.id, result: run() };
      } catch (error) {
        closing = { type: 'error', id: request.id, error: serializeError(error) };
      }
      setImmediate(() => {
        answers.flush();
        post({ type: 'answers', answers: [closing] });
        port.close();
      });
      continue;
    }
    let result: unknown;
    try {
      result = run(...request.args);
    } catch (error) {
      answer({ type: 'error', id: request.id, error: serializeError(error) });
      continue;
    }
    if (result instanceof Promise) {
      result.then(
        (value: unknown) => answer({ type: 'result', id: request.id, result: value }),
        (error: unknown) => answer({ type: 'error', id: request.id, error: serializeError(error) }),
      );
    } else answer({ type: 'result', id: request.id, result });
  }
});
