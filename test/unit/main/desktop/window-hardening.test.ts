// The one hardening every window gets: locked preferences, no navigation, no pop-ups, http(s) links to the browser only.
import { describe, expect, it } from 'vitest';
import { recordingLogger, type LogEntry } from '../../../support/recording-logger.js';
import {
  denyAllPermissions,
  hardenContents,
  createHardenedWindow,
  isSafeExternalUrl,
  type HardenableContents,
  type PermissionSession,
  type PreventableEvent,
} from '../../../../main/desktop/window-hardening.js';

const APP_PAGE = 'wifire-desk://app/index.html#/feed';

type Listener = (event: PreventableEvent, url: string) => void;
type OpenHandler = Parameters<HardenableContents['setWindowOpenHandler']>[0];

class FakeContents implements HardenableContents {
  readonly listeners = new Map<string, Listener[]>();
  openHandler: OpenHandler | null = null;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  /** Fires an event as Electron would; says whether a listener prevented it. */
  emit(event: string, url = ''): boolean {
    let prevented = false;
    const preventable: PreventableEvent = {
      preventDefault: () => {
        prevented = true;
      },
    };
    for (const listener of this.listeners.get(event) ?? []) listener(preventable, url);
    return prevented;
  }
}

function hardened(options: { openExternal?: (url: string) => Promise<void> } = {}) {
  const contents = new FakeContents();
  const opened: string[] = [];
  const logs: LogEntry[] = [];
  hardenContents(contents, {
    openExternal:
      options.openExternal ??
      (async (url) => {
        opened.push(url);
      }),
    log: recordingLogger(logs),
  });
  return { contents, opened, logs };
}

/** Electron's BrowserWindow as createHardenedWindow sees it: a constructor that keeps its options. */
class FakeBrowserWindow {
  constructor(readonly options: Record<string, unknown>) {}
}

describe('createHardenedWindow', () => {
  it('sandboxes and isolates the page, with no Node, no webview, only the given preload and session', () => {
    const win = createHardenedWindow(FakeBrowserWindow, { width: 380, show: false }, '/opt/wd/preload.cjs', 'wd');

    expect(win.options).toMatchObject({ width: 380, show: false });
    expect(win.options.webPreferences).toMatchObject({
      preload: '/opt/wd/preload.cjs',
      partition: 'wd',
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
    });
  });

  it('turns off the middle click that would open a link in a new window past the window-open handler', () => {
    const win = createHardenedWindow(FakeBrowserWindow, {}, 'p', 'wd');
    expect((win.options.webPreferences as Record<string, unknown>).disableBlinkFeatures).toContain('Auxclick');
  });

  it('keeps a persistent session out: the partition has no "persist:" prefix, so nothing reaches the disk', () => {
    const win = createHardenedWindow(FakeBrowserWindow, {}, 'p', 'wifire-desk');
    expect((win.options.webPreferences as Record<string, unknown>).partition).not.toMatch(/^persist:/);
  });
});

