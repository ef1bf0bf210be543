import { describe, expect, it } from 'vitest';
import { UI_STRINGS } from '../../../shared/ui-strings.js';

/** A sample argument list for a text with parameters: numbers and words in turn. */
function sample(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, index) => (index % 2 === 0 ? 3 : 'x'));
    return String((value as (...args: unknown[]) => unknown)(...args));
  }
  return '';
}

describe('UI strings', () => {
  it('has the same keys in pt-BR and English', () => {
    expect(Object.keys(UI_STRINGS.en).sort()).toEqual(Object.keys(UI_STRINGS['pt-BR']).sort());
  });

  it('has a non-empty text for every key in both languages', () => {
    for (const [locale, strings] of Object.entries(UI_STRINGS)) {
      for (const [key, value] of Object.entries(strings)) {
        expect(sample(value).trim(), `${locale}.${key}`).not.toBe('');
      }
    }
  });

  it('writes counts as people read them', () => {
    expect(UI_STRINGS['pt-BR'].eventCount(10_000)).toBe('10.000 eventos');
    expect(UI_STRINGS['pt-BR'].eventCount(1)).toBe('1 evento');
    expect(UI_STRINGS['pt-BR'].eventCount(0)).toBe('0 eventos');
    expect(UI_STRINGS.en.eventCount(10_000)).toBe('10,000 events');
  });
});
