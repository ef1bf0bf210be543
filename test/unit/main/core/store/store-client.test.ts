// The store in its own thread: every operation a message, answered with what the same code gives in-process; the
// store's own errors arrive as themselves; the unread count is known here without asking; and it is found unpacked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NormalizedInsight } from '../../../../../main/core/intake/normalize.js';
import { StoreUnavailableError } from '../../../../../main/core/store/commit-queue.js';
import { DEDUPE_WINDOW_MS } from '../../../../../main/core/store/event-store.js';
import { NewerDatabaseError } from '../../../../../main/core/store/migrations.js';
import {
  exactBytes,
  openStore,
  prestartStoreWorker,
  RESTART_DELAYS_MS,
  storeWorkerFile,
  type Store,
} from '../../../../../main/core/store/store-client.js';
import { batcher } from '../../../../../main/core/store/store-protocol.js';
import { REPLAY_CANCELLED } from '../../../../../main/core/store/store-ops.js';
import { fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { insightOf } from '../../../../support/insights.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<{ store: Store; file: string }> {
  const dir = makeTempDir();
  dirs.push(dir);
  const file = path.join(dir, 'wifire-desk.db');
  const store = await openStore({ file });
  stores.push(store);
  return { store, file };
}

const insight = (n: number, type?: string): NormalizedInsight => insightOf(n, { type });

const since = (): number => Date.now() - DEDUPE_WINDOW_MS;

describe('the store’s worker', () => {
  it('stores, finds and repeats as the in-process store did, and keeps the unread count on this side', async () => {
    const { store } = await open();
    expect(store.unread).toBe(0);
    const first = insight(1);
    const stored = await store.insertInsight(first, { dedupeSince: since() });
    expect(stored).toMatchObject({ status: 'stored', customer: { id: first.customer.id } });
    // The content hash crossed the thread as bytes and still finds the repeat.
    expect(await store.insertInsight(first, { dedupeSince: since() })).toMatchObject({ status: 'duplicate' });
    await store.insertInsight(insight(2), { dedupeSince: since() });
    expect(store.unread).toBe(2);
    expect(await store.countEvents()).toBe(2);
    expect((await store.getCustomer(first.customer.id))?.name).toBe(fakeCustomer(1).name);

    const id = stored.status === 'stored' ? stored.event.id : '';
    expect(await store.markRead([id], Date.now())).toBe(1);
    expect(store.unread).toBe(1);
    const erasure = await store.eraseCustomer(fakeCustomer(2).id, Date.now(), performance.now());
    expect(erasure).toMatchObject({ eventsRemoved: 1, unread: 0 });
    expect(store.unread).toBe(0);
    expect(Buffer.isBuffer(await store.customerKey(fakeCustomer(2).id))).toBe(true);
  });

  it('refuses a replay whose kept body is gone, inside the insert, with an error the caller recognises', async () => {
    const { store } = await open();
    const error = await store
      .insertInsight(insight(3), { dedupeSince: since(), requireDeliveryBody: 99 })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe(REPLAY_CANCELLED);
    expect(await store.countEvents()).toBe(0);
  });

  it('answers a locked database with the same StoreUnavailableError (and its SQLite code) as before', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'wifire-desk.db');
    const store = await openStore({ file, busyTimeoutMs: 0 });
    stores.push(store);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await store.insertInsight(insight(4), { dedupeSince: since() }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).causeCode).toBe('SQLITE_BUSY');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.insertInsight(insight(4), { dedupeSince: since() })).toMatchObject({ status: 'stored' });
  });

  it('refuses a database written by a newer app, through the worker, with the same clear error', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'wifire-desk.db');
    const newer = new Database(file);
    newer.pragma('user_version = 999');
    newer.close();
    const error = await openStore({ file }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NewerDatabaseError);
  });

  it('commits every write asked in the same turn, in order, and answers each one with its own result', async () => {
    const { store } = await open();
    const insights = Array.from({ length: 40 }, (_, i) => insight(100 + i));
    const asked = insights.map((one) => store.insertInsight(one, { dedupeSince: since() }));
    // A repeat of the first, asked in the same turn after it: it finds the first already there.
    asked.push(store.insertInsight(insights[0]!, { dedupeSince: since() }));
    const answers = await Promise.all(asked);
    expect(answers.slice(0, 40).map((answer) => answer.status)).toEqual(Array(40).fill('stored'));
    expect(answers[40]?.status).toBe('duplicate');
    const ids = answers.slice(0, 40).map((answer) => (answer.status === 'stored' ? answer.event.customerId : ''));
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => fakeCustomer(100 + i).id));
    expect(await store.countEvents()).toBe(40);
  });

  it('answers the writes asked just before a close, then the close: nothing acknowledged is left behind', async () => {
    const { store, file } = await open();
    const writes = Array.from({ length: 5 }, (_, i) => store.insertInsight(insight(200 + i), { dedupeSince: since() }));
    const closed = store.close();
    const answers = await Promise.all(writes);
    await closed;
    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill('stored'));
    const db = new Database(file, { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(5);
    } finally {
      db.close();
    }
  });

  it('answers nothing once closed: every later call is a StoreUnavailableError, so WiFire gets a 503', async () => {
    const { store } = await open();
    await store.close();
    const error = await store.countEvents().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
  });
});

