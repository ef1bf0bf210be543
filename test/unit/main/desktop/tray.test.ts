// The tray: colour and badge follow the state and the unread count, the tooltip says it in words, the menu acts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../../shared/bridge-contract.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/settings-schema.js';
import { TUNNEL_OFF } from '../../../../shared/tunnel-status.js';
import type { BridgeListener } from '../../../../main/core/bridge/bridge.js';
import { setupTray, type TrayHandle } from '../../../../main/desktop/tray.js';
import {
  trayLevel,
  trayMenu,
  trayView,
  type TrayAction,
  type TrayMenuItem,
} from '../../../../main/desktop/tray-state.js';

const online = {
  preset: 'cloudflared' as const,
  state: 'online' as const,
  reason: null,
  publicUrl: 'https://a.trycloudflare.com',
  publicWebhookUrl: 'https://a.trycloudflare.com/hooks/x',
  urlConfirmed: true,
  lastReachableAt: 1,
  warning: null,
};

const ALL_DONE = { tunnel: true, pasted: true, firstEvent: true, notification: true };

function status(overrides: Partial<Status> = {}): Status {
  return {
    listening: true,
    port: 4560,
    notifier: 'electron',
    snoozedUntil: null,
    tunnel: online,
    unread: 0,
    store: { restartingSince: null },
    popUps: { lastShownAt: 1, failing: null },
    checklist: ALL_DONE,
    fanout: null,
    ...overrides,
  };
}

