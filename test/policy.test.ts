// Which stored events may interrupt the staff: muted types and places, "não perturbe", LGPD types.
import { describe, expect, it } from 'vitest';
import { Snooze } from '../main/core/snooze.js';
import { isBirthdayToday } from '../main/core/bridge/feed-item.js';
import type { ClassifiedEvent } from '../main/core/classify.js';
import { decide } from '../main/core/policy.js';
import { DEFAULT_SETTINGS } from '../shared/settings-schema.js';

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
      createdAt: 0,
      receivedAt: 0,
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
