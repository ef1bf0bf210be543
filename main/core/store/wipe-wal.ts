// After an erasure or a purge: the WAL must not keep the old pages around.
import type Database from 'better-sqlite3';

/**
 * Moves every page out of the WAL into the database file and truncates the WAL to zero bytes.
 * With secure_delete on, the database pages that held the old values were zeroed by the transaction.
 */
export function wipeWal(db: Database.Database): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    if (result && result.busy === 0) return;
  }
  throw Object.assign(new Error('WAL checkpoint stayed busy'), { code: 'SQLITE_BUSY' });
}