describe('the tray state', () => {
  it('is green only while the whole chain works, amber when degraded, red when events or pop-ups cannot get through', () => {
    expect(trayLevel(status())).toBe('ok');
    expect(trayLevel(status({ tunnel: { ...online, state: 'unreachable' } }))).toBe('degraded');
    expect(trayLevel(status({ tunnel: { ...online, state: 'restarting' } }))).toBe('degraded');
    expect(trayLevel(status({ tunnel: { ...online, urlConfirmed: false } }))).toBe('degraded');
    expect(trayLevel(status({ tunnel: TUNNEL_OFF }))).toBe('degraded');
    expect(trayLevel(status({ tunnel: { ...online, state: 'failed' } }))).toBe('down');
    expect(trayLevel(status({ listening: false }))).toBe('down');
    const refused = { at: 2, code: 'ENOENT', hint: 'Instale um serviço de notificações.' };
    expect(trayLevel(status({ popUps: { lastShownAt: 1, failing: refused } }))).toBe('down');
    expect(trayLevel(status({ store: { restartingSince: 2 } }))).toBe('down');
  });

  it('says the state in words in the tooltip, with the unread count and a pause', () => {
    const time = (): string => '15:30';
    expect(trayView(status({ unread: 3 }), false, 'pt-BR', time).tooltip).toBe(
      'WiFire Desk — No ar: recebendo eventos\n3 não lidas',
    );
    expect(trayView(status({ tunnel: { ...online, urlConfirmed: false } }), false, 'pt-BR', time).tooltip).toMatch(
      /Cole o endereço no WiFire/,
    );
    expect(trayView(status({ snoozedUntil: 5 }), false, 'pt-BR', time).tooltip).toMatch(/Não perturbe até 15:30/);
    expect(trayView(status({ snoozedUntil: 5 }), true, 'en', time).tooltip).toBe(
      'WiFire Desk — Up: receiving events\nnotifications paused',
    );
    expect(trayView(status({ listening: false }), false, 'pt-BR', time).tooltip).toMatch(/Não está recebendo eventos/);
    expect(trayView(status({ tunnel: TUNNEL_OFF }), false, 'pt-BR', time).tooltip).toMatch(/Sem endereço público/);
    const refused = { at: 2, code: 'ENOENT', hint: 'x' };
    expect(trayView(status({ popUps: { lastShownAt: 1, failing: refused } }), false, 'en', time).tooltip).toMatch(
      /^WiFire Desk — Pop-ups are not showing/,
    );
    expect(trayView(status({ store: { restartingSince: 2 } }), false, 'pt-BR', time).tooltip).toMatch(
      /^WiFire Desk — Banco de eventos reiniciando/,
    );
  });

  it('on another desk, follows its link to the main desk, not a tunnel it does not need; on the hub, a failed engine', () => {
    const time = (): string => '15:30';
    const satellite = (state: 'connected' | 'connecting' | 'disconnected', reasonText: string | null = null) =>
      status({ tunnel: TUNNEL_OFF, fanout: { role: 'satellite', state, reasonText } });
    expect(trayLevel(satellite('connected'))).toBe('ok');
    expect(trayView(satellite('connected'), false, 'pt-BR', time).tooltip).toBe(
      'WiFire Desk — Ligado ao balcão principal',
    );
    expect(trayLevel(satellite('connecting'))).toBe('degraded');
    const lost = satellite('disconnected', 'the main desk refused this code (revoked?).');
    expect(trayLevel(lost)).toBe('down');
    expect(trayView(lost, false, 'en', time).tooltip).toBe('WiFire Desk — Not linked to the main desk');
    const failed = status({ fanout: { role: 'hub', state: 'failed', reasonText: 'nats-server stopped' } });
    expect(trayLevel(failed)).toBe('down');
    expect(trayView(failed, false, 'pt-BR', time).tooltip).toBe('WiFire Desk — Outros balcões sem eventos');
    expect(trayLevel(status({ fanout: { role: 'hub', state: 'ready', reasonText: null } }))).toBe('ok');
  });

  it('offers snooze or its end, pause or resume, and quitting only from the menu', () => {
    const labels = (items: TrayMenuItem[]): Array<string | undefined> => items.map((item) => item.label);
    expect(labels(trayMenu({ snoozedUntil: null, checklist: ALL_DONE }, false, 'pt-BR'))).toEqual([
      'Abrir feed',
      'Abrir painel',
      undefined,
      'Não perturbe por 1 h',
      'Pausar notificações',
      undefined,
      'Configurações',
      undefined,
      'Sair do WiFire Desk',
    ]);
    const snoozedPaused = trayMenu({ snoozedUntil: 10, checklist: ALL_DONE }, true, 'pt-BR').map((item) => item.action);
    expect(snoozedPaused).toContain('end-snooze');
    expect(snoozedPaused).toContain('resume');
    expect(snoozedPaused).not.toContain('pause');
  });

  it('heads the menu with the first steps and how many are done, until they all are', () => {
    const firstRun = { tunnel: true, pasted: false, firstEvent: false, notification: false };
    const items = trayMenu({ snoozedUntil: null, checklist: firstRun }, false, 'pt-BR');
    expect(items[0]).toEqual({ label: 'Primeiros passos (1 de 4)', action: 'first-steps' });
    expect(items[1]).toEqual({ type: 'separator' });
    expect(trayMenu({ snoozedUntil: null, checklist: firstRun }, false, 'en')[0]!.label).toBe('First steps (1 of 4)');
    expect(trayMenu({ snoozedUntil: null, checklist: ALL_DONE }, false, 'pt-BR').map((i) => i.action)).not.toContain(
      'first-steps',
    );
  });
});

