// The desktop app's entry: the only file that takes Electron's objects and hands them, narrowed, to each setup.
// First of all, the store's worker starts (its module runs before the other imports are evaluated).
import { prestartedStore } from './prestart-store.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
import { dataDirError, dataPaths, defaultDataDir, ensureDataDir } from '../core/data-dir/data-dir.js';
import { portFromEnvironment } from '../core/intake/listen-defaults.js';
import { createFileLogger, type Logger } from '../core/logger.js';
import type { PopUp } from '../core/notify/notifier-port.js';
import { startService, type Service } from '../core/service.js';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import { registerBridgeIpc } from './bridge-ipc.js';
import { desktopFanout } from './desktop-fanout.js';
import { DESKTOP_STRINGS, START_FAILED_TITLE, startFailedText } from './desktop-strings.js';
import { createElectronNotifier } from './electron-notifier.js';
import { setupQuit, setupSingleInstance } from './lifecycle.js';
import { applyStartAtLogin, wasStartedAtLogin } from './login-item.js';
import { chooseVault } from './safe-storage-vault.js';
import { sqliteBinding } from './sqlite-binding.js';
import { renderAppIcon, renderTrayIcon } from './tray-icon.js';
import { setupTray } from './tray.js';
import type { TrayAction } from './tray-state.js';
import { createHardenedWindow, denyAllPermissions, hardenContents } from './window-hardening.js';
import { setupWindows, type WindowKind, type Windows } from './windows.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/renderer beside dist/main, in the project and inside the packaged app alike. */
const RENDERER_DIR = path.resolve(here, '..', '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');
/** In memory only: Chromium writes no cache, storage or cookies of the pages (which show customers) to disk. */
const PARTITION = 'wifire-desk';
const APP_ID = 'com.wifire.desk';

// Before ready: the app's scheme gets a real origin, and Windows groups the app's toasts under its name.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.setAppUserModelId(APP_ID);

/** The windows, once made: a second launch (before ready) and a pop-up click reach them from outside. */
let windows: Windows<BrowserWindow> | null = null;

function customerHash(popUp: PopUp): string {
  if (popUp.customerId) return `#/customer/${encodeURIComponent(popUp.customerId)}`;
  // "Endereço do WiFire Desk mudou" opens where the new address is shown.
  return popUp.type === 'wifire-desk-endereco' ? '#/settings/webhook' : '#/feed';
}

function trayImage(level: Parameters<typeof renderTrayIcon>[0]['level'], unread: number): Electron.NativeImage {
  // Drawn at twice the logical size: crisp on the high-DPI screens Windows and macOS scale trays for.
  const logical = process.platform === 'linux' ? 22 : 16;
  const image = nativeImage.createEmpty();
  for (const scaleFactor of [1, 2]) {
    image.addRepresentation({
      scaleFactor,
      buffer: renderTrayIcon({ level, unread, size: logical * scaleFactor }),
    });
  }
  return image;
}

function createWindow(kind: WindowKind): BrowserWindow {
  const common = { show: false, icon: nativeImage.createFromBuffer(renderAppIcon(256)), backgroundColor: '#ffffff' };
  const options =
    kind === 'tray'
      ? {
          ...common,
          width: 380,
          height: 560,
          frame: false,
          resizable: false,
          movable: false,
          minimizable: false,
          maximizable: false,
          fullscreenable: false,
          skipTaskbar: true,
          alwaysOnTop: true,
        }
      : { ...common, width: 1100, height: 760, minWidth: 720, minHeight: 480, title: 'WiFire Desk' };
  return createHardenedWindow(BrowserWindow, options, PRELOAD, PARTITION);
}

/** What happens once Electron is ready, in order; each step gets what the earlier ones made. */
async function start(log: Logger, dataDir: string): Promise<void> {
  setupAppSession(log);
  const { core, sealed } = await startCore(log, dataDir);
  const quit = setupQuit(app, {
    stop: () => core.close(),
    onStopFailed: () => log.error('shutdown failed'),
  });
  const tray = new Tray(trayImage('degraded', 0));
  const opened = setupAppWindows(tray, () => quit.quitting, log);
  windows = opened;
  registerBridgeIpc({
    ipcMain,
    bridge: core.bridge,
    windows: () => opened.contents(),
    log,
    refusedMessage: () => DESKTOP_STRINGS[core.settings.get().locale].refused,
  });
  setupTrayMenu(core, tray, opened);
  // After sleep, WiFire's retries arrive dated in the past: one catch-up summary rather than a flood.
  powerMonitor.on('resume', () => core.attention.resumed());
  const startedAtLogin = setupLoginItem(core, log);
  app.on('activate', () => opened.showPanel());
  // Started at login it waits in the tray; opened by hand it shows the panel.
  if (!startedAtLogin) opened.showPanel();
  log.info('desktop ready', { vault: sealed, packaged: app.isPackaged });
}

/** The pages' in-memory session: every permission denied, the app's own scheme serving the renderer. */
function setupAppSession(log: Logger): void {
  const appSession = session.fromPartition(PARTITION);
  denyAllPermissions(appSession, log);
  registerAppProtocol(appSession.protocol, RENDERER_DIR);
}

