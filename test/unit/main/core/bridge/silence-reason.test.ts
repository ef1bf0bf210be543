// The feed's "silenciado" mark: why an event showed no pop-up, worked out in main from the settings now.
import { describe, expect, it } from 'vitest';
import { silenceReason, type SilenceFacts } from '../../../../../main/core/bridge/silence-reason.js';
import { toCustomerCard, toFeedItem, type FeedItemSettings } from '../../../../../main/core/bridge/feed-item.js';
import { classify } from '../../../../../main/core/notify/classify.js';
import { decide } from '../../../../../main/core/notify/policy.js';
import type { StoredEvent } from '../../../../../main/core/store/event-store.js';
import { CATALOG, EVENT_TYPES, isLgpdType } from '../../../../../shared/catalog.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../../../shared/settings-schema.js';

// Saturday 14/03/2026 at 23:30 and Sunday 15/03 at 10:00 in São Paulo (UTC−3).
const SATURDAY_NIGHT = Date.UTC(2026, 2, 15, 2, 30);
const SUNDAY_MORNING = Date.UTC(2026, 2, 15, 13, 0);
/** Friday and Saturday from 23:00 to 09:00 the next morning. */
const WEEKEND_NIGHTS = [{ days: [5, 6], from: '23:00', to: '09:00' }];

function settings(patch: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...patch };
}

function facts(patch: Partial<SilenceFacts> = {}): SilenceFacts {
  return {
    type: 'cliente-chegou',
    establishmentId: 'botecodowifire',
    priority: 'normal',
    popup: true,
    receivedAt: SUNDAY_MORNING,
    ...patch,
  };
}

function stored(type: string, receivedAt: number, establishmentId = 'botecodowifire'): StoredEvent {
  return {
    id: '7',
    type,
    customerId: '1001',
    establishmentId,
    establishmentName: 'Boteco do WiFire',
    message: null,
    data: null,
    // WiFire's clock may lag: the mark follows when the desk received it, as the pop-up decision did.
    createdAt: receivedAt - 5 * 60_000,
    receivedAt,
    readAt: null,
  };
}

