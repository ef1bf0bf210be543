// Which stored events may interrupt the staff: muted types and places, "não perturbe", LGPD types.
import { describe, expect, it } from 'vitest';
import { Snooze } from '../../../../../main/core/notify/snooze.js';
import { isBirthdayToday } from '../../../../../main/core/bridge/feed-item.js';
import type { ClassifiedEvent } from '../../../../../main/core/notify/classify.js';
import { decide, isFollowed, isQuietTime, isStaleArrival } from '../../../../../main/core/notify/policy.js';
import { DEFAULT_SETTINGS } from '../../../../../shared/settings-schema.js';

function classified(type: string, establishmentId = 'boteco', popup = true): ClassifiedEvent {
  return {
    event: {
      id: '1',
      type,
      customerId: 'c1',
      establishmentId,
      establishmentName: null,
      message: null,
      data: null,
      // Just now, unless a test says otherwise: a fresh arrival.
      createdAt: Date.now(),
      receivedAt: Date.now(),
      readAt: null,
    },
    known: true,
    category: 'arrival',
    priority: 'normal',
    icon: 'user',
    popup,
    title: '',
    body: '',
  };
}

const awake = { now: 1_000, snoozedUntil: null };

describe('the notification policy', () => {
  it('pops up an event nobody muted', () => {
    expect(decide(classified('cliente-chegou'), DEFAULT_SETTINGS, awake)).toEqual({ popup: true });
  });

  it('keeps a muted type quiet', () => {
    const settings = { ...DEFAULT_SETTINGS, mutedTypes: ['cliente-chegou'] };
    expect(decide(classified('cliente-chegou'), settings, awake)).toEqual({ popup: false, reason: 'muted' });
  });

  it('keeps a muted establishment quiet while its other places still pop up', () => {
    const settings = { ...DEFAULT_SETTINGS, mutedEstablishments: ['padaria'] };
    expect(decide(classified('cliente-chegou', 'padaria'), settings, awake)).toEqual({
      popup: false,
      reason: 'muted-establishment',
    });
    expect(decide(classified('cliente-chegou', 'boteco'), settings, awake)).toEqual({ popup: true });
  });

  it('holds pop-ups during "não perturbe" and lets them through once it ends', () => {
    const event = classified('cliente-chegou');
    expect(decide(event, DEFAULT_SETTINGS, { now: 1_000, snoozedUntil: 2_000 })).toEqual({
      popup: false,
      reason: 'snoozed',
    });
    expect(decide(event, DEFAULT_SETTINGS, { now: 2_000, snoozedUntil: 2_000 })).toEqual({ popup: true });
  });

  it('holds every pop-up while notifications are paused, urgent ones too, until resumed', () => {
    const urgent = { ...classified('cliente-insatisfeito-chegou'), priority: 'urgent' as const };
    const paused = { ...DEFAULT_SETTINGS, notificationsPaused: true };
    expect(decide(urgent, paused)).toEqual({ popup: false, reason: 'paused' });
    expect(decide(classified('cliente-chegou'), paused)).toEqual({ popup: false, reason: 'paused' });
    expect(decide(urgent, { ...paused, notificationsPaused: false })).toEqual({ popup: true });
  });

  it('never pops up the LGPD types', () => {
    expect(decide(classified('cliente-removeu-conta', 'boteco', false), DEFAULT_SETTINGS, awake)).toEqual({
      popup: false,
      reason: 'no-popup-type',
    });
  });
});

describe('"não perturbe"', () => {
  it('lasts the minutes asked for, then lifts by itself, and 0 lifts it at once', () => {
    let now = 0;
    const snooze = new Snooze(() => now);
    snooze.set(60);
    expect(snooze.snoozedUntil).toBe(3_600_000);
    now = 3_600_000;
    expect(snooze.snoozedUntil).toBeNull();
    snooze.set(30);
    snooze.set(0);
    expect(snooze.snoozedUntil).toBeNull();
  });
});

describe('the birthday flag on the customer card', () => {
  const noonSaoPaulo = Date.parse('2026-08-11T15:00:00Z');

  it("is on when month and day match today in the place's time zone", () => {
    expect(isBirthdayToday('1988-08-11', noonSaoPaulo, 'America/Sao_Paulo')).toBe(true);
    expect(isBirthdayToday('1988-08-12', noonSaoPaulo, 'America/Sao_Paulo')).toBe(false);
  });

  it('follows the local day, not UTC, late in the evening', () => {
    const lateEvening = Date.parse('2026-08-12T01:30:00Z'); // 22:30 on the 11th in São Paulo
    expect(isBirthdayToday('1990-08-11', lateEvening, 'America/Sao_Paulo')).toBe(true);
  });

  it('is off without a readable birthday', () => {
    expect(isBirthdayToday(null, noonSaoPaulo, 'America/Sao_Paulo')).toBe(false);
    expect(isBirthdayToday('11/08', noonSaoPaulo, 'America/Sao_Paulo')).toBe(false);
  });
});

