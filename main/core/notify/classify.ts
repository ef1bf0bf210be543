// Classify: what an event means for the desk, from the catalog, in the desk's language.
import {
  catalogEntry,
  isKnownType,
  renderTexts,
  type Category,
  type IconName,
  type Locale,
  type Priority,
} from '../../../shared/catalog.js';
import { isTestEvent } from '../../../shared/test-event.js';
import { findScore } from '../intake/normalize.js';
import type { Customer, StoredEvent } from '../store/event-store.js';

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

/** The test event says what it is, wherever it shows: the feed, the pop-up. */
const TEST_TEXTS: Record<Locale, { title: string; body: string }> = {
  'pt-BR': {
    title: 'Evento de teste',
    body: 'Chegou pelo endereço público: o WiFire consegue alcançar este computador.',
  },
  en: {
    title: 'Test event',
    body: 'It came through the public address: WiFire can reach this computer.',
  },
};

export function classify(event: StoredEvent, customer: Pick<Customer, 'name'> | null, locale: Locale): ClassifiedEvent {
  const entry = catalogEntry(event.type);
  const texts = isTestEvent(event)
    ? TEST_TEXTS[locale]
    : renderTexts(
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
