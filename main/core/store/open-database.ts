// Opens the event store with the pragmas durability and erasure depend on.
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

/** The connection's page cache, in KiB. */
export const PAGE_CACHE_KIB = 4096;

export interface OpenDatabaseOptions {
  busyTimeoutMs?: number;
  /** better-sqlite3's compiled addon, when the running runtime needs another build (Electron's ABI, from source). */
  nativeBinding?: string;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // FULL syncs the WAL at every commit: an answered 200 survives a power cut, not only a killed process
    // (NORMAL in WAL mode may lose the last commits on power loss). Group commit keeps the cost per batch.
    db.pragma('synchronous = FULL');
    // Deleted and overwritten content is zeroed in place, so erased personal data leaves no old bytes behind.
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    // SQLite's page cache is per connection and held for good: better-sqlite3's default lets it reach 16 MB, which
    // on a store of 100 000 events was the largest native share of the app's resident memory. The file's pages stay
    // in the OS's own cache, so a page this cache gave up costs a read call, not a disk access.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    // Checkpoint every ~16 MB of WAL rather than 4 MB: a page hot under load is copied back once, not four times.
    db.pragma('wal_autocheckpoint = 4000');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 1000))}`);
    migrate(db);
    assertWritable(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A file SQLite could open for reading only (a read-only attribute, a copy restored from a disc) would store nothing:
 * every webhook would be answered 503 until WiFire gave up. So a write is begun and rolled back at start, which
 * changes no byte and throws SQLITE_READONLY there (or SQLITE_BUSY if another program holds the file).
 */
function assertWritable(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    // SQLite may have rolled back by itself on some errors (busy, full, I/O).
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}
