// The group commit's two speeds: a stored event's transaction waits for the disk (its 200 promises it survives a
// power cut); a transaction of delivery-log rows alone does not, and leaves the connection as strict as it was.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryLogTable, type DeliveryEntry } from '../../../../../main/core/delivery-log/delivery-log-table.js';
import { CommitQueue } from '../../../../../main/core/store/commit-queue.js';
import { openDatabase } from '../../../../../main/core/store/open-database.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const FULL = 2;
const NORMAL = 1;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setUp(syncLaterWithinMs?: number): {
  file: string;
  db: Database.Database;
  queue: CommitQueue;
  deliveries: DeliveryLogTable;
} {
  const dir = makeTempDir();
  const file = path.join(dir, 'wifire-desk.db');
  const db = openDatabase(file);
  const queue = new CommitQueue(db, undefined, undefined, syncLaterWithinMs);
  cleanups.push(() => {
    queue.close();
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { file, db, queue, deliveries: new DeliveryLogTable(db, queue) };
}

/** The level the commit of the transaction running now will use. */
const levelOf = (db: Database.Database): number => db.pragma('synchronous', { simple: true }) as number;

function delivery(n: number): DeliveryEntry {
  return {
    startedAt: performance.now(),
    receivedAt: Date.now(),
    status: 200,
    size: 100 + n,
    type: 'cliente-aniversariante-chegou',
    customerId: null,
    eventId: n,
    duplicate: false,
    replay: false,
    body: null,
    contentHash: null,
  };
}

describe('commit queue: what waits for the disk', () => {
  it('commits delivery-log rows without waiting for the disk, and the connection is back to FULL after', async () => {
    const { db, queue, deliveries } = setUp();
    expect(levelOf(db)).toBe(FULL);
    // A write of the same kind, queued in the same tick, shares the delivery rows' transaction and sees its level.
    const recorded = deliveries.record(delivery(1), (error) => {
      throw error;
    });
    const seen = queue.write(() => levelOf(db), { syncLater: true });
    await recorded;
    expect(await seen).toBe(NORMAL);
    expect(levelOf(db)).toBe(FULL);
    expect(deliveries.page(10).rows.map((row) => row.eventId)).toEqual([1]);
  });

  it('waits for the disk when a write that must shares the transaction with delivery rows', async () => {
    const { db, queue, deliveries } = setUp();
    const recorded = deliveries.record(delivery(1), (error) => {
      throw error;
    });
    // A stored event's write: no option, so the whole transaction commits at the connection's own level.
    const seen = queue.write(() => levelOf(db));
    await recorded;
    expect(await seen).toBe(FULL);
    expect(levelOf(db)).toBe(FULL);
  });

  it('alone or exclusive, every other write commits at FULL, before and after a write that did not wait', async () => {
    const { db, queue } = setUp();
    expect(await queue.write(() => levelOf(db))).toBe(FULL);
    expect(await queue.write(() => levelOf(db), { syncLater: true })).toBe(NORMAL);
    expect(await queue.exclusive(() => levelOf(db))).toBe(FULL);
    expect(await queue.write(() => levelOf(db))).toBe(FULL);
  });

  it('is back to FULL after a write that did not wait failed, and its neighbours still commit', async () => {
    const { db, queue } = setUp();
    db.exec('CREATE TABLE probe (n INTEGER NOT NULL)');
    const failing = queue.write(
      () => {
        throw new Error('refused');
      },
      { syncLater: true },
    );
    const neighbour = queue.write(() => db.prepare('INSERT INTO probe (n) VALUES (1)').run().changes, {
      syncLater: true,
    });
    await expect(failing).rejects.toThrow('refused');
    expect(await neighbour).toBe(1);
    expect(levelOf(db)).toBe(FULL);
    expect(await queue.write(() => levelOf(db))).toBe(FULL);
  });

  it('rows committed without waiting are on disk for another connection, and survive the connection closing', async () => {
    const { file, db, queue, deliveries } = setUp();
    for (let n = 1; n <= 3; n++) {
      await deliveries.record(delivery(n), (error) => {
        throw error;
      });
    }
    const read = (): number[] => {
      const other = new Database(file, { readonly: true });
      try {
        return (other.prepare('SELECT event_id FROM deliveries ORDER BY id').all() as Array<{ event_id: number }>).map(
          (row) => row.event_id,
        );
      } finally {
        other.close();
      }
    };
    expect(read()).toEqual([1, 2, 3]);
    queue.close();
    db.close();
    expect(read()).toEqual([1, 2, 3]);
  });

  it('syncs what did not wait within its bound when nothing that waits follows: the database file holds it', async () => {
    const { file, db, queue } = setUp(30);
    db.exec('CREATE TABLE probe (text TEXT NOT NULL)');
    await queue.write(() => db.prepare('INSERT INTO probe (text) VALUES (?)').run('nobody-waited-for-this-row'), {
      syncLater: true,
    });
    const inDatabaseFile = (): boolean => fs.readFileSync(file).includes('nobody-waited-for-this-row');
    // Committed to the WAL only, which a power cut may take back until it is synced.
    expect(inDatabaseFile()).toBe(false);
    const deadline = Date.now() + 5000;
    while (!inDatabaseFile() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    // The checkpoint synced the WAL before it copied the row into the database file.
    expect(inDatabaseFile()).toBe(true);
  });

  it('adds no checkpoint when a write that waits for the disk follows: that commit synced the WAL', async () => {
    const { file, db, queue } = setUp(30);
    db.exec('CREATE TABLE probe (text TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO probe (text) VALUES (?)');
    await queue.write(() => insert.run('written-without-waiting'), { syncLater: true });
    await queue.write(() => insert.run('a-stored-event'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const bytes = fs.readFileSync(file);
    expect(bytes.includes('written-without-waiting')).toBe(false);
    expect(bytes.includes('a-stored-event')).toBe(false);
    expect(insert.database.prepare('SELECT count(*) AS n FROM probe').get()).toEqual({ n: 2 });
  });

  it('leaves a connection that never waited for the disk as it was', async () => {
    const { db } = setUp();
    db.pragma('synchronous = OFF');
    const queue = new CommitQueue(db);
    expect(await queue.write(() => levelOf(db), { syncLater: true })).toBe(0);
    expect(levelOf(db)).toBe(0);
    expect(await queue.write(() => levelOf(db))).toBe(0);
  });
});
