// The tray feed and the panel: hardened on creation, hidden rather than closed, placed by the tray, routed by hash.
import { describe, expect, it } from 'vitest';
import type { HardenableContents } from '../../../../main/desktop/window-hardening.js';
import { setupWindows, type WindowKind, type WindowLike } from '../../../../main/desktop/windows.js';

let nextId = 1;

class FakeWindow implements WindowLike {
  readonly webContents: HardenableContents & { id: number; getURL(): string };
  readonly loaded: string[] = [];
  readonly calls: string[] = [];
  visible = false;
  minimized = false;
  destroyed = false;
  position: [number, number] | null = null;
  private readonly listeners = new Map<string, Array<(event: { preventDefault(): void }) => void>>();

  constructor(readonly kind: WindowKind) {
    this.webContents = {
      id: nextId++,
      on: () => this.webContents,
      setWindowOpenHandler: () => undefined,
      getURL: () => this.loaded.at(-1) ?? '',
    };
  }
  on(event: string, listener: (event: { preventDefault(): void }) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Fires an event; returns whether a listener prevented its default. */
  emit(event: string): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true) });
    return prevented;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  show(): void {
    this.visible = true;
    this.calls.push('show');
  }
  hide(): void {
    this.visible = false;
    this.calls.push('hide');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.minimized = false;
    this.calls.push('restore');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  getSize(): number[] {
    return this.kind === 'tray' ? [380, 560] : [1100, 760];
  }
}

function setup() {
  let clock = 1_000;
  const created: FakeWindow[] = [];
  const hardened: number[] = [];
  let quitting = false;
  const windows = setupWindows<FakeWindow>({
    create: (kind) => {
      const win = new FakeWindow(kind);
      created.push(win);
      return win;
    },
    harden: (contents) => hardened.push(contents.id),
    // A Windows taskbar at the bottom of a 1920×1080 screen, the icon near the right.
    trayBounds: () => ({ x: 1700, y: 1045, width: 24, height: 30 }),
    workAreaNear: () => ({ x: 0, y: 0, width: 1920, height: 1040 }),
    platform: 'win32',
    isQuitting: () => quitting,
    now: () => clock,
  });
  return { windows, created, hardened, quit: () => (quitting = true), tick: (ms: number) => (clock += ms) };
}

describe('the windows', () => {
  it('hardens every window it creates, before loading the page', () => {
    const { windows, created, hardened } = setup();
    windows.showPanel();
    windows.toggleTray();
    expect(hardened).toEqual(created.map((win) => win.webContents.id));
    expect(created.map((win) => win.loaded[0])).toEqual([
      'wifire-desk://app/index.html#/feed',
      'wifire-desk://app/index.html#/tray',
    ]);
  });

  it('opens the tray feed above the taskbar next to the icon, and a second click hides it', () => {
    const { windows, created } = setup();
    windows.toggleTray();
    const tray = created[0]!;
    expect(tray.visible).toBe(true);
    const [x, y] = tray.position!;
    expect(y + 560).toBeLessThanOrEqual(1040);
    expect(x).toBeLessThanOrEqual(1712);
    expect(x + 380).toBeGreaterThanOrEqual(1712);
    windows.toggleTray();
    expect(tray.visible).toBe(false);
  });

  it('hides the tray feed when it loses focus', () => {
    const { windows, created } = setup();
    windows.showTray();
    created[0]!.emit('blur');
    expect(created[0]!.visible).toBe(false);
  });

  it('closes the tray feed on a click on the tray icon, which first takes its focus away', () => {
    const { windows, created, tick } = setup();
    windows.toggleTray();
    const tray = created[0]!;
    // The click on the icon blurs the window before the click arrives.
    tray.emit('blur');
    tick(50);
    windows.toggleTray();
    expect(tray.visible).toBe(false);
    tick(1000);
    windows.toggleTray();
    expect(tray.visible).toBe(true);
  });

  it('keeps a closed window alive and hidden while the app runs, and lets it close when quitting', () => {
    const { windows, created, quit } = setup();
    windows.showPanel();
    const panel = created[0]!;
    expect(panel.emit('close')).toBe(true);
    expect(panel.visible).toBe(false);
    quit();
    expect(panel.emit('close')).toBe(false);
  });

  it("opens a customer's card in the open panel by changing its route, and brings it to the front", () => {
    const { windows, created } = setup();
    windows.showPanel();
    const panel = created[0]!;
    panel.minimized = true;
    panel.hide();
    windows.showPanel('#/customer/c%2042');
    expect(created).toHaveLength(1);
    expect(panel.loaded.at(-1)).toBe('wifire-desk://app/index.html#/customer/c%2042');
    expect(panel.calls.slice(-3)).toEqual(['restore', 'show', 'focus']);
  });

  it('opens the card again when the staff moved to the feed inside the page since the last click', () => {
    const { windows, created } = setup();
    windows.showPanel('#/customer/c1');
    const panel = created[0]!;
    // The page went back to the feed by itself (a hash change inside the page).
    panel.loaded.push('wifire-desk://app/index.html#/feed');
    windows.showPanel('#/customer/c1');
    expect(panel.loaded.at(-1)).toBe('wifire-desk://app/index.html#/customer/c1');
    const loads = panel.loaded.length;
    windows.showPanel('#/customer/c1');
    expect(panel.loaded).toHaveLength(loads);
  });

  it('brings the panel forward on a second launch, opening it if it was never shown', () => {
    const { windows, created } = setup();
    windows.focusExisting();
    expect(created.map((win) => win.kind)).toEqual(['panel']);
    created[0]!.hide();
    windows.focusExisting();
    expect(created[0]!.calls.slice(-2)).toEqual(['show', 'focus']);
  });

  it('lists only live windows for IPC checks, and makes a new one after a window was destroyed', () => {
    const { windows, created } = setup();
    windows.showPanel();
    windows.showTray();
    expect(windows.contents().map((contents) => contents.id)).toEqual(created.map((win) => win.webContents.id));
    created[0]!.destroyed = true;
    created[0]!.emit('closed');
    expect(windows.contents()).toHaveLength(1);
    windows.showPanel();
    expect(created).toHaveLength(3);
  });
});