describe('a worker that ends on its own', () => {
  const dyingWorker = path.resolve('test/fixtures/store/dying-store-worker.mjs');
  afterEach(() => {
    delete process.env.WD_TEST_STORE_DIE_FILE;
  });

  /** A store whose worker ends on its first message once `killWorker()` was called; `lost` hears each restart. */
  async function openDying(): Promise<{ store: Store; killWorker: () => void; lost: number[]; back: number[] }> {
    const dir = makeTempDir();
    dirs.push(dir);
    const trigger = path.join(dir, 'die-now');
    process.env.WD_TEST_STORE_DIE_FILE = trigger;
    const lost: number[] = [];
    const back: number[] = [];
    const store = await openStore({
      file: path.join(dir, 'wifire-desk.db'),
      workerFile: dyingWorker,
      onWorkerLost: ({ restartInMs }) => lost.push(restartInMs),
      onWorkerBack: () => back.push(Date.now()),
    });
    stores.push(store);
    return { store, killWorker: () => fs.writeFileSync(trigger, ''), lost, back };
  }

  it('refuses what it had not answered and what comes meanwhile, then a new worker answers with everything kept', async () => {
    const { store, killWorker, lost, back } = await openDying();
    // The same delivery each time WiFire sends it (a payload built twice may differ in its times).
    const kept = insight(300);
    const lostWrite = insight(302);
    expect(await store.insertInsight(kept, { dedupeSince: since() })).toMatchObject({ status: 'stored' });
    expect(await store.insertInsight(insight(301), { dedupeSince: since() })).toMatchObject({ status: 'stored' });
    expect(store.unread).toBe(2);

    killWorker();
    // The write the dying worker never handled: refused as the store being unavailable (a 503 for WiFire).
    const refused = await store.insertInsight(lostWrite, { dedupeSince: since() }).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect((refused as StoreUnavailableError).causeCode).toBe('worker_exited');
    expect(lost).toEqual([RESTART_DELAYS_MS[0]]);
    // Meanwhile: refused at once, not left waiting.
    const meanwhile = await store.countEvents().catch((caught: unknown) => caught);
    expect((meanwhile as StoreUnavailableError).causeCode).toBe('restarting');
    // The first worker's start is no return: only the replacement says the store is back.
    expect(back).toEqual([]);

    // WiFire's retry, once the new worker is up: stored; what was committed before is all there.
    await expect.poll(() => store.countEvents().catch(() => -1), { timeout: 5_000, interval: 50 }).toBe(2);
    expect(store.unread).toBe(2);
    expect(await store.insertInsight(lostWrite, { dedupeSince: since() })).toMatchObject({ status: 'stored' });
    expect(await store.insertInsight(kept, { dedupeSince: since() })).toMatchObject({ status: 'duplicate' });
    expect(await store.countEvents()).toBe(3);
    expect(lost).toHaveLength(1);
    expect(back).toHaveLength(1);
  });

  it('closes cleanly while a new worker is on its way, and starts none afterwards', async () => {
    const { store, killWorker, lost, back } = await openDying();
    killWorker();
    await store.countEvents().catch(() => undefined);
    expect(lost).toHaveLength(1);
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAYS_MS[0]! + 200));
    const error = await store.countEvents().catch((caught: unknown) => caught);
    expect((error as StoreUnavailableError).causeCode).toBe('closed');
    expect(lost).toHaveLength(1);
    expect(back).toEqual([]);
  });
});

describe('a worker started ahead (npm run headless starts it before the rest of the shell loads)', () => {
  const fileIn = (): string => {
    const dir = makeTempDir();
    dirs.push(dir);
    return path.join(dir, 'wifire-desk.db');
  };

  it('opens nothing until the store hands it the database, then is the store’s one worker', async () => {
    const ahead = prestartStoreWorker()!;
    const take = vi.spyOn(ahead, 'take');
    const file = fileIn();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.existsSync(file)).toBe(false);
    const store = await openStore({ file, prestarted: ahead });
    stores.push(store);
    expect(take).toHaveBeenCalledTimes(1);
    expect(take.mock.results[0]!.value).not.toBeNull();
    const event = insight(1);
    expect(await store.insertInsight(event, { dedupeSince: since() })).toMatchObject({ status: 'stored' });
    expect(await store.insertInsight(event, { dedupeSince: since() })).toMatchObject({ status: 'duplicate' });
    expect(store.unread).toBe(1);
    // Committed to that file, as a worker started with it would have.
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    db.close();
  });

  it('is ended, not used, when the store runs another script; one ended before it was taken is replaced', async () => {
    const other = prestartStoreWorker()!;
    const thread = other.take()!;
    const ended = new Promise((resolve) => thread.once('exit', resolve));
    // Given back untaken: a stand-in whose script differs from the store's.
    const store = await openStore({
      file: fileIn(),
      workerFile: storeWorkerFile(),
      prestarted: {
        workerFile: '/elsewhere/store-worker.cjs',
        take: () => thread,
        close: () => void thread.terminate(),
      },
    });
    stores.push(store);
    await ended;
    expect(await store.insertInsight(insight(2), { dedupeSince: since() })).toMatchObject({ status: 'stored' });

    const gone = prestartStoreWorker()!;
    gone.close();
    expect(gone.take()).toBeNull();
    const again = await openStore({ file: fileIn(), prestarted: gone });
    stores.push(again);
    expect(await again.insertInsight(insight(3), { dedupeSince: since() })).toMatchObject({ status: 'stored' });
  });

  it('does not keep a process alive that never took it (npm run headless -- --help)', () => {
    const client = path.resolve('dist/main/core/store/store-client.js');
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `(await import(${JSON.stringify(client)})).prestartStoreWorker();`],
      { timeout: 15_000, encoding: 'utf8' },
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
  });
});

