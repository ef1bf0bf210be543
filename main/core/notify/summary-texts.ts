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

/** A burst: "5 clientes chegaram" when all are arrivals, else "5 novos eventos". */
export function burstTitle(count: number, categories: ReadonlySet<Category | undefined>, locale: Locale): string {
  const arrivals = categories.size === 1 && categories.has('arrival');
  const connections = categories.size === 1 && categories.has('connection');
  if (locale === 'pt-BR') {
    if (arrivals) return `${count} clientes chegaram`;
    if (connections) return `${count} clientes se conectaram`;
    return `${count} novos eventos`;
  }
  if (arrivals) return `${count} customers arrived`;
  if (connections) return `${count} customers connected`;
  return `${count} new events`;
}

/** After the app was closed, the computer slept, or a pause, snooze or quiet period ended. */
export function catchUpTitle(count: number, locale: Locale): string {
  if (locale === 'pt-BR') return `${count} ${count === 1 ? 'evento' : 'eventos'} enquanto você esteve fora`;
  return `${count} ${count === 1 ? 'event' : 'events'} while you were away`;
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
