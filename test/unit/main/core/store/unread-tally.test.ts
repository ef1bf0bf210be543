// The unread count the badge and the tray show: kept in memory by the store's writes instead of counted after each
// one, it must stay what the database holds through every kind of write, a failed group commit, and a restart.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NormalizedInsight } from '../../../../../main/core/intake/normalize.js';
import { DEDUPE_WINDOW_MS } from '../../../../../main/core/store/event-store.js';
import { FeedQueries } from '../../../../../main/core/store/feed-queries.js';
import { openDatabase } from '../../../../../main/core/store/open-database.js';
import { createStoreOps, REPLAY_CANCELLED, type StoreOps } from '../../../../../main/core/store/store-ops.js';
import { fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { insightOf } from '../../../../support/insights.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const HOUR = 60 * 60 * 1000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setUp(): { file: string; open: () => StoreOps; counted: () => number } {
  const dir = makeTempDir();
  const file = path.join(dir, 'wifire-desk.db');
  const opened: StoreOps[] = [];
  cleanups.push(() => {
    for (const ops of opened) ops.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = (): StoreOps => {
    const ops = createStoreOps(openDatabase(file));
    opened.push(ops);
    return ops;
  };
  // What the disk holds, read by a connection of its own.
  const counted = (): number => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events WHERE read_at IS NULL').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { file, open, counted };
}

const insight = (n: number, at: number, type?: string): NormalizedInsight => insightOf(n, { at, type });

async function storedId(ops: StoreOps, event: NormalizedInsight): Promise<number> {
  const result = await ops.insertInsight(event, { dedupeSince: event.receivedAt - DEDUPE_WINDOW_MS });
  if (result.status !== 'stored') throw new Error(`not stored: ${result.status}`);
  return Number(result.event.id);
}

describe('the unread count kept by the store', () => {
  it('matches the database after every kind of write in a row, and after a restart', async () => {
    const { open, counted } = setUp();
    let ops = open();
    const now = Date.now();
    const same = (): void => expect(ops.unreadCount()).toBe(counted());

    // Three customers; customer 1 is old enough for the retention purge.
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await storedId(ops, insight(1, now - 40 * 24 * HOUR + i * HOUR)));
    for (let i = 0; i < 4; i++)
      ids.push(await storedId(ops, insight(2, now - 2 * HOUR + i * 60_000, 'cliente-curtiu')));
    for (let i = 0; i < 3; i++) ids.push(await storedId(ops, insight(3, now - HOUR + i * 60_000, 'cliente-conectou')));
    expect(ops.unreadCount()).toBe(10);
    same();

    // WiFire's retry of a stored delivery is a duplicate: nothing new to read.
    const retry = insight(3, now - HOUR, 'cliente-conectou');
    expect((await ops.insertInsight(retry, { dedupeSince: now - DEDUPE_WINDOW_MS })).status).toBe('duplicate');
    expect(ops.unreadCount()).toBe(10);

    // Read one of customer 1's, one of customer 2's, and one already read again.
    expect(await ops.markRead([String(ids[0]), String(ids[3]), String(ids[0])], now)).toBe(8);
    same();
    // "Marcar tudo como lido" up to customer 2's second event: ids 1..5 read.
    expect(await ops.markReadUpTo(ids[4]!, now)).toBe(5);
    same();

    // LGPD removal of customer 2: two of their four events were unread.
    const erasure = await ops.eraseCustomer(fakeCustomer(2).id, now, performance.now());
    expect(erasure).toMatchObject({ eventsRemoved: 4, unread: 3 });
    same();
    // An older retry of theirs is refused: still 3.
    expect((await ops.insertInsight(insight(2, now - 3 * HOUR), { dedupeSince: 0 })).status).toBe('erased');
    expect(ops.unreadCount()).toBe(3);

    // Retention: customer 1's three events are older than 30 days, all read already.
    expect(await ops.purgeBefore(now - 30 * 24 * HOUR)).toMatchObject({ eventsRemoved: 3, unread: 3 });
    same();
    // A late delivery of theirs, older than 30 days and unread, then the purge that removes it.
    await storedId(ops, insight(1, now - 31 * 24 * HOUR, 'cliente-curtiu'));
    expect(ops.unreadCount()).toBe(4);
    expect(await ops.purgeBefore(now - 30 * 24 * HOUR)).toMatchObject({ eventsRemoved: 1, unread: 3 });
    same();

    // A restart counts what the disk holds.
    ops.close();
    ops = open();
    expect(ops.unreadCount()).toBe(3);
    same();
  });

  it('counts a write once when its group commit failed and it was committed again alone', async () => {
    const { open, counted } = setUp();
    const ops = open();
    const now = Date.now();
    expect(ops.unreadCount()).toBe(0);
    // Asked in the same turn, the three share one transaction; the replay whose kept body is gone fails it, and the
    // other two are committed again, each alone.
    const results = await Promise.allSettled([
      ops.insertInsight(insight(4, now - 3000), { dedupeSince: 0 }),
      ops.insertInsight(insight(5, now - 2000), { dedupeSince: 0, requireDeliveryBody: 99 }),
      ops.insertInsight(insight(6, now - 1000), { dedupeSince: 0 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).name).toBe(REPLAY_CANCELLED);
    expect(ops.unreadCount()).toBe(2);
    expect(counted()).toBe(2);
  });

  it('does not count again after a removal, a purge or a read: the badge is answered from memory', async () => {
    const { open } = setUp();
    const walks = vi.spyOn(FeedQueries.prototype, 'unreadCount');
    const ops = open();
    const now = Date.now();
    const first = await storedId(ops, insight(7, now - 40 * 24 * HOUR));
    await storedId(ops, insight(8, now - 2000));
    await storedId(ops, insight(9, now - 1000));
    expect(ops.unreadCount()).toBe(3);
    const before = walks.mock.calls.length;
    expect(before).toBeLessThanOrEqual(1);
    expect(await ops.markRead([String(first)], now)).toBe(2);
    expect(await ops.markReadUpTo(first, now)).toBe(2);
    expect((await ops.eraseCustomer(fakeCustomer(8).id, now, performance.now())).unread).toBe(1);
    expect((await ops.purgeBefore(now - 30 * 24 * HOUR)).unread).toBe(1);
    expect(ops.unreadCount()).toBe(1);
    expect(walks.mock.calls.length).toBe(before);
  });
});
