// Why the event database could not be opened at start, in one bilingual line for a person, not in SQLite's words.
import { StartupError } from '../startup-error.js';

/**
 * SQLite's error on opening the event database (a damaged file, another program holding it, a read-only file, a
 * full or failing disk) as a StartupError naming the file, what to do, and SQLite's code for whoever helps; any
 * other error (a newer database, a bug) is returned as it is.
 */
export function databaseOpenError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  // By SQLite's primary code: SQLITE_IOERR for SQLITE_IOERR_WRITE.
  switch (/^SQLITE_[A-Z]+/.exec(code)?.[0]) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new StartupError(
        `O banco de eventos ${file} está danificado ou não é um banco do WiFire Desk; nada nele foi mudado. ` +
          'Substitua-o por uma cópia de segurança, se houver; sem cópia, apague-o (e os arquivos -wal e -shm ao lado, ' +
          'se houver) para começar um banco vazio, sem os eventos de antes. / The event database is damaged or not a ' +
          `WiFire Desk database, and was left as it is: restore a copy, or delete it to start empty (${code}).`,
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StartupError(
        `O banco de eventos ${file} está em uso por outro programa (um leitor de SQLite, um antivírus, uma cópia de ` +
          'segurança em andamento). Feche esse programa e inicie de novo. / The event database is in use by another ' +
          `program: close it and start again (${code}).`,
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return new StartupError(
        `Não é possível gravar no banco de eventos ${file} (arquivo somente leitura ou sem permissão). ` +
          'Libere a gravação do arquivo e inicie de novo. / The event database is not writable (a read-only file or ' +
          `no permission: ${code}).`,
      );
    case 'SQLITE_CANTOPEN':
      return new StartupError(
        `Não é possível abrir o banco de eventos ${file} (há uma pasta com esse nome, ou falta permissão). ` +
          `Libere o caminho e inicie de novo. / The event database cannot be opened (a folder in its place, or no ` +
          `permission: ${code}).`,
      );
    case 'SQLITE_FULL':
      return new StartupError(
        `O disco do banco de eventos ${file} está cheio. Libere espaço e inicie de novo. / The event database's disk ` +
          `is full (${code}).`,
      );
    case 'SQLITE_IOERR':
      return new StartupError(
        `O disco falhou ao ler ou gravar o banco de eventos ${file}. Verifique o disco (ou o cabo do disco externo) e ` +
          `inicie de novo. / The disk failed while reading or writing the event database (${code}).`,
      );
    default:
      return error;
  }
}
