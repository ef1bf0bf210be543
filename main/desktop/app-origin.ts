// The app's own pages live at wifire-desk://app/…: the only origin trusted to call the bridge.

export const APP_SCHEME = 'wifire-desk';
export const APP_HOST = 'app';
export const APP_INDEX = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True only for the app's own pages. Node's URL gives custom schemes the origin "null", so scheme and host are
 * compared; credentials or a port would make it some other address.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The page at a hash route: `#/tray`, `#/feed`, `#/settings`, `#/customer/<id>`. */
export function appPageUrl(hash: string): string {
  return `${APP_INDEX}${hash.startsWith('#') ? hash : `#${hash}`}`;
}
