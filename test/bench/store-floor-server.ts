// The floor: the least a stored webhook can cost with the parts the design fixes: express 5's router with
// express.json() (taken as the service's listener takes a webhook: past app.handle, answered with writeHead/end),
// then a worker thread that owns a better-sqlite3 connection (WAL, synchronous=FULL) and commits every body that
// reached it in one turn as one transaction, and a 200 only after that commit. No validation, no customers, no
// indexes, no delivery log, no panel. What the service's intake could reach at best on this machine, and the least
// memory it could hold: it sizes V8's heap, the worker's young generation and SQLite's page cache as the service
// does. Forked with an IPC channel: node store-floor-server.js <dir> [--record-stored]. With --record-stored it
// notes when each commit's answer reached the main thread (the notify bench's floor, on the clock the service's
// pop-up stamps use) and answers {"ok":true,"id":"<n>"} as the service does; ask 'stored' for [id, ms] pairs.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import express from 'express';
import { STORE_WORKER_YOUNG_GENERATION_MB, tuneHeap } from '../../main/core/heap-tuning.js';
import { PAGE_CACHE_KIB } from '../../main/core/store/open-database.js';
import { batcher } from '../../main/core/store/store-protocol.js';
import { HOST, answerQuestions, exitWithParent, type ChildMessage } from './harness.js';

interface Item {
  id: number;
  body: string;
}

interface Stored {
  ids: number[];
}

if (!isMainThread) {
  const db = new Database(path.join(workerData as string, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  db.exec(
    'CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, body TEXT NOT NULL)',
  );
  const insert = db.prepare<[number, string]>('INSERT INTO events (received_at, body) VALUES (?, ?)');
  const commit = db.transaction((bodies: string[]) => {
    for (const body of bodies) insert.run(Date.now(), body);
  });
  // Everything that reached this thread in one turn: one transaction, one answer.
  const commits = batcher<Item>((batch) => {
    commit(batch.map((item) => item.body));
    const stored: Stored = { ids: batch.map((item) => item.id) };
    parentPort!.postMessage(stored);
  });
  parentPort!.on('message', (items: Item[]) => {
    for (const item of items) commits.push(item);
  });
} else {
  const dir = process.argv[2];
  if (!dir || !process.send) {
    process.stderr.write('usage: node store-floor-server.js <dir> (forked with an IPC channel)\n');
    process.exit(2);
  }
  tuneHeap();
  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: dir,
    resourceLimits: { maxYoungGenerationSizeMb: STORE_WORKER_YOUNG_GENERATION_MB },
  });
  const waiting = new Map<number, () => void>();
  /** Commit answered on the main thread, by request id: CLOCK_MONOTONIC in ms, as service-server.ts stamps pop-ups. */
  const stored = new Map<string, number>();
  const recordStored = process.argv.includes('--record-stored');
  let nextId = 0;
  // What one turn of the main thread asked crosses as one message, as the service's store client does.
  const outgoing = batcher<Item>((items) => worker.postMessage(items));
  const send = (body: string): Promise<number> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, () => {
        if (recordStored) stored.set(String(id), Number(process.hrtime.bigint()) / 1e6);
        resolve(id);
      });
      outgoing.push({ id, body });
    });
  // A floor that cannot store is no floor: the bench sees the child end, with the reason on its stderr.
  worker.on('error', (error) => {
    process.stderr.write(`store floor: the worker failed: ${error.message}\n`);
    process.exit(1);
  });
  worker.on('message', ({ ids }: Stored) => {
    for (const id of ids) {
      waiting.get(id)?.();
      waiting.delete(id);
    }
  });

  // As webhook-app.ts does: express's app.handle would give each request express's prototypes first, which costs
  // the service's listener no more since it stopped going through it; a floor that paid it would be no floor.
  const hooks = express.Router();
  hooks.post('/hooks/:secret', express.json(), (req, res) => {
    void send(JSON.stringify(req.body)).then((id) => {
      const answer = recordStored ? `{"ok":true,"id":"${id}"}` : '{"ok":true}';
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(answer);
    });
  });
  const server = http.createServer((req, res) =>
    hooks(req as express.Request, res as express.Response, () => void res.writeHead(404).end()),
  );
  server.listen(0, HOST, () => {
    const { port } = server.address() as AddressInfo;
    const ready: ChildMessage = { type: 'ready', port, url: `http://${HOST}:${port}/hooks/floor` };
    process.send?.(ready);
  });
  answerQuestions((request) => {
    if (request.cmd === 'stored') {
      const taken = [...stored];
      stored.clear();
      return taken;
    }
    throw new Error(`unknown question: ${request.cmd}`);
  });
  exitWithParent(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => void worker.terminate().then(() => resolve()));
        server.closeAllConnections();
      }),
  );
}
