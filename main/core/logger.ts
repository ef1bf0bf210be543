// Logs for the staff's IT person: what happened and why, never who it happened to.
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Numbers, flags and short machine codes only; any other text is redacted before it is written. */
export type LogFields = Record<string, number | boolean | string | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SAFE_TEXT = /^[a-z0-9_.:/-]{0,80}$/;
const MAX_LOG_BYTES = 5 * 1024 * 1024;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Codes and event types pass ("cliente-chegou", "SQLITE_BUSY" lower-cased); names, e-mails, phones do not. */
export function safeField(value: number | boolean | string | null | undefined): number | boolean | string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  return SAFE_TEXT.test(value) && !/\d{6,}/.test(value) ? value : '[redacted]';
}

export interface FileLoggerOptions {
  dir: string;
  level?: LogLevel;
  /** Also echo to stderr (the headless shell's terminal). */
  echo?: boolean;
}

export function createFileLogger(options: FileLoggerOptions): Logger {
  // The data folder holds customers: only this OS user may enter it (and the log folder inside it).
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, 'wifire-desk.log');
  const threshold = LEVELS[options.level ?? 'info'];
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;

  const write = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVELS[level] < threshold) return;
    const clean: Record<string, number | boolean | string | null> = {};
    for (const [key, value] of Object.entries(fields)) clean[key] = safeField(value);
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, message, ...clean })}\n`;
    try {
      if (size + line.length > MAX_LOG_BYTES) {
        fs.renameSync(file, `${file}.1`);
        size = 0;
      }
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += line.length;
    } catch {
      // A full or read-only disk must not take the service down with it.
    }
    if (options.echo)
      process.stderr.write(`[${level}] ${message}${Object.keys(clean).length ? ` ${JSON.stringify(clean)}` : ''}\n`);
  };

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