describe('hardenContents', () => {
  it('keeps the page from navigating to a web address and opens it in the OS browser instead', () => {
    const { contents, opened } = hardened();

    expect(contents.emit('will-navigate', 'https://example.com')).toBe(true);
    expect(opened).toEqual(['https://example.com/']);
  });

  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'wifire-desk-evil://x']) {
    it(`blocks a navigation to ${url} and does not open it anywhere`, () => {
      const { contents, opened, logs } = hardened();

      expect(contents.emit('will-navigate', url)).toBe(true);
      expect(opened).toEqual([]);
      expect(logs).toEqual([{ level: 'warn', message: 'external link refused', fields: expect.any(Object) }]);
    });
  }

  it('logs only the scheme of a refused link, never the rest of the address', () => {
    const { contents, logs } = hardened();

    contents.emit('will-navigate', 'file:///home/maria.silva/cpf-123.456.789-09.pdf');

    expect(logs).toEqual([{ level: 'warn', message: 'external link refused', fields: { scheme: 'file' } }]);
  });

  it("lets the app's own page load", () => {
    const { contents, opened } = hardened();

    expect(contents.emit('will-navigate', APP_PAGE)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('blocks a redirect away from the app but not one within it', () => {
    const { contents, opened } = hardened();

    expect(contents.emit('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.emit('will-redirect', 'wifire-desk://app:8080/index.html')).toBe(true);
    expect(contents.emit('will-redirect', 'wifire-desk://app/index.html')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('refuses to attach a webview', () => {
    const { contents } = hardened();

    expect(contents.emit('will-attach-webview')).toBe(true);
  });

  it('denies every new window and opens only http(s) links in the OS browser', () => {
    const { contents, opened } = hardened();
    const open = contents.openHandler!;

    expect(open({ url: 'https://wifire.com.br/ajuda' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: APP_PAGE })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'about:blank' })).toEqual({ action: 'deny' });

    expect(opened).toEqual(['https://wifire.com.br/ajuda', 'http://example.com/']);
  });

  it('logs, without the address, a link the OS could not open, and does not throw', async () => {
    const logs: LogEntry[] = [];
    const contents = new FakeContents();
    hardenContents(contents, {
      openExternal: () => Promise.reject(new Error('no browser for https://example.com/maria')),
      log: recordingLogger(logs),
    });

    expect(contents.emit('will-navigate', 'https://example.com/maria')).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));

    expect(logs).toEqual([{ level: 'warn', message: 'external link could not be opened' }]);
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts plain http and https addresses', () => {
    expect(isSafeExternalUrl('https://wifire.com.br/ajuda?x=1#y')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
  });

  it('refuses an address with credentials, where phishing hides the real host', () => {
    expect(isSafeExternalUrl('https://user:pass@bank.example')).toBe(false);
    expect(isSafeExternalUrl('https://bank.example@evil.example/')).toBe(false);
  });

  it('refuses mail, file, script, share and app addresses, and what is not an address at all', () => {
    for (const url of [
      'mailto:',
      'mailto:ana@example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'wifire-desk://app/index.html',
      'wifire-desk-evil://x',
      'http://',
      'https:///',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('reads http:///nohost as the URL standard (and Chromium) do: a link to the host "nohost", not a hostless one', () => {
    // WHATWG URL skips the extra slashes of a special scheme, so there is no hostless http(s) URL to refuse.
    expect(new URL('http:///nohost').href).toBe('http://nohost/');
    expect(isSafeExternalUrl('http:///nohost')).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  function fakeSession() {
    const session: PermissionSession & {
      request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
      check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
    } = {
      setPermissionRequestHandler(handler) {
        session.request = handler;
      },
      setPermissionCheckHandler(handler) {
        session.check = handler;
      },
    };
    return session;
  }

  it('answers no to the camera, notifications and location, logging only the permission name', () => {
    const session = fakeSession();
    const logs: LogEntry[] = [];
    denyAllPermissions(session, recordingLogger(logs));
    const contents = { getURL: () => 'wifire-desk://app/index.html#/customer/maria.silva@example.com' };

    const answers: Array<[string, boolean]> = [];
    for (const permission of ['media', 'notifications', 'geolocation']) {
      session.request!(contents, permission, (granted) => answers.push([permission, granted]));
    }

    expect(answers).toEqual([
      ['media', false],
      ['notifications', false],
      ['geolocation', false],
    ]);
    expect(logs).toEqual(
      ['media', 'notifications', 'geolocation'].map((permission) => ({
        level: 'warn',
        message: 'permission request denied',
        fields: { permission },
      })),
    );
  });

  it('answers every permission check with no', () => {
    const session = fakeSession();
    denyAllPermissions(session, recordingLogger([]));

    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen']) {
      expect(session.check!({}, permission), permission).toBe(false);
    }
  });
});
