// Logs never hold personal data: whatever a caller passes, text that is not a short code is redacted.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, safeField } from '../../../../main/core/logger.js';
import { VERSION } from '../../../../main/core/version.js';
import { makeTempDir } from '../../../support/temp-service.js';

describe('logger', () => {
  it('keeps codes and event types but redacts names, e-mails, phones and long digit runs', () => {
    expect(safeField('cliente-aniversariante-chegou')).toBe('cliente-aniversariante-chegou');
    expect(safeField('sqlite_busy')).toBe('sqlite_busy');
    expect(safeField(42)).toBe(42);
    for (const personal of [
      'Lincoln Fernandes',
      'lincoln@velociti.com',
      '44 9 99999999',
      '99999999999',
      'AA:99:CC:99:99:TT',
    ]) {
      expect(safeField(personal)).toBe('[redacted]');
    }
  });

  it('writes one JSON line per entry under logs/', () => {
    const dir = makeTempDir();
    const log = createFileLogger({ dir });
    log.warn('pop-up could not be shown', { type: 'cliente-chegou', name: 'Lincoln Fernandes' });
    const [line] = fs.readFileSync(path.join(dir, 'wifire-desk.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(line!)).toMatchObject({
      level: 'warn',
      message: 'pop-up could not be shown',
      type: 'cliente-chegou',
      name: '[redacted]',
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
