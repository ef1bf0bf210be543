// Stored rows as the views show them: texts rendered in the desk's language, the customer card with its history.
import type { Locale } from '../../../shared/catalog.js';
import type { CustomerCard, FeedItem } from '../../../shared/bridge-contract.js';
import { classify } from '../notify/classify.js';
import { localDay } from '../local-time.js';
import type { Customer } from '../store/event-store.js';
import type { FeedRow } from '../store/feed-queries.js';
import { silenceReason, type SilenceSettings } from './silence-reason.js';

/** What turning a stored row into a feed item reads from the settings: the language and what silences pop-ups. */
export type FeedItemSettings = SilenceSettings & { locale: Locale };

export function toFeedItem(row: FeedRow, settings: FeedItemSettings): FeedItem {
  const classified = classify(row.event, { name: row.customerName }, settings.locale);
  const { event } = row;
  return {
    id: event.id,
    type: event.type,
    known: classified.known,
    category: classified.category,
    priority: classified.priority,
    icon: classified.icon,
    title: classified.title,
    body: classified.body,
    customerId: event.customerId,
    customerName: row.customerName,
    hasPhoto: row.hasPhoto,
    establishmentId: event.establishmentId,
    establishmentName: event.establishmentName,
    createdAt: event.createdAt,
    receivedAt: event.receivedAt,
    read: event.readAt !== null,
    silenced: silenceReason(
      {
        type: event.type,
        establishmentId: event.establishmentId,
        priority: classified.priority,
        popup: classified.popup,
        receivedAt: event.receivedAt,
      },
      settings,
    ),
  };
}

/** WiFire sends birthdays as YYYY-MM-DD; today is the local day of the place. */
export function isBirthdayToday(birthday: string | null, now: number, timeZone: string): boolean {
  const match = birthday ? /^\d{4}-(\d{2})-(\d{2})/.exec(birthday.trim()) : null;
  if (!match) return false;
  return localDay(now, timeZone).slice(5) === `${match[1]}-${match[2]}`;
}

export function toCustomerCard(
  customer: Customer,
  history: FeedRow[],
  settings: FeedItemSettings,
  now: number,
): CustomerCard {
  return {
    id: customer.id,
    name: customer.name,
    birthday: customer.birthday,
    birthdayToday: isBirthdayToday(customer.birthday, now, settings.timeZone),
    firstSeenAt: customer.firstSeenAt,
    lastSeenAt: customer.lastSeenAt,
    visitCount: customer.visitCount,
    lastRating:
      customer.lastRatingBand !== null && customer.lastRatingAt !== null
        ? { score: customer.lastRatingScore, band: customer.lastRatingBand, at: customer.lastRatingAt }
        : null,
    contact: { email: customer.email, phone: customer.phone, cpf: customer.cpf, rg: customer.rg },
    hasPhoto: customer.photoUrl !== null,
    history: history.map((row) => toFeedItem(row, settings)),
  };
}
