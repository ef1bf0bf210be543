// Opening the event store: a database another program is writing to is refused once the busy wait is over; one it
// can write is opened without a byte of it changing. (A read-only file: test/reliability/startup-failures.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../../../../main/core/store/migrations.js';
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

describe('openDatabase', () => {
  it('opens a database it made before without changing a byte of it, nor its version', () => {
    const file = dbFile();
    openDatabase(file).close();
    const before = fs.readFileSync(file);

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.inTransaction).toBe(false);
    db.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database another connection is writing to, once its busy wait is over, and leaves it open', () => {
    const file = dbFile();
    openDatabase(file).close();
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => openDatabase(file, { busyTimeoutMs: 50 })).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      // The other program's write goes on: the refused opening took nothing from it.
      other.exec('CREATE TABLE other_program (a)');
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    const db = openDatabase(file);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'other_program'").pluck().get()).toBe(1);
    db.close();
  });
});
