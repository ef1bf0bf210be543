// The words a desk reads for each type: they fit any customer (no gendered agreement with the name) and no two
// types share a title, so the settings grid and the feed tell them apart.
import { describe, expect, it } from 'vitest';
import { CATALOG, EVENT_TYPES, LOCALES } from '../../../shared/catalog.js';
import { UI_STRINGS } from '../../../shared/ui-strings.js';

/** pt-BR words that agree with a person's gender: wrong for half the customers whatever the name. */
const GENDERED =
  /\b(insatisfeit[oa]s?|satisfeit[oa]s?|dele|dela|ele|ela|sozinh[oa]|bem-vind[oa]|atendid[oa]|conectad[oa])\b/i;

describe('the catalog texts', () => {
  it('say nothing in pt-BR that agrees with the gender of the customer named', () => {
    const gendered = EVENT_TYPES.filter((type) => GENDERED.test(CATALOG[type].texts['pt-BR'].body));
    expect(gendered).toEqual([]);
    expect(UI_STRINGS['pt-BR'].customerRemoved).not.toMatch(GENDERED);
  });

  it('give every type a title of its own, in each language', () => {
    for (const locale of LOCALES) {
      const byTitle = new Map<string, string[]>();
      for (const type of EVENT_TYPES) {
        const title = CATALOG[type].texts[locale].title;
        byTitle.set(title, [...(byTitle.get(title) ?? []), type]);
      }
      const shared = [...byTitle.entries()].filter(([, types]) => types.length > 1);
      expect(shared, locale).toEqual([]);
    }
  });
});