describe('storeWorkerFile', () => {
  it('takes the bundle unpacked beside the desktop app’s archive, since a worker cannot start from inside it', () => {
    const root = makeTempDir();
    dirs.push(root);
    const inside = path.join(root, 'resources', 'app.asar', 'dist', 'main', 'core', 'store');
    const unpacked = path.join(root, 'resources', 'app.asar.unpacked', 'dist', 'main', 'core', 'store');
    fs.mkdirSync(unpacked, { recursive: true });
    fs.writeFileSync(path.join(unpacked, 'store-worker.cjs'), '');
    expect(storeWorkerFile(path.join(inside, 'store-client.js'))).toBe(path.join(unpacked, 'store-worker.cjs'));
  });

  it('takes it unpacked from the desktop’s bundle too, never the copy inside the archive', () => {
    const root = makeTempDir();
    dirs.push(root);
    const resources = path.join(root, 'resources');
    const inside = path.join(resources, 'app.asar', 'dist', 'main', 'core', 'store');
    const unpacked = path.join(resources, 'app.asar.unpacked', 'dist', 'main', 'core', 'store');
    // Electron's fs sees the archive's files; here a folder stands in for it.
    fs.mkdirSync(inside, { recursive: true });
    fs.writeFileSync(path.join(inside, 'store-worker.cjs'), '');
    const bundle = path.join(resources, 'app.asar', 'dist', 'main', 'desktop', 'main.js');
    expect(() => storeWorkerFile(bundle)).toThrow(/not built/);
    fs.mkdirSync(unpacked, { recursive: true });
    fs.writeFileSync(path.join(unpacked, 'store-worker.cjs'), '');
    expect(storeWorkerFile(bundle)).toBe(path.join(unpacked, 'store-worker.cjs'));
  });

  it('takes the bundle beside the built client, and the built one when running from the sources', () => {
    expect(storeWorkerFile(path.resolve('dist/main/core/store/store-client.js'))).toBe(
      path.resolve('dist/main/core/store/store-worker.cjs'),
    );
    expect(storeWorkerFile(path.resolve('main/core/store/store-client.ts'))).toBe(
      path.resolve('dist/main/core/store/store-worker.cjs'),
    );
  });

  it('takes the built one from the headless shell’s bundle, wherever the project sits', () => {
    const root = makeTempDir();
    dirs.push(root);
    const store = path.join(root, 'dist', 'main', 'core', 'store');
    fs.mkdirSync(store, { recursive: true });
    fs.writeFileSync(path.join(store, 'store-worker.cjs'), '');
    expect(storeWorkerFile(path.join(root, 'dist', 'main', 'headless', 'cli.js'))).toBe(
      path.join(store, 'store-worker.cjs'),
    );
  });
});

describe('batcher', () => {
  it('hands over everything pushed in one turn as one batch, in order, and the next turn as another', async () => {
    const sent: number[][] = [];
    const batch = batcher<number>((items) => sent.push(items));
    batch.push(1);
    batch.push(2);
    batch.push(3);
    expect(sent).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    batch.push(4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('flushes at once when asked, and sends nothing for an empty turn', async () => {
    const sent: string[][] = [];
    const batch = batcher<string>((items) => sent.push(items));
    batch.push('close');
    batch.flush();
    expect(sent).toEqual([['close']]);
    await new Promise((resolve) => setImmediate(resolve));
    batch.flush();
    expect(sent).toEqual([['close']]);
  });
});

describe('exactBytes', () => {
  it('copies a view into a larger buffer down to its own bytes, and leaves whole buffers and other values alone', () => {
    const pooled = Buffer.from('a short body'); // small Buffers are views into Node's shared pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const exact = exactBytes(pooled);
    expect(exact.buffer.byteLength).toBe(pooled.byteLength);
    expect(Buffer.from(exact).toString()).toBe('a short body');
    const whole = new Uint8Array(8);
    expect(exactBytes(whole)).toBe(whole);
    expect(exactBytes('text')).toBe('text');
  });
});
