// Dates as staff read them: "há 2 min." for the feed, absolute times in the settings' time zone, birthdays as "8 de ago.".
import type { Locale } from '../shared/catalog.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

/** "agora", "há 2 min.", "há 3 h", "ontem"… — `at` and `now` in epoch ms. */
export function relativeTime(at: number, now: number, locale: Locale): string {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { style: 'short', numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  const diff = at - now;
  const sign = diff < 0 ? -1 : 1;
  const abs = Math.abs(diff);
  // Truncate toward zero: 2 min 50 s ago still reads "2 min", as a clock on the wall would.
  const whole = (unit: number): number => (Math.floor(abs / unit) || 0) * sign;
  if (abs < MINUTE) return format.format(0, 'second');
  if (abs < HOUR) return format.format(whole(MINUTE), 'minute');
  if (abs < DAY) return format.format(whole(HOUR), 'hour');
  if (abs < 7 * DAY) return format.format(whole(DAY), 'day');
  if (abs < 30 * DAY) return format.format(whole(7 * DAY), 'week');
  if (abs < 365 * DAY) return format.format(whole(30 * DAY), 'month');
  return format.format(whole(365 * DAY), 'year');
}

function cachedFormat(locale: Locale, timeZone: string, key: string, options: Intl.DateTimeFormatOptions) {
  const id = `${locale}|${timeZone}|${key}`;
  let format = absoluteFormats.get(id);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // An unknown zone must not blank the feed: fall back to the computer's own.
      format = new Intl.DateTimeFormat(locale, options);
    }
    absoluteFormats.set(id, format);
  }
  return format;
}

/** "24/11/2026, 15:30" in the settings' time zone. */
export function absoluteTime(at: number, locale: Locale, timeZone: string): string {
  return cachedFormat(locale, timeZone, 'datetime', { dateStyle: 'short', timeStyle: 'short' }).format(at);
}

/** Makes the formatters a feed row uses ahead of time (the page's first one loads the locale data). */
export function warmTimeFormats(locale: Locale, timeZone: string, now: number): void {
  relativeTime(now, now, locale);
  absoluteTime(now, locale, timeZone);
}

/** "15:30" in the settings' time zone. */
export function clockTime(at: number, locale: Locale, timeZone: string): string {
  return cachedFormat(locale, timeZone, 'time', { timeStyle: 'short' }).format(at);
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone, as the feed's day filters count days. */
export function localDay(at: number, timeZone: string): string {
  const parts = cachedFormat('en', timeZone, 'day', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** WiFire's "1988-08-11" as "11 de ago." (pt-BR) or "Aug 11" (en): day and month only, never the age. */
export function birthdayText(birthday: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthday);
  if (!match) return birthday;
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return birthday;
  // Year 2000 is a leap year, so 29 February still formats.
  return cachedFormat(locale, 'UTC', 'birthday', { day: 'numeric', month: 'short' }).format(
    Date.UTC(2000, month - 1, day),
  );
}
