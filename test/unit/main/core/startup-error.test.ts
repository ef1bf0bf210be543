// What the headless shell prints when start-up fails: a message written for a person alone, Node's own errors with
// their stack for whoever fixes them.
import { describe, expect, it } from 'vitest';
import { StartupError, startupFailureText } from '../../../../main/core/startup-error.js';

describe('the headless shell’s start-up failure', () => {
  it('prints a refusal alone, in one line', () => {
    expect(startupFailureText(new StartupError('A porta 4560 já está em uso. / Port 4560 is in use.'))).toBe(
      'A porta 4560 já está em uso. / Port 4560 is in use.',
    );
  });

  it('prints the stack of a module that could not be loaded, as it does for a bug', () => {
    const missing = Object.assign(new Error("Cannot find module 'bindings'"), { code: 'MODULE_NOT_FOUND' });
    expect(startupFailureText(missing)).toBe(missing.stack);
    const unsupported = Object.assign(new Error('unsupported'), { code: 'ERR_UNSUPPORTED_ESM_URL_SCHEME' });
    expect(startupFailureText(unsupported)).toBe(unsupported.stack);
    const bug = new TypeError('x is not a function');
    expect(startupFailureText(bug)).toBe(bug.stack);
  });

  it('prints the message alone for SQLite’s coded errors, as before', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(startupFailureText(busy)).toBe('database is locked');
  });
});
