// The box that says the desktop app could not start: a reason written for a person as it is, Node's own errors as
// one sentence for the front desk, with their first line and nothing of their stack.
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../../../main/core/startup-error.js';
import { NewerDatabaseError } from '../../../../main/core/store/migrations.js';
import { deserializeError, serializeError } from '../../../../main/core/store/store-protocol.js';
import { startFailedText } from '../../../../main/desktop/desktop-strings.js';

const INTERNAL =
  'Um erro interno impediu o início. Reinstalar o WiFire Desk costuma resolver. / ' +
  'An internal error stopped it from starting. Reinstalling WiFire Desk usually fixes this.';

/** An error as the store's worker sends it across: its name, message and code. */
function fromWorker(error: Error): Error {
  return deserializeError(serializeError(error));
}

describe('the reason under "O WiFire Desk não pôde iniciar"', () => {
  it('is a reason written for a person, as it is', () => {
    const refusal = new StartupError('A porta 4560 já está em uso. / Port 4560 is already in use.');
    expect(startFailedText(refusal)).toBe(refusal.message);
    const newer = new NewerDatabaseError(9, 7);
    expect(startFailedText(fromWorker(newer))).toBe(newer.message);
    // The core's own plain errors are written for a person too (a malformed WIFIRE_DESK_TOKEN).
    expect(startFailedText(new Error('WIFIRE_DESK_TOKEN precisa de 22 caracteres ou mais.'))).toBe(
      'WIFIRE_DESK_TOKEN precisa de 22 caracteres ou mais.',
    );
  });

  it('is one sentence for the desk when a file of the installation is missing, with the first line of the error', () => {
    const missing = Object.assign(
      new Error(
        "Cannot find module '/opt/WiFire Desk/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
          'Require stack:\n- /opt/WiFire Desk/resources/app.asar.unpacked/dist/main/core/store/store-worker.cjs',
      ),
      { code: 'MODULE_NOT_FOUND' },
    );
    const text = startFailedText(fromWorker(missing));
    expect(text).toBe(`${INTERNAL}\n\n${missing.message.split('\n')[0]!}`);
    expect(text).not.toContain('Require stack');
  });

  it('is the same sentence for a bug or a failed system call, never their stack', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'locale')");
    expect(startFailedText(bug)).toBe(`${INTERNAL}\n\n${bug.message}`);
    const syscall = Object.assign(new Error('EIO: i/o error, read'), { errno: -5, syscall: 'read', code: 'EIO' });
    expect(startFailedText(syscall)).toBe(`${INTERNAL}\n\nEIO: i/o error, read`);
    expect(startFailedText('not an error')).toBe(`${INTERNAL}\n\nnot an error`);
  });
});