/** Electron's Tray and the bridge as far as setupTray sees them. */
function fakes(initial: Status, settings: Settings = DEFAULT_SETTINGS) {
  let current = initial;
  let currentSettings = settings;
  const listeners = new Set<BridgeListener>();
  const settingsListeners = new Set<(s: Settings) => void>();
  const calls = {
    images: [] as string[],
    tooltips: [] as string[],
    menus: [] as TrayMenuItem[][],
    badges: [] as number[],
  };
  const ran: TrayAction[] = [];
  let clicks = 0;
  let onClick: (() => void) | undefined;
  let runMenu: ((action: TrayAction) => void) | undefined;
  const handle: TrayHandle = setupTray({
    tray: {
      setImage: (image: never) => calls.images.push(image),
      setToolTip: (text) => calls.tooltips.push(text),
      setContextMenu: (menu: never) => calls.menus.push(menu),
      on: (_event, listener) => (onClick = listener),
    },
    image: (level, unread) => `${level}/${unread}`,
    menu: (items, run) => {
      runMenu = run;
      return items;
    },
    setBadgeCount: (count) => calls.badges.push(count),
    bridge: {
      status: () => current,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    settings: {
      get: () => currentSettings,
      onChange: (listener) => {
        settingsListeners.add(listener);
        return () => settingsListeners.delete(listener);
      },
    },
    formatTime: () => '15:30',
    run: (action) => ran.push(action),
    onClick: () => clicks++,
    throttleMs: 5,
  });
  return {
    calls,
    ran,
    handle,
    clicks: () => clicks,
    click: () => onClick?.(),
    runMenu: (action: TrayAction) => runMenu?.(action),
    push(next: Status) {
      current = next;
      for (const listener of listeners) listener('status', next);
    },
    changeSettings(next: Settings) {
      currentSettings = next;
      for (const listener of settingsListeners) listener(next);
    },
    listenerCount: () => listeners.size + settingsListeners.size,
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));
const handles: TrayHandle[] = [];
afterEach(() => {
  for (const handle of handles.splice(0)) handle.dispose();
});

describe('setupTray', () => {
  it('draws the badge from the unread count and follows it as events arrive and are read', async () => {
    const tray = fakes(status());
    handles.push(tray.handle);
    expect(tray.calls.images).toEqual(['ok/0']);
    expect(tray.calls.badges).toEqual([0]);

    tray.push(status({ unread: 1 }));
    tray.push(status({ unread: 2 }));
    await settle();
    // A burst of pushes is drawn once, at the last count.
    expect(tray.calls.images).toEqual(['ok/0', 'ok/2']);
    expect(tray.calls.badges).toEqual([0, 2]);

    tray.push(status({ unread: 0 }));
    await settle();
    expect(tray.calls.images.at(-1)).toBe('ok/0');
    expect(tray.calls.badges.at(-1)).toBe(0);
  });

  it('does not redraw the icon for counts that look the same (above 9 it reads 9+)', async () => {
    const tray = fakes(status({ unread: 12 }));
    handles.push(tray.handle);
    tray.push(status({ unread: 40 }));
    await settle();
    expect(tray.calls.images).toEqual(['ok/12']);
    expect(tray.calls.badges).toEqual([12, 40]);
  });

  it('turns red and says the tunnel is down in the tooltip when it fails', async () => {
    const tray = fakes(status());
    handles.push(tray.handle);
    tray.push(status({ tunnel: { ...online, state: 'failed', reason: 'o token foi recusado' } }));
    await settle();
    expect(tray.calls.images.at(-1)).toBe('down/0');
    expect(tray.calls.tooltips.at(-1)).toMatch(/Túnel fora do ar/);
  });

  it('rebuilds the menu when notifications are paused, and its items run their actions', async () => {
    const tray = fakes(status());
    handles.push(tray.handle);
    tray.changeSettings({ ...DEFAULT_SETTINGS, notificationsPaused: true });
    await settle();
    expect(tray.calls.menus.at(-1)!.map((item) => item.action)).toContain('resume');
    expect(tray.calls.tooltips.at(-1)).toMatch(/notificações pausadas/);
    tray.runMenu('quit');
    expect(tray.ran).toEqual(['quit']);
  });

  it('opens the compact feed on a left click', () => {
    const tray = fakes(status());
    handles.push(tray.handle);
    tray.click();
    expect(tray.clicks()).toBe(1);
  });

  it('stops listening when disposed', () => {
    const tray = fakes(status());
    tray.handle.dispose();
    expect(tray.listenerCount()).toBe(0);
  });
});
