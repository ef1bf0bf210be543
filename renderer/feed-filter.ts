// The feed's filters, checked in the page for pushed events: the same rules the service applies to listFeed.
import type { FeedItem, FeedQuery } from '../shared/bridge-contract.js';
import {
  CATALOG,
  CATEGORIES,
  EVENT_TYPES,
  isLgpdType,
  type Category,
  type KnownEventType,
  type Locale,
} from '../shared/catalog.js';
import { foldForSearch } from '../shared/fold-for-search.js';
import { localDay } from './time-format.js';

/** Types the feed can hold: LGPD requests are acted on and never stored, so no filter offers them. */
export const LISTED_TYPES: readonly KnownEventType[] = EVENT_TYPES.filter((type) => !isLgpdType(type));
/** Categories with at least one listed type ("Privacidade (LGPD)" has none). */
export const LISTED_CATEGORIES: readonly Category[] = CATEGORIES.filter((category) =>
  LISTED_TYPES.some((type) => CATALOG[type].category === category),
);

/** One collator per language: `localeCompare(b, locale)` builds a new one on every comparison. */
const collators = new Map<string, Intl.Collator>();

/** The types the type filter offers for these categories (all when none is chosen), sorted by their title. */
export function typeChoices(
  categories: readonly Category[],
  locale: Locale,
): Array<{ type: KnownEventType; title: string }> {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale);
    collators.set(locale, collator);
  }
  const compare = collator.compare;
  return LISTED_TYPES.filter((type) => categories.length === 0 || categories.includes(CATALOG[type].category))
    .map((type) => ({ type, title: CATALOG[type].texts[locale].title }))
    .sort((a, b) => compare(a.title, b.title));
}

export interface FeedFilters {
  categories: Category[];
  /** One catalog type, or null for all types of the chosen categories. */
  type: string | null;
  establishmentId: string | null;
  fromDay: string | null;
  toDay: string | null;
  search: string;
  unreadOnly: boolean;
}

export const EMPTY_FILTERS: FeedFilters = {
  categories: [],
  type: null,
  establishmentId: null,
  fromDay: null,
  toDay: null,
  search: '',
  unreadOnly: false,
};

export function hasActiveFilters(filters: FeedFilters): boolean {
  return (
    filters.categories.length > 0 ||
    filters.type !== null ||
    filters.establishmentId !== null ||
    filters.fromDay !== null ||
    filters.toDay !== null ||
    filters.search.trim() !== '' ||
    filters.unreadOnly
  );
}

/** The listFeed query for these filters (without paging). */
export function filtersToQuery(filters: FeedFilters): FeedQuery {
  const query: FeedQuery = {};
  if (filters.categories.length > 0) query.categories = [...filters.categories];
  if (filters.type) query.types = [filters.type];
  if (filters.establishmentId) query.establishmentIds = [filters.establishmentId];
  if (filters.fromDay) query.fromDay = filters.fromDay;
  if (filters.toDay) query.toDay = filters.toDay;
  const search = filters.search.trim();
  if (search) query.search = search;
  if (filters.unreadOnly) query.unreadOnly = true;
  return query;
}

export function matchesFilters(item: FeedItem, filters: FeedFilters, timeZone: string): boolean {
  if (filters.categories.length > 0 && !filters.categories.includes(item.category)) return false;
  if (filters.type && item.type !== filters.type) return false;
  if (filters.establishmentId && item.establishmentId !== filters.establishmentId) return false;
  if (filters.fromDay || filters.toDay) {
    const day = localDay(item.createdAt, timeZone);
    if (filters.fromDay && day < filters.fromDay) return false;
    if (filters.toDay && day > filters.toDay) return false;
  }
  const search = foldForSearch(filters.search.trim());
  if (search && !(item.customerName !== null && foldForSearch(item.customerName).includes(search))) return false;
  if (filters.unreadOnly && item.read) return false;
  return true;
}
