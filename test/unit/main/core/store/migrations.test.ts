// Numbered migrations: one test per migration, and a database from a newer app, or one another program is writing
// to, is refused clearly. (A read-only file: test/reliability/startup-failures.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, MIGRATIONS, NewerDatabaseError } from '../../../../../main/core/store/migrations.js';
import { openDatabase } from '../../../../../main/core/store/open-database.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function dbFile(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return path.join(dir, 'wifire-desk.db');
}

describe('migrations', () => {
  it('numbers migrations 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('migration 1 creates customers, events and the erasure log at user_version 1', () => {
    const db = new Database(dbFile());
    expect(migrate(db, MIGRATIONS, 1)).toBe(1);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['customers', 'erasures', 'events']);
    const columns = db.prepare("SELECT name FROM pragma_table_info('customers')").pluck().all();
    expect(columns).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'email',
        'phone',
        'birthday',
        'photo_url',
        'first_seen_at',
        'last_seen_at',
        'visit_count',
        'last_rating_band',
      ]),
    );
    // Nothing that data minimisation forbids by default has a column: MAC, Facebook and Google ids.
    expect(columns.filter((c) => /mac|facebook|google/.test(String(c)))).toEqual([]);
    db.close();
  });

  it('migration 2 indexes events by age and by unread without touching the rows already there', () => {
    const db = new Database(dbFile());
    migrate(db, MIGRATIONS, 1);
    db.prepare(
      "INSERT INTO customers (id, name, first_seen_at, last_seen_at) VALUES ('c1', 'Ana Silva', 1000, 3000)",
    ).run();
    const insertEvent = db.prepare(
      `INSERT INTO events (type, customer_id, establishment_id, message, created_at, received_at, read_at, content_hash)
       VALUES ('cliente-chegou', 'c1', 'botecodowifire', 'Ana acaba de CHEGAR.', ?, ?, ?, ?)`,
    );
    for (const [createdAt, readAt] of [
      [3000, null],
      [1000, 1500],
      [2000, null],
    ] as const) {
      insertEvent.run(createdAt, createdAt + 5, readAt, Buffer.from([createdAt % 256]));
    }
    const before = db.prepare('SELECT * FROM events ORDER BY id').all();

    expect(migrate(db, MIGRATIONS, 2)).toBe(2);

    expect(db.prepare('SELECT * FROM events ORDER BY id').all()).toEqual(before);
    expect(db.prepare("SELECT name FROM customers WHERE id = 'c1'").pluck().get()).toBe('Ana Silva');
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual(expect.arrayContaining(['events_by_created', 'events_unread']));
    const plan = (sql: string): string =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => (row as { detail: string }).detail)
        .join('; ');
    expect(plan('SELECT min(created_at) FROM events')).toMatch(/USING COVERING INDEX events_by_created/);
    expect(plan('SELECT count(*) FROM events WHERE read_at IS NULL')).toMatch(/USING (COVERING )?INDEX events_unread/);
    expect(db.prepare('SELECT min(created_at) FROM events').pluck().get()).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM events WHERE read_at IS NULL').pluck().get()).toBe(2);
    db.close();
  });

  it('migration 3 adds the delivery log without touching the events already there', () => {
    const db = new Database(dbFile());
    migrate(db, MIGRATIONS, 2);
    db.prepare(
      "INSERT INTO customers (id, name, first_seen_at, last_seen_at) VALUES ('c1', 'Ana Silva', 1000, 3000)",
    ).run();
    db.prepare(
      `INSERT INTO events (type, customer_id, establishment_id, created_at, received_at, content_hash)
       VALUES ('cliente-chegou', 'c1', 'botecodowifire', 1000, 1005, x'01')`,
    ).run();
    const before = db.prepare('SELECT * FROM events').all();

    expect(migrate(db, MIGRATIONS, 3)).toBe(3);

    expect(db.prepare('SELECT * FROM events').all()).toEqual(before);
    const columns = db.prepare("SELECT name FROM pragma_table_info('deliveries')").pluck().all();
    expect(columns).toEqual([
      'id',
      'received_at',
      'status',
      'size',
      'type',
      'customer_id',
      'event_id',
      'duplicate',
      'replay',
      'body',
      'content_hash',
    ]);
    expect(db.prepare('SELECT count(*) FROM deliveries').pluck().get()).toBe(0);
    db.prepare(
      "INSERT INTO deliveries (received_at, status, size, type, customer_id, body) VALUES (2000, 200, 512, 'cliente-chegou', 'c1', x'7b7d')",
    ).run();
    expect(db.prepare('SELECT duplicate, replay, event_id FROM deliveries').get()).toEqual({
      duplicate: 0,
      replay: 0,
      event_id: null,
    });
    const plan = db
      .prepare("EXPLAIN QUERY PLAN DELETE FROM deliveries WHERE customer_id = 'c1'")
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join('; ');
    expect(plan).toMatch(/USING (COVERING )?INDEX deliveries_by_customer/);
    db.close();
  });

  it('migration 4 adds what retries must not undo, a key of its own per database, and keeps every row', () => {
    const db = new Database(dbFile());
    migrate(db, MIGRATIONS, 3);
    db.prepare(
      "INSERT INTO customers (id, name, email, first_seen_at, last_seen_at) VALUES ('c1', 'Ana Silva', 'ana@x.br', 1000, 3000)",
    ).run();
    db.prepare(
      `INSERT INTO events (type, customer_id, establishment_id, created_at, received_at, content_hash)
       VALUES ('cliente-chegou', 'c1', 'botecodowifire', 1000, 1005, x'01')`,
    ).run();
    const events = db.prepare('SELECT * FROM events').all();

    expect(migrate(db, MIGRATIONS, 4)).toBe(4);

    expect(db.prepare('SELECT * FROM events').all()).toEqual(events);
    expect(db.prepare("SELECT name, email, contact_updated_at FROM customers WHERE id = 'c1'").get()).toEqual({
      name: 'Ana Silva',
      email: 'ana@x.br',
      contact_updated_at: null,
    });
    expect(db.prepare('SELECT count(*) FROM erased_customers').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM lgpd_updates').pluck().get()).toBe(0);
    const key = db.prepare("SELECT key FROM local_keys WHERE name = 'customer'").pluck().get() as Buffer;
    expect(key).toHaveLength(32);
    // Another database gets another key: a digest from one tells nothing about another desk's.
    const other = new Database(dbFile());
    migrate(other, MIGRATIONS, 4);
    expect(other.prepare("SELECT key FROM local_keys WHERE name = 'customer'").pluck().get()).not.toEqual(key);
    other.close();
    db.close();
  });

  it('migration 5 adds an empty fan-out outbox and a fan-out key of its own, and keeps every row and key', () => {
    const db = new Database(dbFile());
    migrate(db, MIGRATIONS, 4);
    db.prepare(
      `INSERT INTO events (type, customer_id, establishment_id, created_at, received_at, content_hash)
       VALUES ('cliente-chegou', NULL, 'botecodowifire', 1000, 1005, x'01')`,
    ).run();
    const events = db.prepare('SELECT * FROM events').all();
    const customerKey = db.prepare("SELECT key FROM local_keys WHERE name = 'customer'").pluck().get() as Buffer;

    expect(migrate(db, MIGRATIONS, 5)).toBe(5);

    expect(db.prepare('SELECT * FROM events').all()).toEqual(events);
    expect(db.prepare('SELECT count(*) FROM fanout_outbox').pluck().get()).toBe(0);
    expect(db.prepare("SELECT key FROM local_keys WHERE name = 'customer'").pluck().get()).toEqual(customerKey);
    const fanoutKey = db.prepare("SELECT key FROM local_keys WHERE name = 'fanout'").pluck().get() as Buffer;
    // Its own key: the digest on the wire is not the erasure digest kept on disk.
    expect(fanoutKey).toHaveLength(32);
    expect(fanoutKey).not.toEqual(customerKey);
    expect(() =>
      db.prepare("INSERT INTO fanout_outbox (kind, customer_key, body) VALUES ('other', NULL, '{}')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('rolls a failing migration back whole and leaves the version where it was', () => {
    const db = new Database(dbFile());
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST_VERSION + 1,
        description: 'broken',
        up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM missing_table;'),
      },
    ];
    expect(() => migrate(db, broken, LATEST_VERSION + 1)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('opens an up-to-date database again without change, not a byte (its write check is rolled back)', () => {
    const file = dbFile();
    openDatabase(file).close();
    const before = fs.readFileSync(file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.inTransaction).toBe(false);
    db.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database another program is writing to once the busy wait is over, and takes nothing from it', () => {
    const file = dbFile();
    openDatabase(file).close();
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => openDatabase(file, { busyTimeoutMs: 50 })).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      other.exec('CREATE TABLE other_program (a)');
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    const db = openDatabase(file);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'other_program'").pluck().get()).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer app with a clear message', () => {
    const file = dbFile();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(file)).toThrow(/versão mais nova do WiFire Desk.*Atualize o aplicativo/);
  });
});
