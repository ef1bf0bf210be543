// The tray icon: status colour and unread badge, the state in words, the menu, and a left click for the feed.
import type { Status } from '../../shared/bridge-contract.js';
import type { Locale } from '../../shared/catalog.js';
import type { Settings } from '../../shared/settings-schema.js';
import type { Bridge } from '../core/bridge/bridge.js';
import type { SettingsStore } from '../core/settings/settings-store.js';
import type { TrayLevel } from './tray-icon.js';
import { trayMenu, trayView, type TrayAction, type TrayMenuItem } from './tray-state.js';

/** Electron's Tray, the parts used here. */
export interface TrayLike {
  setImage(image: never): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: never): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface TrayDeps<Image, Menu> {
  tray: TrayLike;
  /** The icon for a level and an unread count (tray-icon.ts, as a native image). */
  image(level: TrayLevel, unread: number): Image;
  /** A native menu for these items; `run` is what each item does. */
  menu(items: TrayMenuItem[], run: (action: TrayAction) => void): Menu;
  /** The dock / launcher badge where the OS has one (macOS, Unity); a no-op elsewhere. */
  setBadgeCount(count: number): void;
  bridge: Pick<Bridge, 'status' | 'subscribe'>;
  settings: Pick<SettingsStore, 'get' | 'onChange'>;
  formatTime(at: number, settings: Settings): string;
  run(action: TrayAction): void;
  /** A left click: the compact feed next to the tray. */
  onClick(): void;
  /** Pushes arrive in bursts (a busy Saturday): the tray is redrawn at most this often. */
  throttleMs?: number;
}

export interface TrayHandle {
  /** Redraws now from the current status. */
  refresh(): void;
  dispose(): void;
}

/** Shown for 1–9, then "9+": redrawing for every count above 9 would change nothing the eye can see. */
function badgeValue(unread: number): number {
  return Math.min(unread, 10);
}

export function setupTray<Image, Menu>(deps: TrayDeps<Image, Menu>): TrayHandle {
  const drawn: { icon: string; tooltip: string; menu: string; badge: number } = {
    icon: '',
    tooltip: '',
    menu: '',
    badge: -1,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refresh = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const status: Status = deps.bridge.status();
    const settings = deps.settings.get();
    const locale: Locale = settings.locale;
    const view = trayView(status, settings.notificationsPaused, locale, (at) => deps.formatTime(at, settings));
    const iconKey = `${view.level}:${badgeValue(status.unread)}`;
    if (iconKey !== drawn.icon) {
      deps.tray.setImage(deps.image(view.level, status.unread) as never);
      drawn.icon = iconKey;
    }
    if (view.tooltip !== drawn.tooltip) {
      deps.tray.setToolTip(view.tooltip);
      drawn.tooltip = view.tooltip;
    }
    const items = trayMenu(status, settings.notificationsPaused, locale);
    const menuKey = JSON.stringify(items);
    if (menuKey !== drawn.menu) {
      deps.tray.setContextMenu(deps.menu(items, deps.run) as never);
      drawn.menu = menuKey;
    }
    if (status.unread !== drawn.badge) {
      deps.setBadgeCount(status.unread);
      drawn.badge = status.unread;
    }
  };

  const schedule = (): void => {
    if (timer === undefined) timer = setTimeout(refresh, deps.throttleMs ?? 200);
  };

  deps.tray.on('click', () => deps.onClick());
  const stops = [deps.bridge.subscribe(() => schedule()), deps.settings.onChange(() => schedule())];
  // A snooze ends without any push: the tooltip and menu catch up within the half minute.
  const ticker = setInterval(schedule, 30_000);
  ticker.unref?.();
  refresh();
  return {
    refresh,
    dispose() {
      clearTimeout(timer);
      clearInterval(ticker);
      for (const stop of stops) stop();
    },
  };
}
