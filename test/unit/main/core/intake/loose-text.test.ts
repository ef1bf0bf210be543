// The optional text fields (names, e-mail, phone, message, place name…): what each kind of value reads as, and the
// words a refused one gets, as WiFire's sender sees them in the 400. Written from what the fields did when they
// were a zod union, so that a cheaper way of reading them answers exactly the same.
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../../../main/core/intake/normalize.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';

type Outcome = ['ok', string | null] | ['refused', string];

const CASES: Array<[string, unknown, Outcome]> = [
  ['missing', undefined, ['ok', null]],
  ['null', null, ['ok', null]],
  ['empty', '', ['ok', null]],
  ['blank', '   ', ['ok', null]],
  ['padded text', '  Ana Lima ', ['ok', 'Ana Lima']],
  ['2 000 characters', 'x'.repeat(2000), ['ok', 'x'.repeat(2000)]],
  ['2 001 characters', 'x'.repeat(2001), ['refused', 'too long']],
  ['2 000 with the spaces', ` ${'x'.repeat(1998)} `, ['ok', 'x'.repeat(1998)]],
  ['zero', 0, ['ok', '0']],
  ['a phone as a number', 11987654321, ['ok', '11987654321']],
  ['negative', -3, ['ok', '-3']],
  ['fraction', 3.5, ['ok', '3.5']],
  ['huge', 1e21, ['ok', '1e+21']],
  ['true', true, ['refused', 'wrong type or format']],
  ['false', false, ['refused', 'wrong type or format']],
  ['object', {}, ['refused', 'wrong type or format']],
  ['array', ['a'], ['refused', 'wrong type or format']],
  ['array of null', [null], ['refused', 'wrong type or format']],
];

describe('optional text fields', () => {
  it.each(CASES)('read %s the same in user.name, activity.message and establishment.name', (_name, value, outcome) => {
    const payload = JSON.parse(JSON.stringify(buildPayload('cliente-chegou', fakeCustomer(1)))) as {
      user: Record<string, unknown>;
      activity: Record<string, unknown>;
      establishment: Record<string, unknown>;
    };
    if (value === undefined) {
      delete payload.user.name;
      delete payload.activity.message;
      delete payload.establishment.name;
    } else {
      payload.user.name = value;
      payload.activity.message = value;
      payload.establishment.name = value;
    }
    const result = normalize(payload, { timeZone: 'America/Sao_Paulo', keepCpfRg: false, receivedAt: 0 });
    if (outcome[0] === 'ok') {
      expect(result.ok).toBe(true);
      if (!result.ok || result.value.kind !== 'insight') return;
      expect([result.value.customer.name, result.value.message, result.value.establishment.name]).toEqual([
        outcome[1],
        outcome[1],
        outcome[1],
      ]);
    } else {
      expect(result).toEqual({
        ok: false,
        issues: [
          { path: 'activity.message', message: outcome[1] },
          { path: 'establishment.name', message: outcome[1] },
          { path: 'user.name', message: outcome[1] },
        ],
      });
    }
  });
});