describe('the silenced mark of a feed row', () => {
  it('is null for an event nothing silenced', () => {
    expect(silenceReason(facts(), settings())).toBeNull();
  });

  it('says muted for a muted type, a muted place, and a place this desk does not follow', () => {
    expect(silenceReason(facts(), settings({ mutedTypes: ['cliente-chegou'] }))).toBe('muted');
    expect(silenceReason(facts(), settings({ mutedEstablishments: ['botecodowifire'] }))).toBe('muted');
    expect(silenceReason(facts(), settings({ followedEstablishments: ['padariaesquina'] }))).toBe('muted');
    expect(silenceReason(facts(), settings({ followedEstablishments: ['botecodowifire'] }))).toBeNull();
  });

  it('says quiet for an event received in quiet hours, past midnight included, and not after they end', () => {
    const quiet = settings({ quietHours: WEEKEND_NIGHTS });
    expect(silenceReason(facts({ receivedAt: SATURDAY_NIGHT }), quiet)).toBe('quiet');
    expect(silenceReason(facts({ receivedAt: SATURDAY_NIGHT + 8 * 3_600_000 }), quiet)).toBe('quiet');
    expect(silenceReason(facts({ receivedAt: SUNDAY_MORNING }), quiet)).toBeNull();
  });

  it('never marks an urgent event quiet, since urgent pop-ups pass through quiet hours', () => {
    const quiet = settings({ quietHours: WEEKEND_NIGHTS });
    expect(silenceReason(facts({ priority: 'urgent', receivedAt: SATURDAY_NIGHT }), quiet)).toBeNull();
    expect(silenceReason(facts({ priority: 'urgent' }), settings({ mutedTypes: ['cliente-chegou'] }))).toBe('muted');
  });

  it('says muted rather than quiet when both apply, as the policy checks mutes first', () => {
    const both = settings({ quietHours: WEEKEND_NIGHTS, mutedTypes: ['cliente-chegou'] });
    expect(silenceReason(facts({ receivedAt: SATURDAY_NIGHT }), both)).toBe('muted');
  });

  it('leaves a type that never pops up unmarked: there was nothing to silence', () => {
    expect(silenceReason(facts({ popup: false }), settings({ mutedTypes: ['cliente-chegou'] }))).toBeNull();
  });

  it('agrees with the pop-up policy for every listed type under mutes, places and quiet hours', () => {
    const variants: Settings[] = [
      settings(),
      settings({ mutedTypes: ['cliente-conectou', 'cliente-avaliou-negativamente'] }),
      settings({ mutedEstablishments: ['padariaesquina'] }),
      settings({ followedEstablishments: ['botecodowifire'] }),
      settings({ quietHours: WEEKEND_NIGHTS }),
    ];
    for (const current of variants) {
      for (const type of EVENT_TYPES.filter((t) => !isLgpdType(t))) {
        for (const place of ['botecodowifire', 'padariaesquina']) {
          for (const at of [SATURDAY_NIGHT, SUNDAY_MORNING]) {
            const event = stored(type, at, place);
            const decision = decide(classify(event, { name: 'Ana' }, 'pt-BR'), current, {
              now: at,
              snoozedUntil: null,
            });
            const reason = silenceReason(
              { type, establishmentId: place, priority: CATALOG[type].priority, popup: true, receivedAt: at },
              current,
            );
            const expected = decision.popup
              ? null
              : decision.reason === 'quiet-hours'
                ? 'quiet'
                : ['muted', 'muted-establishment', 'not-followed'].includes(decision.reason)
                  ? 'muted'
                  : 'other';
            expect(reason, `${type} at ${place}`).toBe(expected);
          }
        }
      }
    }
  });
});

describe('feed items built in main', () => {
  const desk: FeedItemSettings = settings({ mutedTypes: ['cliente-tirou-foto'], quietHours: WEEKEND_NIGHTS });
  const row = (event: StoredEvent) => ({ event, customerName: 'Ana Lima', hasPhoto: false });

  it('carry the silenced mark worked out from the settings they are built with', () => {
    expect(toFeedItem(row(stored('cliente-tirou-foto', SUNDAY_MORNING)), desk).silenced).toBe('muted');
    expect(toFeedItem(row(stored('cliente-chegou', SATURDAY_NIGHT)), desk).silenced).toBe('quiet');
    expect(toFeedItem(row(stored('cliente-insatisfeito-chegou', SATURDAY_NIGHT)), desk).silenced).toBeNull();
    expect(toFeedItem(row(stored('cliente-chegou', SUNDAY_MORNING)), desk).silenced).toBeNull();
    // Unmuting brings the mark off at the next listing: it is never stored with the event.
    expect(toFeedItem(row(stored('cliente-tirou-foto', SUNDAY_MORNING)), settings()).silenced).toBeNull();
  });

  it('carry the mark in a customer card history too', () => {
    const customer = {
      id: '1001',
      name: 'Ana Lima',
      email: null,
      phone: null,
      birthday: null,
      photoUrl: null,
      cpf: null,
      rg: null,
      firstSeenAt: SATURDAY_NIGHT,
      lastSeenAt: SUNDAY_MORNING,
      visitCount: 2,
      lastRatingBand: null,
      lastRatingScore: null,
      lastRatingAt: null,
    };
    const card = toCustomerCard(
      customer,
      [row(stored('cliente-tirou-foto', SUNDAY_MORNING)), row(stored('cliente-chegou', SATURDAY_NIGHT))],
      desk,
      SUNDAY_MORNING,
    );
    expect(card.history.map((item) => item.silenced)).toEqual(['muted', 'quiet']);
  });
});
