// A row's second line: the event's body without the customer's name, which the row already shows first.
import type { Locale } from '../shared/catalog.js';

/**
 * "Ana Lima deu nota 3 para o Bar." → "Deu nota 3 para o Bar."; "Ana Lima, cliente frequente, está no local" →
 * "Está no local" (the apposition says what the tag beside the name already says). A body that does not start with
 * the name (no name, WiFire's own message for a new type) is kept as it is.
 */
export function bodyWithoutName(body: string, name: string | null, locale: Locale): string {
  if (!name || !body.startsWith(name)) return body;
  const rest = body
    .slice(name.length)
    .replace(/^,[^,.!?]*,/, '')
    .replace(/^[\s,:;–-]+/, '');
  if (rest === '') return body;
  return rest.charAt(0).toLocaleUpperCase(locale) + rest.slice(1);
}
