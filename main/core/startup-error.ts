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

/** Node's own errors (a system call that failed, a bug in the code) mean nothing to the staff at the front desk. */
function isForDevelopers(error: Error): boolean {
  if ('syscall' in error || 'errno' in error) return true;
  return [TypeError, RangeError, ReferenceError, SyntaxError].some((kind) => error instanceof kind);
}

/**
 * What a shell prints when start-up fails: the message alone when it was written for a person (a refusal, a newer
 * database, sealed secrets, the core's own plain errors such as a malformed WIFIRE_DESK_TOKEN), else the stack
 * trace, for the one who will fix it.
 */
export function startupFailureText(error: unknown): string {
  if (error instanceof StartupError || error instanceof NewerDatabaseError || error instanceof SealedSecretError) {
    return error.message;
  }
  if (!(error instanceof Error)) return String(error);
  return isForDevelopers(error) ? (error.stack ?? error.message) : error.message;
}
