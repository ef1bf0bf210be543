// The erased customers' digests: every stored event checks its customer's, and the store keeps the digests of the
// customers seen last at hand. Whatever it kept or forgot, a retry dated before an erasure stays refused.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedInsight } from '../../../../../main/core/intake/normalize.js';
import { DEDUPE_WINDOW_MS } from '../../../../../main/core/store/event-store.js';
import { openDatabase } from '../../../../../main/core/store/open-database.js';
import { createStoreOps, type StoreOps } from '../../../../../main/core/store/store-ops.js';
import { insightOf } from '../../../../support/insights.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const MINUTE = 60_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setUp(): { file: string; ops: StoreOps } {
  const dir = makeTempDir();
  const file = path.join(dir, 'wifire-desk.db');
  const ops = createStoreOps(openDatabase(file));
  cleanups.push(() => {
    ops.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { file, ops };
}

const insight = (n: number, at: number): NormalizedInsight => insightOf(n, { at });

const insert = (ops: StoreOps, event: NormalizedInsight): Promise<string> =>
  ops.insertInsight(event, { dedupeSince: event.receivedAt - DEDUPE_WINDOW_MS }).then((result) => result.status);

/** Events of `count` other customers (numbers from 10 000 up), each once: more than the store keeps at hand. */
async function crowd(ops: StoreOps, count: number, at: number): Promise<void> {
  const stored = await Promise.all(Array.from({ length: count }, (_, i) => insert(ops, insight(10_000 + i, at + i))));
  expect(stored.every((status) => status === 'stored')).toBe(true);
}

describe('the digests of erased customers', () => {
  it('refuses a retry dated before the erasure, right after it and after 1 100 other customers came', async () => {
    const { ops } = setUp();
    const now = Date.now();
    const idOf = (n: number): string => insight(n, now).customer.id;
    // Customer 1 is seen, erased, and retried at once: the digest the erasure wrote is the one the retry looks for.
    expect(await insert(ops, insight(1, now - 30 * MINUTE))).toBe('stored');
    await ops.eraseCustomer(idOf(1), now - 20 * MINUTE, performance.now());
    expect(await insert(ops, insight(1, now - 25 * MINUTE))).toBe('erased');
    // Customer 2 is seen, then crowded out of those at hand by 1 100 others, then erased and retried.
    expect(await insert(ops, insight(2, now - 30 * MINUTE))).toBe('stored');
    await crowd(ops, 1_100, now - 19 * MINUTE);
    await ops.eraseCustomer(idOf(2), now - 10 * MINUTE, performance.now());
    expect(await insert(ops, insight(2, now - 29 * MINUTE))).toBe('erased');
    // Both again after the crowd: nothing kept in memory decides it, the digests in the database do.
    await crowd(ops, 1_100, now - 9 * MINUTE + 5_000);
    expect(await insert(ops, insight(1, now - 24 * MINUTE))).toBe('erased');
    expect(await insert(ops, insight(2, now - 28 * MINUTE))).toBe('erased');
    // A visit after the erasure is a new start, as before.
    expect(await insert(ops, insight(1, now - MINUTE))).toBe('stored');
  });

  it('writes the keyed digest of the id, never the id, whether the digest was at hand or not', async () => {
    const { file, ops } = setUp();
    const now = Date.now();
    const ids = [insight(1, now).customer.id, insight(2, now).customer.id];
    expect(await insert(ops, insight(1, now - 30 * MINUTE))).toBe('stored'); // customer 1's digest is at hand
    await ops.eraseCustomer(ids[0]!, now - 20 * MINUTE, performance.now());
    await ops.eraseCustomer(ids[1]!, now - 20 * MINUTE, performance.now()); // customer 2's never was
    const db = new Database(file, { readonly: true });
    try {
      const secret = db.prepare("SELECT key FROM local_keys WHERE name = 'customer'").pluck().get() as Buffer;
      const kept = (db.prepare('SELECT customer_key FROM erased_customers').pluck().all() as Buffer[]).map((key) =>
        key.toString('hex'),
      );
      const expected = ids.map((id) =>
        createHmac('sha256', secret).update(id, 'utf8').digest().subarray(0, 16).toString('hex'),
      );
      expect(kept.sort()).toEqual(expected.sort());
      for (const id of ids) expect(kept.some((key) => key.includes(Buffer.from(id).toString('hex')))).toBe(false);
    } finally {
      db.close();
    }
  });
});
