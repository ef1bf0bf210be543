// created_at is the establishment's wall clock: read in its zone, stored as an instant.
import { describe, expect, it } from 'vitest';
import { localDay, parseCreatedAt } from '../../../../main/core/local-time.js';

describe('parseCreatedAt', () => {
  it("reads WiFire's sample in São Paulo, which was on daylight saving time (UTC-2) in November 2017", () => {
    expect(new Date(parseCreatedAt('2017-11-14 16:21:50', 'America/Sao_Paulo')!).toISOString()).toBe(
      '2017-11-14T18:21:50.000Z',
    );
  });

  it('reads a 2026 time in São Paulo at UTC-3 and in Manaus at UTC-4', () => {
    expect(new Date(parseCreatedAt('2026-11-24 09:00:00', 'America/Sao_Paulo')!).toISOString()).toBe(
      '2026-11-24T12:00:00.000Z',
    );
    expect(new Date(parseCreatedAt('2026-11-24 09:00:00', 'America/Manaus')!).toISOString()).toBe(
      '2026-11-24T13:00:00.000Z',
    );
  });

  it('takes a timestamp that carries its own zone as it is', () => {
    expect(parseCreatedAt('2026-11-24T09:00:00Z', 'America/Sao_Paulo')).toBe(Date.parse('2026-11-24T09:00:00Z'));
    expect(parseCreatedAt('2026-11-24T09:00:00-03:00', 'Asia/Tokyo')).toBe(Date.parse('2026-11-24T12:00:00Z'));
  });

  it('returns null for dates that do not exist', () => {
    expect(parseCreatedAt('2026-02-30 10:00:00', 'America/Sao_Paulo')).toBeNull();
    expect(parseCreatedAt('2026-13-01 10:00:00', 'America/Sao_Paulo')).toBeNull();
    expect(parseCreatedAt('ontem às 10h', 'America/Sao_Paulo')).toBeNull();
  });
});

describe('localDay', () => {
  it('gives the local calendar day, which differs from UTC late in the evening', () => {
    expect(localDay(Date.parse('2026-11-25T01:30:00Z'), 'America/Sao_Paulo')).toBe('2026-11-24');
  });
});
