// The one hardening applied to every window: locked-down web preferences, no navigation, no pop-up windows,
// external links only if http(s) and only through the OS browser, every permission denied.
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-origin.js';

/** What a window may choose for itself: size, frame, title; never its web preferences. */
export type WindowOptions = Record<string, unknown> & { webPreferences?: never };

/** Electron's BrowserWindow constructor (a fake in tests). */
export type WindowConstructor<W> = new (options: Record<string, unknown>) => W;

/**
 * Every window is made here, with the preferences written out where the security scan (electronegativity) and a
 * reader can see them: sandboxed, isolated, no Node, no webview, only our preload, an in-memory session.
 */
export function createHardenedWindow<W>(
  BrowserWindow: WindowConstructor<W>,
  options: WindowOptions,
  preload: string,
  partition: string,
): W {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click would open a link in a new window without going through the window-open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Only plain web addresses leave the app, to the OS browser: never file:, smb:, javascript: or app protocols. */
export function isSafeExternalUrl(url: string): boolean {
  return safeExternalHref(url) !== null;
}

/** The address as parsed, when it may be opened: the OS then gets exactly what passed the check. */
function safeExternalHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  // user:pass@ in a link is how phishing hides the real host.
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return parsed.href;
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of a window's WebContents the hardening touches (Electron's WebContents fits). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HardeningDeps {
  openExternal(url: string): Promise<void>;
  log: Logger;
}

/** Opens an http(s) link in the OS browser; anything else is refused. Says whether it opened. */
export function openExternalSafely(url: string, deps: HardeningDeps): boolean {
  const href = safeExternalHref(url);
  if (href === null) {
    deps.log.warn('external link refused', { scheme: url.split(':', 1)[0]?.slice(0, 20) ?? '' });
    return false;
  }
  deps.openExternal(href).catch(() => deps.log.warn('external link could not be opened'));
  return true;
}

export function hardenContents(contents: HardenableContents, deps: HardeningDeps): void {
  // The page never leaves the app: links go to the browser, everything else stays put. Hash routes are
  // in-page navigations and do not pass through here.
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternalSafely(url, deps);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, deps);
    return { action: 'deny' };
  });
}

/** The session's permission hooks (Electron's Session fits). */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** The pages need no camera, microphone, location or web notifications (pop-ups come from main): all denied. */
export function denyAllPermissions(session: PermissionSession, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('permission request denied', { permission: permission.slice(0, 40) });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
