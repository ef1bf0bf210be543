// The delivery log's payload view: no personal value of any of the 26 types survives; shape and business data do.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactedJson, redactPayload } from '../../../../../main/core/delivery-log/redact-payload.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { EVENT_TYPES } from '../../../../../shared/catalog.js';
import { personalValues } from '../../../../support/personal-values.js';

/** Every key path of a JSON value, so the redacted copy can be compared key for key. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, child]) => [`${prefix}.${key}`, ...keyPaths(child, `${prefix}.${key}`)]);
}

describe('redactPayload', () => {
  it('covers all 26 WiFire types', () => {
    expect(EVENT_TYPES).toHaveLength(26);
  });

  for (const type of EVENT_TYPES) {
    it(`hides every value of the customer in a ${type} delivery, keeping its keys and business fields`, () => {
      for (const n of [1, 2, 3]) {
        const customer = fakeCustomer(n);
        const payload = buildPayload(type, customer);
        const text = redactedJson(payload);
        for (const value of personalValues(customer)) expect(text, `${type}: ${value}`).not.toContain(value);

        const shown = JSON.parse(text) as Record<string, Record<string, unknown>>;
        expect(keyPaths(shown)).toEqual(keyPaths(payload));
        expect(shown.type).toBe(type);
        expect(shown.establishment).toEqual(payload.establishment);
        const activity = payload.activity as Record<string, unknown> | undefined;
        if (activity) {
          expect(shown.activity!.created_at).toBe(activity.created_at);
          // Scores are numbers and stay; WiFire's sentence quotes the name and goes.
          expect(shown.activity!.data_of_type).toEqual(activity.data_of_type);
          expect(shown.activity!.message).toBe(REDACTED);
        }
        const user = shown.user!;
        expect(user.name).toBe(REDACTED);
        expect(user.email).toBe(REDACTED);
        expect(user.phone).toBe(REDACTED);
        if ('status_email' in user) expect(user.status_email).toBe('valid');
        // A missing Facebook or Google id stays null: what was absent is not made up.
        if ('facebook_id' in user) expect(user.facebook_id).toBe(customer.facebookId === null ? null : REDACTED);
      }
    });
  }

  it('hides text in data_of_type, anything unknown under the customer, and unknown objects at the top', () => {
    const shown = redactPayload({
      type: 'cliente-comentou-produto',
      activity: {
        message: 'Ana comentou.',
        data_of_type: { score: 8, product: 'Chopp', comment: 'Ótimo, Ana Silva', tags: ['a', 3] },
        created_at: '2026-03-14 15:00:00',
      },
      establishment: { identifier: 'botecodowifire', name: 'Boteco do WiFire', slug: 'boteco', owner_email: 'x@y.z' },
      user: { id: 29, name: 'Ana', gender: 'F', address: { street: 'Rua A', number: 10 }, verified: true, phone: 4499 },
      customer_extra: { nickname: 'Aninha', visits: 4 },
      note: 'Ana Silva',
    });
    expect(shown).toEqual({
      type: 'cliente-comentou-produto',
      activity: {
        message: REDACTED,
        data_of_type: { score: 8, product: REDACTED, comment: REDACTED, tags: [REDACTED, 3] },
        created_at: '2026-03-14 15:00:00',
      },
      establishment: { identifier: 'botecodowifire', name: 'Boteco do WiFire', slug: 'boteco', owner_email: REDACTED },
      user: {
        id: REDACTED,
        name: REDACTED,
        gender: REDACTED,
        address: { street: REDACTED, number: REDACTED },
        verified: true,
        phone: REDACTED,
      },
      customer_extra: { nickname: REDACTED, visits: REDACTED },
      note: REDACTED,
    });
  });

  it('shows something that is not an object without its text', () => {
    expect(redactPayload('Ana Silva')).toBe(REDACTED);
    expect(redactPayload(['Ana', 3, null])).toEqual([REDACTED, 3, null]);
  });
});
