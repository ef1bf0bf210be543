// The store in its own thread: every operation a message, answered with what the same code gives in-process; the
// store's own errors arrive as themselves; the unread count is known here without asking; and it is found unpacked.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { normalize, type NormalizedInsight } from '../../../../../main/core/intake/normalize.js';
import { StoreUnavailableError } from '../../../../../main/core/store/commit-queue.js';
import { DEDUPE_WINDOW_MS } from '../../../../../main/core/store/event-store.js';
import { NewerDatabaseError } from '../../../../../main/core/store/migrations.js';
import { openStore, storeWorkerFile, type Store } from '../../../../../main/core/store/store-client.js';
import { REPLAY_CANCELLED } from '../../../../../main/core/store/store-ops.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
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

function insight(n: number, type = 'cliente-chegou'): NormalizedInsight {
  const result = normalize(buildPayload(type, fakeCustomer(n)), {
    timeZone: 'America/Sao_Paulo',
    keepCpfRg: false,
    receivedAt: Date.now(),
  });
  if (!result.ok || result.value.kind !== 'insight') throw new Error('payload did not normalise');
  return result.value;
}

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

  it('answers nothing once closed: every later call is a StoreUnavailableError, so WiFire gets a 503', async () => {
    const { store } = await open();
    await store.close();
    const error = await store.countEvents().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
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

  it('takes the bundle beside the built client, and the built one when running from the sources', () => {
    expect(storeWorkerFile(path.resolve('dist/main/core/store/store-client.js'))).toBe(
      path.resolve('dist/main/core/store/store-worker.cjs'),
    );
    expect(storeWorkerFile(path.resolve('main/core/store/store-client.ts'))).toBe(
      path.resolve('dist/main/core/store/store-worker.cjs'),
    );
  });
});
