// Numbered schema migrations: the registry only goes up, each runs in its own transaction.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'customers, events and the erasure log',
    up(db) {
      db.exec(`
        CREATE TABLE customers (
          id TEXT PRIMARY KEY NOT NULL,
          name TEXT,
          email TEXT,
          phone TEXT,
          birthday TEXT,
          photo_url TEXT,
          cpf TEXT,
          rg TEXT,
          first_seen_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          visit_count INTEGER NOT NULL DEFAULT 0,
          last_visit_day TEXT,
          last_rating_band TEXT,
          last_rating_score INTEGER,
          last_rating_at INTEGER
        );
        CREATE TABLE events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          type TEXT NOT NULL,
          customer_id TEXT REFERENCES customers(id),
          establishment_id TEXT NOT NULL,
          establishment_name TEXT,
          message TEXT,
          data_json TEXT,
          created_at INTEGER NOT NULL,
          received_at INTEGER NOT NULL,
          read_at INTEGER,
          content_hash BLOB NOT NULL
        );
        CREATE INDEX events_by_customer ON events(customer_id);
        CREATE INDEX events_by_hash ON events(content_hash);
        CREATE TABLE erasures (
          id INTEGER PRIMARY KEY,
          erased_at INTEGER NOT NULL,
          events_removed INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    description: 'indexes for retention (oldest event, delete by age) and the unread badge',
    up(db) {
      db.exec(`
        CREATE INDEX events_by_created ON events(created_at);
        CREATE INDEX events_unread ON events(id) WHERE read_at IS NULL;
      `);
    },
  },
  {
    version: 3,
    description: 'the delivery log: the last webhook deliveries, bodies only of valid insights (for Reenviar)',
    up(db) {
      // content_hash: the original delivery's identity, since the body kept is minimised (no MAC, ids, CPF/RG).
      db.exec(`
        CREATE TABLE deliveries (
          id INTEGER PRIMARY KEY,
          received_at INTEGER NOT NULL,
          status INTEGER NOT NULL,
          size INTEGER NOT NULL,
          type TEXT,
          customer_id TEXT,
          event_id INTEGER,
          duplicate INTEGER NOT NULL DEFAULT 0,
          replay INTEGER NOT NULL DEFAULT 0,
          body BLOB,
          content_hash BLOB
        );
        CREATE INDEX deliveries_by_customer ON deliveries(customer_id);
      `);
    },
  },
  {
    version: 4,
    description: "what WiFire's retries must not undo: erased customers (keyed digests), contact update times",
    up(db) {
      // customer_key: an HMAC of WiFire's user id under a key that never leaves this database, never the id itself.
      // lgpd_updates: digests of update requests already carried out, so a retry of an older one is not re-applied.
      db.exec(`
        CREATE TABLE local_keys (name TEXT PRIMARY KEY NOT NULL, key BLOB NOT NULL) WITHOUT ROWID;
        INSERT INTO local_keys (name, key) VALUES ('customer', randomblob(32));
        CREATE TABLE erased_customers (
          customer_key BLOB PRIMARY KEY NOT NULL,
          erased_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE lgpd_updates (
          digest BLOB PRIMARY KEY NOT NULL,
          applied_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        ALTER TABLE customers ADD COLUMN contact_updated_at INTEGER;
      `);
    },
  },
  {
    version: 5,
    description: 'the fan-out outbox: pointers and tombstones to publish, written in the same transaction',
    up(db) {
      // Pointers (no personal data) wait here until the broker acknowledged them: a hub killed between its answer
      // to WiFire and the publish finishes the job on its next start. customer_key is the fan-out digest (hex).
      db.exec(`
        CREATE TABLE fanout_outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL CHECK (kind IN ('event', 'erasure')),
          customer_key TEXT,
          body TEXT NOT NULL
        );
        CREATE INDEX fanout_outbox_by_customer ON fanout_outbox(customer_key);
        INSERT INTO local_keys (name, key) VALUES ('fanout', randomblob(32));
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `O banco de dados foi criado por uma versão mais nova do WiFire Desk (esquema ${found}; esta versão entende até ${supported}). ` +
        'Atualize o aplicativo. / The database was written by a newer WiFire Desk; update the app.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Brings the database up to `target` (the latest by default); refuses one from a newer app. */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  target = LATEST_VERSION,
): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) throw new NewerDatabaseError(current, latest);
  const pending = migrations
    .filter((m) => m.version > current && m.version <= target)
    .sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
