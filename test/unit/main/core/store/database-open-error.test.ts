// SQLite's refusals to open the event database, as the one line the front desk reads instead of SQLite's words.
import { describe, expect, it } from 'vitest';
import { isWrittenForPerson, StartupError } from '../../../../../main/core/startup-error.js';
import { databaseOpenError } from '../../../../../main/core/store/database-open-error.js';
import { NewerDatabaseError } from '../../../../../main/core/store/migrations.js';
import { deserializeError, serializeError } from '../../../../../main/core/store/store-protocol.js';

const FILE = '/dados/WiFire Desk/wifire-desk.db';

/** SQLite's error as it arrives from the store's worker: its name, message and code carried across. */
function fromWorker(code: string, message: string): Error {
  return deserializeError(serializeError(Object.assign(new Error(message), { name: 'SqliteError', code })));
}

describe('databaseOpenError', () => {
  it.each([
    ['SQLITE_NOTADB', 'file is not a database', 'está danificado ou não é um banco do WiFire Desk; nada nele'],
    ['SQLITE_CORRUPT', 'database disk image is malformed', 'está danificado ou não é um banco do WiFire Desk'],
    ['SQLITE_CORRUPT_INDEX', 'database disk image is malformed', 'está danificado'],
    ['SQLITE_BUSY', 'database is locked', 'está em uso por outro programa'],
    ['SQLITE_LOCKED', 'database table is locked', 'está em uso por outro programa'],
    ['SQLITE_READONLY', 'attempt to write a readonly database', 'Não é possível gravar no banco de eventos'],
    ['SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database', 'Não é possível gravar'],
    ['SQLITE_PERM', 'access permission denied', 'Não é possível gravar no banco de eventos'],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'Não é possível abrir o banco de eventos'],
    ['SQLITE_FULL', 'database or disk is full', 'está cheio. Libere espaço'],
    ['SQLITE_IOERR_WRITE', 'disk I/O error', 'O disco falhou ao ler ou gravar o banco de eventos'],
  ])('says %s in one line naming the file, pt-BR then English with the code', (code, message, words) => {
    const error = databaseOpenError(fromWorker(code, message), FILE);

    expect(error).toBeInstanceOf(StartupError);
    const text = (error as Error).message;
    expect(text).toContain(words);
    expect(text).toContain(FILE);
    expect(text).not.toContain(message);
    expect(text).not.toContain('\n');
    const english = text.slice(text.lastIndexOf(' / ') + 3);
    expect(english).toMatch(/^The (event database|disk)[^ãçéêõ]+\.$/);
    expect(english.endsWith(`${code}).`)).toBe(true);
    expect(isWrittenForPerson(error)).toBe(true);
  });

  it('tells what to do with a damaged database, and that it was left as it was', () => {
    const text = (databaseOpenError(fromWorker('SQLITE_NOTADB', 'file is not a database'), FILE) as Error).message;
    expect(text).toBe(
      `O banco de eventos ${FILE} está danificado ou não é um banco do WiFire Desk; nada nele foi mudado. ` +
        'Substitua-o por uma cópia de segurança, se houver; sem cópia, apague-o (e os arquivos -wal e -shm ao lado, ' +
        'se houver) para começar um banco vazio, sem os eventos de antes. / The event database is damaged or not a ' +
        'WiFire Desk database, and was left as it is: restore a copy, or delete it to start empty (SQLITE_NOTADB).',
    );
  });

  it('returns every other error as it is: a newer database, an error of the code, a system call, a non-error', () => {
    const newer = new NewerDatabaseError(9, 5);
    const bug = new TypeError('x is not a function');
    const system = Object.assign(new Error('open failed'), { code: 'ENOENT', syscall: 'open' });
    const unknownSqlite = fromWorker('SQLITE_NOMEM', 'out of memory');
    for (const error of [newer, bug, system, unknownSqlite, 'text', null]) {
      expect(databaseOpenError(error, FILE)).toBe(error);
    }
  });
});
