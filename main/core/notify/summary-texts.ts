// The words of the pop-ups that stand for several events: a burst, and what happened while the desk was away.
import type { Category, Locale } from '../../../shared/catalog.js';

/** "Ana, Bruno e mais 3": the first names given, then how many more events. */
export function namesLine(names: readonly string[], count: number, locale: Locale): string {
  const shown = [...new Set(names)].slice(0, 2);
  const more = count - shown.length;
  if (shown.length === 0) return '';
  const and = locale === 'pt-BR' ? 'e' : 'and';
  const others = locale === 'pt-BR' ? `mais ${more}` : `${more} more`;
  if (more <= 0) return shown.length === 2 ? `${shown[0]} ${and} ${shown[1]}` : shown[0]!;
  return `${shown.join(', ')} ${and} ${others}`;
}

/** What a summary stands for: each event's type and category. */
export interface SummaryItem {
  type: string;
  category?: Category;
}

type Kind = 'birthday-arrival' | 'birthday-connection' | 'arrival' | 'connection' | 'negative' | 'rating' | 'other';

function kindOf(item: SummaryItem): Kind {
  const birthday = item.type.startsWith('cliente-aniversariante-');
  if (item.category === 'arrival') return birthday ? 'birthday-arrival' : 'arrival';
  if (item.category === 'connection') return birthday ? 'birthday-connection' : 'connection';
  if (item.type === 'cliente-avaliou-negativamente') return 'negative';
  if (item.category === 'rating') return 'rating';
  return 'other';
}

const KINDS: Record<Kind, Record<Locale, readonly [string, string]>> = {
  'birthday-arrival': {
    'pt-BR': ['aniversariante chegou', 'aniversariantes chegaram'],
    en: ['birthday customer arrived', 'birthday customers arrived'],
  },
  'birthday-connection': {
    'pt-BR': ['aniversariante se conectou', 'aniversariantes se conectaram'],
    en: ['birthday customer connected', 'birthday customers connected'],
  },
  arrival: { 'pt-BR': ['cliente chegou', 'clientes chegaram'], en: ['customer arrived', 'customers arrived'] },
  connection: {
    'pt-BR': ['cliente se conectou', 'clientes se conectaram'],
    en: ['customer connected', 'customers connected'],
  },
  negative: { 'pt-BR': ['avaliação negativa', 'avaliações negativas'], en: ['negative rating', 'negative ratings'] },
  rating: { 'pt-BR': ['avaliação', 'avaliações'], en: ['rating', 'ratings'] },
  other: { 'pt-BR': ['evento', 'eventos'], en: ['event', 'events'] },
};

function counted(kind: Kind, n: number, locale: Locale): string {
  const [one, many] = KINDS[kind][locale];
  return `${n} ${n === 1 ? one : many}`;
}

/** Events a summary counts without keeping them (past what a burst, backlog or pause keeps): how many of each kind. */
export class SummaryTally {
  private readonly kinds = new Map<Kind, number>();
  private count = 0;

  add(item: SummaryItem): void {
    const kind = kindOf(item);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    this.count++;
  }

  get total(): number {
    return this.count;
  }

  addTo(counts: Map<Kind, number>): void {
    for (const [kind, n] of this.kinds) counts.set(kind, (counts.get(kind) ?? 0) + n);
  }
}

/**
 * What happened, said as it happened: "3 aniversariantes chegaram", "3 clientes chegaram e 2 avaliações",
 * "4 clientes chegaram, 2 avaliações e mais 3 eventos"; the two biggest kinds by name, the rest counted. `beyond`
 * counts the events past those kept.
 */
export function whatHappened(items: readonly SummaryItem[], locale: Locale, beyond?: SummaryTally): string {
  const counts = new Map<Kind, number>();
  for (const item of items) counts.set(kindOf(item), (counts.get(kindOf(item)) ?? 0) + 1);
  beyond?.addTo(counts);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] === 'other' ? 1 : b[0] === 'other' ? -1 : 0));
  const total = items.length + (beyond?.total ?? 0);
  const and = locale === 'pt-BR' ? 'e' : 'and';
  if (sorted.length === 1) {
    const [kind, n] = sorted[0]!;
    if (kind !== 'other') return counted(kind, n, locale);
    return locale === 'pt-BR'
      ? `${n} ${n === 1 ? 'novo evento' : 'novos eventos'}`
      : `${n} new event${n === 1 ? '' : 's'}`;
  }
  const named = sorted.filter(([kind]) => kind !== 'other').slice(0, 2);
  const rest = total - named.reduce((sum, [, n]) => sum + n, 0);
  const parts = named.map(([kind, n]) => counted(kind, n, locale));
  if (rest === 0) return `${parts.join(` ${and} `)}`;
  const more =
    locale === 'pt-BR'
      ? `mais ${counted('other', rest, locale)}`
      : `${rest} more ${KINDS.other.en[rest === 1 ? 0 : 1]}`;
  return `${parts.join(', ')} ${and} ${more}`;
}

/** Why pop-ups were held back: the catch-up says "during the pause", not "while you were away", when it was a pause. */
export type CatchUpCause = 'paused' | 'snoozed' | 'quiet-hours' | 'closed' | 'asleep' | 'disconnected';

const WHILE: Record<CatchUpCause, Record<Locale, string>> = {
  paused: { 'pt-BR': 'Durante a pausa', en: 'While paused' },
  snoozed: { 'pt-BR': 'Durante o "Não perturbe"', en: 'During "Do not disturb"' },
  'quiet-hours': { 'pt-BR': 'Enquanto você esteve fora', en: 'While you were away' },
  closed: { 'pt-BR': 'Enquanto o WiFire Desk esteve fechado', en: 'While WiFire Desk was closed' },
  asleep: { 'pt-BR': 'Enquanto o computador dormia', en: 'While the computer was asleep' },
  disconnected: {
    'pt-BR': 'Enquanto este balcão esteve desligado',
    en: 'While this desk was disconnected',
  },
};

/** After the app was closed, the computer slept, or a pause, snooze or quiet period ended. */
export function catchUpTitle(
  cause: CatchUpCause,
  items: readonly SummaryItem[],
  locale: Locale,
  beyond?: SummaryTally,
): string {
  return `${WHILE[cause][locale]}: ${whatHappened(items, locale, beyond)}`;
}

export function catchUpBody(names: readonly string[], count: number, urgent: number, locale: Locale): string {
  const who = namesLine(names, count, locale);
  const pt = locale === 'pt-BR';
  const urgentPart = urgent === 0 ? '' : pt ? ` (${urgent} urgente${urgent > 1 ? 's' : ''})` : ` (${urgent} urgent)`;
  const open = pt ? 'Abra o feed para ver.' : 'Open the feed to see them.';
  return `${who}${urgentPart}${who || urgentPart ? '. ' : ''}${open}`;
}

export function repeatTitle(title: string, locale: Locale): string {
  return locale === 'pt-BR' ? `Lembrete: ${title}` : `Reminder: ${title}`;
}
