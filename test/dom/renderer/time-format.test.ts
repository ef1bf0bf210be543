import { describe, expect, it } from 'vitest';
import { absoluteTime, birthdayText, clockTime, localDay, relativeTime } from '../../../renderer/time-format.js';
import { initials } from '../../../renderer/initials.js';

const NOW = Date.UTC(2026, 2, 14, 18, 0, 0);
const MIN = 60_000;

describe('relative time', () => {
  it('reads "há 2 min." in pt-BR for an event two and a half minutes old', () => {
    expect(relativeTime(NOW - 2.5 * MIN, NOW, 'pt-BR')).toBe('há 2 min.');
  });

  it('reads "2 min. ago" in English', () => {
    expect(relativeTime(NOW - 2 * MIN, NOW, 'en')).toBe('2 min. ago');
  });

  it('says "agora" / "now" for less than a minute', () => {
    expect(relativeTime(NOW - 20_000, NOW, 'pt-BR')).toBe('agora');
    expect(relativeTime(NOW - 20_000, NOW, 'en')).toBe('now');
  });

  it('counts hours, then "ontem" / "yesterday"', () => {
    expect(relativeTime(NOW - 3 * 60 * MIN, NOW, 'pt-BR')).toBe('há 3 h');
    expect(relativeTime(NOW - 26 * 60 * MIN, NOW, 'pt-BR')).toBe('ontem');
    expect(relativeTime(NOW - 26 * 60 * MIN, NOW, 'en')).toBe('yesterday');
  });
});

describe('absolute times', () => {
  it('shows the time in the settings time zone, not the computer one', () => {
    expect(absoluteTime(NOW, 'pt-BR', 'America/Sao_Paulo')).toBe('14/03/2026, 15:00');
    expect(absoluteTime(NOW, 'pt-BR', 'America/Manaus')).toBe('14/03/2026, 14:00');
    expect(clockTime(NOW, 'pt-BR', 'America/Sao_Paulo')).toBe('15:00');
  });

  it('counts days in the settings time zone', () => {
    const lateEvening = Date.UTC(2026, 2, 15, 1, 30); // 22:30 on the 14th in São Paulo
    expect(localDay(lateEvening, 'America/Sao_Paulo')).toBe('2026-03-14');
    expect(localDay(lateEvening, 'UTC')).toBe('2026-03-15');
  });

  it('shows a birthday as day and month, without the year', () => {
    expect(birthdayText('1988-08-08', 'pt-BR')).toBe('8 de ago.');
    expect(birthdayText('1988-08-08', 'en')).toBe('Aug 8');
    expect(birthdayText('1992-02-29', 'pt-BR')).toBe('29 de fev.');
  });
});

describe('initials', () => {
  it('takes the first letters of the first and last name', () => {
    expect(initials('Lincoln Fernandes')).toBe('LF');
    expect(initials('ana beatriz de souza')).toBe('AS');
  });

  it('keeps accented letters', () => {
    expect(initials('Élida Íris')).toBe('ÉÍ');
  });

  it('uses one letter for one name and "?" without a name', () => {
    expect(initials('Madonna')).toBe('M');
    expect(initials(null)).toBe('?');
    expect(initials('   ')).toBe('?');
  });
});
