// Start-up refused for a reason a person can act on: the shells show its message alone, never a stack trace.
import { SealedSecretError } from './settings/secret-vault.js';
import { NewerDatabaseError } from './store/migrations.js';

/** A refusal to start whose message is one bilingual line for a person (pt-BR first, then " / " English). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * Node's own errors mean nothing to the staff at the front desk: a system call that failed, a bug in the code, a
 * module that could not be loaded (a file missing from the installation: MODULE_NOT_FOUND, ERR_…).
 */
function isForDevelopers(error: Error): boolean {
  if ('syscall' in error || 'errno' in error) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'MODULE_NOT_FOUND' || code.startsWith('ERR_'))) return true;
  return [TypeError, RangeError, ReferenceError, SyntaxError].some((kind) => error instanceof kind);
}

/**
 * Whether a start-up failure's message was written for a person: a refusal, a newer database, sealed secrets, the
 * core's own plain errors such as a malformed WIFIRE_DESK_TOKEN.
 */
export function isWrittenForPerson(error: unknown): error is Error {
  if (error instanceof StartupError || error instanceof NewerDatabaseError || error instanceof SealedSecretError) {
    return true;
  }
  return error instanceof Error && !isForDevelopers(error);
}

/** What the headless shell prints when start-up fails: a message written for a person alone, else the stack trace. */
export function startupFailureText(error: unknown): string {
  if (isWrittenForPerson(error)) return error.message;
  if (!(error instanceof Error)) return String(error);
  return error.stack ?? error.message;
}
