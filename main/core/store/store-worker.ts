// The store's own thread: it opens the database, owns the one connection and answers the main thread's requests,
// so fsyncs, checkpoints and purges never hold up requests, the tray, windows or IPC.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './open-database.js';
import { createStoreOps, type StoreOps } from './store-ops.js';
import { serializeError, type StoreReply, type StoreRequest, type StoreWorkerData } from './store-protocol.js';

const port = parentPort!;
const data = workerData as StoreWorkerData;
const post = (reply: StoreReply): void => port.postMessage(reply);

let ops: StoreOps | null = null;
try {
  ops = createStoreOps(
    openDatabase(data.file, { busyTimeoutMs: data.busyTimeoutMs, nativeBinding: data.nativeBinding }),
  );
  post({ type: 'ready', unread: ops.unreadCount() });
} catch (error) {
  post({ type: 'failed', error: serializeError(error) });
}

port.on('message', (request: StoreRequest) => {
  const run = ops?.[request.op as keyof StoreOps] as ((...args: unknown[]) => unknown) | undefined;
  if (!run) {
    post({ type: 'error', id: request.id, error: { name: 'Error', message: `unknown store operation ${request.op}` } });
    return;
  }
  Promise.resolve()
    .then(() => run(...request.args))
    .then(
      (result) => post({ type: 'result', id: request.id, result }),
      (error: unknown) => post({ type: 'error', id: request.id, error: serializeError(error) }),
    )
    .finally(() => {
      // Closed: nothing more to answer; the thread ends once its port does.
      if (request.op === 'close') port.close();
    });
});
