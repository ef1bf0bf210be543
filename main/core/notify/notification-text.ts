// What a notification server can carry: D-Bus strings are UTF-8 without NUL, and the body is simple markup.

/**
 * A NUL or a lone surrogate cannot travel in a D-Bus string (the whole message would be refused and the pop-up
 * lost): each becomes U+FFFD, the character the spec itself uses for what cannot be shown. Everything else,
 * dashes, quotes, RTL marks, zero-width joiners and newlines included, is passed on as it is.
 */
export function notificationText(text: string): string {
  return text.replace(/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The body of a server that reads markup: `&`, `<` and `>` become entities, so "Ana & <b>Bia</b>" stays text. */
export function escapeBodyMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