/** An instant on the establishment's clock in São Paulo (UTC−3, no DST since 2019). */
const sp = (wall: string): number => Date.parse(`${wall}-03:00`);
const ZONE = 'America/Sao_Paulo';

describe('quiet hours', () => {
  // 2026-11-27 is a Friday (sexta), 2026-11-28 a Saturday.
  const fridayNight = [{ days: [5], from: '23:00', to: '09:00' }];

  it('are quiet from the start of the period on its weekday, on the establishment clock', () => {
    expect(isQuietTime(sp('2026-11-27T22:59:00'), fridayNight, ZONE)).toBe(false);
    expect(isQuietTime(sp('2026-11-27T23:00:00'), fridayNight, ZONE)).toBe(true);
  });

  it('run past midnight into the next morning, and end at the time given', () => {
    expect(isQuietTime(sp('2026-11-28T03:00:00'), fridayNight, ZONE)).toBe(true);
    expect(isQuietTime(sp('2026-11-28T08:59:00'), fridayNight, ZONE)).toBe(true);
    expect(isQuietTime(sp('2026-11-28T09:00:00'), fridayNight, ZONE)).toBe(false);
    // The same hours on a Saturday night are not in the period.
    expect(isQuietTime(sp('2026-11-28T23:30:00'), fridayNight, ZONE)).toBe(false);
  });

  it('follow the establishment time zone, not the computer clock (UTC)', () => {
    const lunch = [{ days: [1, 2, 3, 4, 5], from: '12:00', to: '14:00' }];
    // 15:30 UTC on a Monday is 12:30 in São Paulo.
    expect(isQuietTime(Date.parse('2026-11-23T15:30:00Z'), lunch, ZONE)).toBe(true);
    expect(isQuietTime(Date.parse('2026-11-23T12:30:00Z'), lunch, ZONE)).toBe(false);
  });

  it('hold a birthday arrival but let the unhappy customer at the door through', () => {
    const settings = { ...DEFAULT_SETTINGS, quietHours: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '23:59' }] };
    const now = sp('2026-11-24T10:00:00');
    const birthday = { ...classified('cliente-aniversariante-chegou'), priority: 'high' as const };
    birthday.event.createdAt = now;
    const unhappy = { ...classified('cliente-insatisfeito-chegou'), priority: 'urgent' as const };
    unhappy.event.createdAt = now;
    expect(decide(birthday, settings, { now, snoozedUntil: null })).toEqual({ popup: false, reason: 'quiet-hours' });
    expect(decide(unhappy, settings, { now, snoozedUntil: null })).toEqual({ popup: true });
  });
});

describe('stale arrivals', () => {
  it('never pop up an arrival or connection dated longer ago than the setting, but keep other late events', () => {
    const now = Date.now();
    const arrival = classified('cliente-chegou');
    arrival.event.createdAt = now - 31 * 60_000;
    const connection = { ...classified('cliente-conectou'), category: 'connection' as const };
    connection.event.createdAt = now - 31 * 60_000;
    const rating = { ...classified('cliente-avaliou'), category: 'rating' as const };
    rating.event.createdAt = now - 5 * 60 * 60_000;
    expect(isStaleArrival(arrival, now, { staleArrivalMinutes: 30 })).toBe(true);
    expect(isStaleArrival(arrival, now, { staleArrivalMinutes: 45 })).toBe(false);
    expect(decide(connection, DEFAULT_SETTINGS, { now, snoozedUntil: null })).toEqual({
      popup: false,
      reason: 'stale',
    });
    expect(decide(rating, DEFAULT_SETTINGS, { now, snoozedUntil: null })).toEqual({ popup: true });
  });
});

describe('followed establishments', () => {
  it('pop up only the places this desk follows, and every place when it follows none', () => {
    expect(isFollowed('centro', { followedEstablishments: [] })).toBe(true);
    expect(isFollowed('centro', { followedEstablishments: ['centro', 'praia'] })).toBe(true);
    const settings = { ...DEFAULT_SETTINGS, followedEstablishments: ['centro'] };
    expect(decide(classified('cliente-chegou', 'praia'), settings)).toEqual({ popup: false, reason: 'not-followed' });
    expect(decide(classified('cliente-chegou', 'centro'), settings)).toEqual({ popup: true });
  });
});
