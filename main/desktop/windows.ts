// The two windows: the compact tray feed beside the tray icon, and the panel. Both hardened, both hidden on close.
import { appPageUrl } from './app-origin.js';
import type { Rectangle } from 'electron';
import { trayWindowPosition } from './tray-window-position.js';
import type { HardenableContents } from './window-hardening.js';

export type WindowKind = 'tray' | 'panel';

/** Electron's BrowserWindow, the parts used here. */
export interface WindowLike {
  readonly webContents: HardenableContents & { readonly id: number; getURL(): string };
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  setPosition(x: number, y: number): void;
  getSize(): number[];
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'blur' | 'closed', listener: () => void): unknown;
}

export interface WindowsDeps<W extends WindowLike> {
  /** Builds a window with the hardened preferences (the shell adds the preload and icon). */
  create(kind: WindowKind): W;
  /** The one hardening applied to every window's contents. */
  harden(contents: W['webContents']): void;
  /** Where the tray icon is, and the work area of the screen it is on. */
  trayBounds(): Rectangle;
  workAreaNear(point: { x: number; y: number }): Rectangle;
  platform: NodeJS.Platform;
  /** True once the user chose "Sair": closing a window then really closes it. */
  isQuitting(): boolean;
  onLoadFailed?(kind: WindowKind): void;
  now?: () => number;
}

export interface Windows<W extends WindowLike> {
  /** The compact feed by the tray: shown if hidden, hidden if shown. */
  toggleTray(): void;
  /** The compact feed by the tray, shown. */
  showTray(): void;
  /** The panel at a route (`#/feed`, `#/settings`, `#/customer/<id>`), brought to the front. */
  showPanel(hash?: string): void;
  /** The contents of every open window (for IPC sender checks and pushes). */
  contents(): Array<W['webContents']>;
  /** Brings whatever the user last saw to the front (a second launch of the app). */
  focusExisting(): void;
}

export function setupWindows<W extends WindowLike>(deps: WindowsDeps<W>): Windows<W> {
  const open = new Map<WindowKind, W>();
  const now = deps.now ?? Date.now;
  // Clicking the tray icon while the feed is open first blurs (hides) it, then clicks: that click must not reopen it.
  let trayHiddenByBlurAt = -Infinity;

  const get = (kind: WindowKind, hash: string): W => {
    const existing = open.get(kind);
    if (existing && !existing.isDestroyed()) return existing;
    const win = deps.create(kind);
    deps.harden(win.webContents);
    win.on('close', (event) => {
      // The app lives in the tray: only "Sair" in its menu quits.
      if (deps.isQuitting()) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => open.delete(kind));
    if (kind === 'tray') {
      win.on('blur', () => {
        trayHiddenByBlurAt = now();
        win.hide();
      });
    }
    open.set(kind, win);
    win.loadURL(appPageUrl(hash)).catch(() => deps.onLoadFailed?.(kind));
    return win;
  };

  const placeTray = (win: W): void => {
    const tray = deps.trayBounds();
    const [width = 380, height = 560] = win.getSize();
    const area = deps.workAreaNear({ x: tray.x + tray.width / 2, y: tray.y + tray.height / 2 });
    const { x, y } = trayWindowPosition(tray, { width, height }, area, deps.platform);
    win.setPosition(x, y);
  };

  const front = (win: W): void => {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  return {
    toggleTray() {
      const win = get('tray', '#/tray');
      if (win.isVisible()) win.hide();
      else if (now() - trayHiddenByBlurAt > 300) this.showTray();
    },
    showTray() {
      const win = get('tray', '#/tray');
      placeTray(win);
      front(win);
    },
    showPanel(hash = '#/feed') {
      const existing = open.get('panel');
      const win = get('panel', hash);
      // A new route in the open panel: a hash change, so the page stays loaded and keeps its state. Compared with
      // where the page is now: the staff may have moved inside it since.
      if (existing === win && win.webContents.getURL() !== appPageUrl(hash)) {
        win.loadURL(appPageUrl(hash)).catch(() => deps.onLoadFailed?.('panel'));
      }
      open.get('tray')?.hide();
      front(win);
    },
    contents() {
      return [...open.values()].filter((win) => !win.isDestroyed()).map((win) => win.webContents);
    },
    focusExisting() {
      const panel = open.get('panel');
      if (panel && !panel.isDestroyed()) front(panel);
      else this.showPanel();
    },
  };
}