/** The same core as the headless shell, with Electron's notifications, safeStorage and electron-store. */
async function startCore(log: Logger, dataDir: string): Promise<{ core: Service; sealed: boolean }> {
  const env = process.env;
  const vaultChoice = chooseVault(safeStorage, process.platform);
  if (vaultChoice.reason) log.warn('secrets kept unsealed in config.json', { reason: vaultChoice.reason });
  const core = await startService({
    dataDir,
    port: portFromEnvironment(env),
    notifier: ({ customerPhoto }) =>
      createElectronNotifier({
        create: (options) => new Notification(options as Electron.NotificationConstructorOptions),
        isSupported: () => Notification.isSupported(),
        iconFor: async (customerId) => {
          const photo = await customerPhoto(customerId);
          return photo ? nativeImage.createFromBuffer(photo.bytes) : undefined;
        },
        // The core marks it read (the notifier port hears of the click too).
        onClick: (popUp) => windows?.showPanel(customerHash(popUp)),
      }),
    log,
    env,
    shell: 'desktop',
    settingsVault: vaultChoice.vault,
    settingsBacking: (options) =>
      new ElectronStore<Record<string, unknown>>({
        cwd: options.cwd,
        name: options.name,
        configFileMode: options.fileMode,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      }),
    sqliteBinding: sqliteBinding({ packaged: app.isPackaged, env }),
    prestartedStore,
    // "Este computador é…" as saved (a hub also finds the installer's nats-server), and "Reiniciar agora".
    ...desktopFanout({ app, resourcesPath: process.resourcesPath, argv: process.argv }),
  });
  // electron-store answers any page that asks for the data folder's path on this channel; ours never needs it.
  ipcMain.removeAllListeners('electron-store-get-data');
  return { core, sealed: vaultChoice.reason === null };
}

function setupAppWindows(tray: Tray, isQuitting: () => boolean, log: Logger): Windows<BrowserWindow> {
  const hardening = { openExternal: (url: string) => shell.openExternal(url), log };
  return setupWindows<BrowserWindow>({
    create: createWindow,
    harden: (contents) => hardenContents(contents, hardening),
    trayBounds: () => tray.getBounds(),
    workAreaNear: (point) => screen.getDisplayNearestPoint(point).workArea,
    platform: process.platform,
    isQuitting,
    onLoadFailed: (kind) => log.error('window failed to load', { kind }),
  });
}

/** The tray's icon, tooltip and menu, and what each menu item does. */
function setupTrayMenu(core: Service, tray: Tray, opened: Windows<BrowserWindow>): void {
  const run = (action: TrayAction): void => {
    switch (action) {
      case 'open-feed':
        opened.showTray();
        return;
      case 'open-panel':
        opened.showPanel('#/feed');
        return;
      case 'settings':
        opened.showPanel('#/settings');
        return;
      case 'first-steps':
        // The checklist heads the panel's pages until it is done.
        opened.showPanel('#/feed');
        return;
      case 'snooze':
      case 'end-snooze':
        void core.bridge.invoke('snooze', { minutes: action === 'snooze' ? 60 : 0 });
        return;
      case 'pause':
      case 'resume':
        core.settings.update({ notificationsPaused: action === 'pause' });
        return;
      case 'quit':
        app.quit();
        return;
    }
  };
  setupTray({
    tray,
    image: trayImage,
    menu: (items, onAction) =>
      Menu.buildFromTemplate(
        items.map((item) =>
          item.type === 'separator'
            ? { type: 'separator' as const }
            : { label: item.label, click: () => item.action && onAction(item.action) },
        ),
      ),
    setBadgeCount: (count) => {
      app.setBadgeCount(count);
    },
    bridge: core.bridge,
    settings: core.settings,
    formatTime: (at, settings) =>
      new Intl.DateTimeFormat(settings.locale, {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: settings.timeZone,
      }).format(at),
    run,
    onClick: () => opened.toggleTray(),
  });
}

/** "Iniciar com o computador" follows its setting; returns whether this start was the one at login. */
function setupLoginItem(core: Service, log: Logger): boolean {
  const loginDeps = {
    app,
    platform: process.platform,
    execPath: process.execPath,
    argv: process.argv,
    env: process.env,
    homeDir: os.homedir(),
  };
  let atLogin = core.settings.get().startAtLogin;
  const applyLogin = (): void => {
    const result = applyStartAtLogin(atLogin, loginDeps);
    if (!result.ok) log.warn('start at login not applied', { enabled: atLogin });
  };
  applyLogin();
  core.settings.onChange((settings) => {
    if (settings.startAtLogin === atLogin) return;
    atLogin = settings.startAtLogin;
    applyLogin();
  });
  return wasStartedAtLogin(loginDeps);
}

function main(): void {
  if (!setupSingleInstance(app, () => windows?.focusExisting())) {
    prestartedStore?.close();
    return;
  }
  let dataDir: string;
  let log: Logger;
  try {
    dataDir = defaultDataDir(process.env);
    ensureDataDir(dataDir);
    log = createFileLogger({ dir: dataPaths(dataDir).logs, echo: !app.isPackaged, level: 'info' });
  } catch (caught) {
    // A file in the data folder's place, a read-only or full disk: one line for a person, not Node's error text.
    const error = dataDirError(caught, defaultDataDir(process.env));
    prestartedStore?.close();
    dialog.showErrorBox(START_FAILED_TITLE, startFailedText(error));
    app.exit(1);
    return;
  }
  app.whenReady().then(
    () =>
      start(log, dataDir).catch((error: unknown) => {
        // Taken by the store if it got that far; otherwise it goes.
        prestartedStore?.close();
        // Port in use, a database from a newer version, secrets sealed for another user: said in their own words.
        log.error('desktop start failed', { error: error instanceof Error ? error.name.toLowerCase() : 'unknown' });
        dialog.showErrorBox(START_FAILED_TITLE, startFailedText(error));
        app.exit(1);
      }),
    () => app.exit(1),
  );
}

main();
