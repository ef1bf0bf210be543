// Start at login: Electron's login item on Windows and macOS, an XDG autostart entry on Linux, never from source.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyStartAtLogin,
  autostartEntryPath,
  HIDDEN_ARG,
  wasStartedAtLogin,
  type LoginItemDeps,
} from '../../../../main/desktop/login-item.js';
import { makeTempDir } from '../../../support/temp-service.js';

type FakeApp = LoginItemDeps['app'] & { calls: Parameters<LoginItemDeps['app']['setLoginItemSettings']>[0][] };
type LoginItemSettings = ReturnType<LoginItemDeps['app']['getLoginItemSettings']>;

function fakeApp(options: { isPackaged?: boolean; settings?: Partial<LoginItemSettings>; throws?: boolean } = {}) {
  const app: FakeApp = {
    isPackaged: options.isPackaged ?? true,
    calls: [],
    setLoginItemSettings(settings) {
      if (options.throws) throw new Error('boom');
      app.calls.push(settings);
    },
    getLoginItemSettings: () => ({
      openAtLogin: false,
      wasOpenedAtLogin: false,
      status: 'enabled',
      executableWillLaunchAtLogin: false,
      launchItems: [],
      ...options.settings,
    }),
  };
  return app;
}

const homes: string[] = [];
afterEach(() => {
  for (const dir of homes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type TestDeps = LoginItemDeps & { app: FakeApp };

function deps(overrides: Partial<TestDeps> = {}): TestDeps {
  const homeDir = makeTempDir('wifire-desk-home-');
  homes.push(homeDir);
  return {
    app: fakeApp(),
    platform: 'linux',
    execPath: '/opt/WiFire Desk/wifire-desk',
    argv: ['/opt/WiFire Desk/wifire-desk'],
    env: {},
    homeDir,
    ...overrides,
  };
}

const desktopFile = (d: LoginItemDeps): string => autostartEntryPath(d);
const execLine = (d: LoginItemDeps): string | undefined =>
  fs
    .readFileSync(desktopFile(d), 'utf8')
    .split('\n')
    .find((line) => line.startsWith('Exec='));

describe('applyStartAtLogin on Windows and macOS', () => {
  it('registers the installed app at login on Windows with the hidden argument', () => {
    const d = deps({ platform: 'win32', execPath: 'C:\\Program Files\\WiFire Desk\\WiFire Desk.exe' });
    expect(applyStartAtLogin(true, d)).toEqual({ ok: true });
    expect(d.app.calls).toEqual([
      { openAtLogin: true, path: 'C:\\Program Files\\WiFire Desk\\WiFire Desk.exe', args: [HIDDEN_ARG] },
    ]);
  });

  it('unregisters the app on Windows when start at login is turned off', () => {
    const d = deps({ platform: 'win32', execPath: 'C:\\WiFire Desk.exe' });
    expect(applyStartAtLogin(false, d)).toEqual({ ok: true });
    expect(d.app.calls).toEqual([{ openAtLogin: false, path: 'C:\\WiFire Desk.exe', args: [HIDDEN_ARG] }]);
  });

  it('registers the portable .exe itself rather than its temporary extraction folder', () => {
    const d = deps({
      platform: 'win32',
      execPath: 'C:\\Users\\x\\AppData\\Local\\Temp\\2abc\\WiFire Desk.exe',
      env: { PORTABLE_EXECUTABLE_FILE: 'D:\\WiFire Desk.exe' },
    });
    applyStartAtLogin(true, d);
    expect(d.app.calls[0]?.path).toBe('D:\\WiFire Desk.exe');
  });

  it('registers the app on macOS without arguments, which macOS would not pass anyway', () => {
    const d = deps({ platform: 'darwin' });
    expect(applyStartAtLogin(true, d)).toEqual({ ok: true });
    expect(applyStartAtLogin(false, d)).toEqual({ ok: true });
    expect(d.app.calls).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('asks for approval in System Settings when macOS has not yet allowed the login item', () => {
    const d = deps({ platform: 'darwin', app: fakeApp({ settings: { status: 'requires-approval' } }) });
    const result = applyStartAtLogin(true, d);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/Itens de Início/);
  });

  it('reports rather than throws when Electron refuses the login item', () => {
    const d = deps({ platform: 'win32', app: fakeApp({ throws: true }) });
    expect(applyStartAtLogin(true, d)).toEqual({ ok: false, reason: expect.stringMatching(/início automático/) });
  });
});

describe('applyStartAtLogin on Linux', () => {
  it('writes an XDG autostart entry that starts the app hidden, quoting a path with spaces', () => {
    const d = deps();
    expect(applyStartAtLogin(true, d)).toEqual({ ok: true });
    expect(desktopFile(d)).toBe(path.join(d.homeDir, '.config', 'autostart', 'wifire-desk.desktop'));
    const entry = fs.readFileSync(desktopFile(d), 'utf8');
    expect(entry.split('\n')).toEqual(
      expect.arrayContaining([
        '[Desktop Entry]',
        'Type=Application',
        'Name=WiFire Desk',
        'Exec="/opt/WiFire Desk/wifire-desk" --hidden',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
      ]),
    );
    expect(entry).toMatch(/^Comment=.*recepção/m);
  });

  it('leaves a plain path unquoted', () => {
    const d = deps({ execPath: '/opt/wifire-desk/wifire-desk' });
    applyStartAtLogin(true, d);
    expect(execLine(d)).toBe('Exec=/opt/wifire-desk/wifire-desk --hidden');
  });

  it('escapes characters the Desktop Entry spec reserves inside quotes, and percent signs', () => {
    const d = deps({ execPath: '/home/ana/$apps/"WiFire" 100%/back\\slash/wifire-desk' });
    applyStartAtLogin(true, d);
    expect(execLine(d)).toBe(
      'Exec="/home/ana/\\\\$apps/\\\\"WiFire\\\\" 100%%/back\\\\\\\\slash/wifire-desk" --hidden',
    );
  });

  it('starts the AppImage file rather than its temporary mount', () => {
    const d = deps({
      execPath: '/tmp/.mount_WiFireAbc123/wifire-desk',
      env: { APPIMAGE: '/home/ana/Aplicativos/WiFire Desk.AppImage' },
    });
    applyStartAtLogin(true, d);
    expect(execLine(d)).toBe('Exec="/home/ana/Aplicativos/WiFire Desk.AppImage" --hidden');
  });

  it('uses an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    const custom = deps();
    custom.env = { XDG_CONFIG_HOME: path.join(custom.homeDir, 'cfg') };
    applyStartAtLogin(true, custom);
    expect(fs.existsSync(path.join(custom.homeDir, 'cfg', 'autostart', 'wifire-desk.desktop'))).toBe(true);

    const relative = deps({ env: { XDG_CONFIG_HOME: 'cfg' } });
    expect(autostartEntryPath(relative)).toBe(
      path.join(relative.homeDir, '.config', 'autostart', 'wifire-desk.desktop'),
    );
  });

  it('rewrites an outdated entry and leaves an identical one alone', () => {
    const d = deps();
    fs.mkdirSync(path.dirname(desktopFile(d)), { recursive: true });
    fs.writeFileSync(desktopFile(d), '[Desktop Entry]\nExec=/old/path\n');
    applyStartAtLogin(true, d);
    expect(execLine(d)).toBe('Exec="/opt/WiFire Desk/wifire-desk" --hidden');

    const before = fs.statSync(desktopFile(d)).ino;
    expect(applyStartAtLogin(true, d)).toEqual({ ok: true });
    expect(fs.statSync(desktopFile(d)).ino).toBe(before);
    expect(fs.readdirSync(path.dirname(desktopFile(d)))).toEqual(['wifire-desk.desktop']);
  });

  it('removes the entry when start at login is turned off, and turning it off twice is fine', () => {
    const d = deps();
    applyStartAtLogin(true, d);
    expect(applyStartAtLogin(false, d)).toEqual({ ok: true });
    expect(fs.existsSync(desktopFile(d))).toBe(false);
    expect(applyStartAtLogin(false, d)).toEqual({ ok: true });
  });

  it('reports, without throwing or naming the home folder, when the autostart folder cannot be created', () => {
    const d = deps();
    fs.mkdirSync(path.join(d.homeDir, '.config'));
    fs.writeFileSync(path.join(d.homeDir, '.config', 'autostart'), 'a file where the folder should be');
    const result = applyStartAtLogin(true, d);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('wifire-desk.desktop') });
    expect(!result.ok && result.reason).not.toContain(d.homeDir);
    expect(applyStartAtLogin(false, d)).toEqual({ ok: true });
  });

  it('reports when the entry cannot be removed', () => {
    const d = deps();
    fs.mkdirSync(path.join(desktopFile(d), 'in-the-way'), { recursive: true });
    expect(applyStartAtLogin(false, d)).toEqual({ ok: false, reason: expect.stringContaining('remover') });
  });

  it("never touches Electron's login item on Linux", () => {
    const d = deps();
    applyStartAtLogin(true, d);
    expect(d.app.calls).toEqual([]);
  });
});

describe('applyStartAtLogin when running from source', () => {
  it.each(['win32', 'darwin', 'linux'] as const)(
    'changes nothing on %s and says it only works installed',
    (platform) => {
      const d = deps({ platform, app: fakeApp({ isPackaged: false }) });
      const result = applyStartAtLogin(true, d);
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/app instalado/) });
      expect(d.app.calls).toEqual([]);
      expect(fs.existsSync(desktopFile(d))).toBe(false);
    },
  );
});

describe('wasStartedAtLogin', () => {
  it('is true when the hidden argument was passed, on any platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(wasStartedAtLogin(deps({ platform, argv: ['/app', HIDDEN_ARG] }))).toBe(true);
    }
  });

  it('is true on macOS when the system says it opened the app at login', () => {
    const app = fakeApp({ settings: { wasOpenedAtLogin: true } });
    expect(wasStartedAtLogin(deps({ platform: 'darwin', app }))).toBe(true);
  });

  it('is false for a launch by hand', () => {
    expect(wasStartedAtLogin(deps({ platform: 'win32' }))).toBe(false);
    expect(wasStartedAtLogin(deps({ platform: 'linux' }))).toBe(false);
    expect(wasStartedAtLogin(deps({ platform: 'darwin' }))).toBe(false);
  });

  it('ignores wasOpenedAtLogin outside macOS', () => {
    const app = fakeApp({ settings: { wasOpenedAtLogin: true } });
    expect(wasStartedAtLogin(deps({ platform: 'win32', app }))).toBe(false);
  });
});
