// Classify: what an event means for the desk, from the catalog, in the desk's language.
import {
  catalogEntry,
  isKnownType,
  renderTexts,
  type Category,
  type IconName,
  type Locale,
  type Priority,
} from '../../shared/catalog.js';
import { findScore } from './normalize.js';
import type { Customer, StoredEvent } from './store/event-store.js';

export interface ClassifiedEvent {
  event: StoredEvent;
  known: boolean;
  category: Category;
  priority: Priority;
  icon: IconName;
  popup: boolean;
  title: string;
  body: string;
}

export function classify(event: StoredEvent, customer: Pick<Customer, 'name'> | null, locale: Locale): ClassifiedEvent {
  const entry = catalogEntry(event.type);
  const texts = renderTexts(
    event.type,
    {
      name: customer?.name ?? null,
      establishment: event.establishmentName,
      score: entry.category === 'rating' ? findScore(event.data) : null,
      message: event.message,
    },
    locale,
  );
  return {
    event,
    known: isKnownType(event.type),
    category: entry.category,
    priority: entry.priority,
    icon: entry.icon,
    popup: entry.popup,
    title: texts.title,
    body: texts.body,
  };
}
