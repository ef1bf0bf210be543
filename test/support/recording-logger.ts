// A logger that keeps what was logged, so a test can check what is there and what never is.
import type { LogFields, Logger } from '../../main/core/logger.js';

export interface LogEntry {
  level: string;
  message: string;
  fields?: LogFields;
}

export function recordingLogger(entries: LogEntry[]): Logger {
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      entries.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
