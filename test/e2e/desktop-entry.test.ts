// The built desktop entry, run for real in plain Node with a fake `electron`: real SQLite, real HTTP listener on
// 127.0.0.1, real electron-store writing config.json. What is checked is the wiring main.ts does.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/logger.js';
import { SEALED_PREFIX } from '../../main/core/settings/secret-vault.js';
import { openSettingsStore } from '../../main/core/settings/settings-store.js';
import { buildPayload, withBirthdayToday, type FakeCustomer } from '../../main/headless/simulator/payloads.js';
import { post } from '../support/e2e-headless.js';
import {
  customerWithoutPhoto as customer,
  startFakeDesk,
  stopFakeDesks,
  webhookUrlOf,
  type Envelope,
  type FakeDesk,
  type FakeState,
  type WindowRecord,
} from '../support/fake-electron-app.js';
import { makeTempDir } from '../support/temp-service.js';

const APP_PAGE = 'wifire-desk://app/index.html';

afterEach(async () => {
  await stopFakeDesks();
});

/** POSTs a WiFire delivery to the desk's webhook URL; returns the stored event's id, failing unless answered 200. */
async function deliver(desk: FakeDesk, type: string, who: FakeCustomer): Promise<string> {
  const answer = await post(await webhookUrlOf(desk), buildPayload(type, who));
  expect(answer, `${type} for customer ${who.id}`).toMatchObject({ status: 200, body: { ok: true } });
  return (answer.body as { id: string }).id;
}

function mentions(text: string, who: FakeCustomer): boolean {
  return text.includes(who.name);
}

function notificationAbout(state: FakeState, who: FakeCustomer) {
  return state.notifications.find((n) => mentions(`${n.options.title}\n${n.options.body}`, who));
}

function panelOf(state: FakeState): WindowRecord {
  const panel = state.windows.find((win) => win.options.title === 'WiFire Desk' && !win.destroyed);
  if (!panel) throw new Error('the panel window is not open');
  return panel;
}

/** Undoes the fake safeStorage's seal (see test/fixtures/fake-electron/electron.mjs): marker + reversed bytes. */
function unsealWithFake(value: string): string {
  const sealed = Buffer.from(value.slice(SEALED_PREFIX.length), 'base64').toString('utf8');
  expect(sealed.startsWith('fake-seal:')).toBe(true);
  return Buffer.from(sealed.slice('fake-seal:'.length), 'base64').reverse().toString('utf8');
}

function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('the desktop entry on a fake electron', { timeout: 15_000 }, () => {
  it('starts with a pt-BR tray, opens the panel at the feed since it was not started at login, and denies every permission', async () => {
    const desk = await startFakeDesk();
    const state = await desk.state();

    expect(state.app.userModelId).toBe('com.wifire.desk');
    expect(state.app.privilegedSchemes).toContainEqual({
      scheme: 'wifire-desk',
      privileges: { standard: true, secure: true },
    });
    expect(state.tray).not.toBeNull();
    const tray = state.tray!;
    expect(tray.images[0]!.representations.map((r) => [r.format, r.scaleFactor, r.width])).toEqual([
      ['png', 1, 22],
      ['png', 2, 44],
    ]);
    expect(tray.toolTip).toMatch(/^WiFire Desk — Sem endereço público/);
    expect(tray.menu?.map((item) => item.label ?? '—')).toEqual([
      'Primeiros passos (0 de 4)',
      '—',
      'Abrir feed',
      'Abrir painel',
      '—',
      'Não perturbe por 1 h',
      'Pausar notificações',
      '—',
      'Configurações',
      '—',
      'Sair do WiFire Desk',
    ]);
    expect(state.invalidImages).toEqual([]);

    expect(state.windows).toHaveLength(1);
    const panel = panelOf(state);
    expect(panel.webContents.url).toBe(`${APP_PAGE}#/feed`);
    expect(panel.visible).toBe(true);
    expect(panel.counts.focus).toBeGreaterThan(0);
    expect(panel.options.show).toBe(false);
    expect(panel.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      partition: 'wifire-desk',
    });
    expect(fs.existsSync(String(panel.options.webPreferences!.preload))).toBe(true);
    expect(panel.webContents.listeners).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );
    expect(panel.webContents.windowOpenHandler).toBe(true);
    expect(state.app.loginItemSettings).toEqual([]); // a dev build never registers itself at login

    expect(state.sessions).toEqual([
      {
        partition: 'wifire-desk',
        handledSchemes: ['wifire-desk'],
        permissionRequestHandler: true,
        permissionCheckHandler: true,
      },
    ]);
    for (const permission of ['media', 'geolocation', 'notifications']) {
      expect(await desk.command({ op: 'permissionRequest', permission })).toEqual({ handled: true, granted: false });
      expect(await desk.command({ op: 'permissionCheck', permission })).toEqual({ handled: true, granted: false });
    }
    // electron-store's channel that tells any page the data folder's path is gone.
    expect(state.ipc.listeners).not.toContain('electron-store-get-data');

    const health = await fetch(`http://127.0.0.1:${desk.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it("serves the app's page with a Content-Security-Policy and answers 404 outside its four files", async () => {
    const desk = await startFakeDesk();

    const page = await desk.command<{ status: number; headers: Record<string, string>; body: string }>({
      op: 'fetchApp',
      url: APP_PAGE,
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'none'");
    expect(page.body).toContain('<div id="app"');

    for (const url of [
      'wifire-desk://app/../../etc/passwd',
      'wifire-desk://evil/index.html',
      'wifire-desk://app/secret.json',
    ]) {
      const refused = await desk.command<{ status: number; headers: Record<string, string> }>({
        op: 'fetchApp',
        url,
      });
      expect(refused.status, url).toBe(404);
    }
  });

  it('keeps the webhook secret sealed in config.json, with the same keys the headless shell writes', async () => {
    const desk = await startFakeDesk();
    const secret = new URL(await webhookUrlOf(desk)).pathname.replace('/hooks/', '');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22,}$/);

    const file = path.join(desk.dataDir, 'config.json');
    const text = fs.readFileSync(file, 'utf8');
    const config = JSON.parse(text) as Record<string, unknown>;
    expect(String(config.webhookSecret)).toMatch(/^sealed:v1:/);
    expect(text).not.toContain(secret);
    expect(unsealWithFake(String(config.webhookSecret))).toBe(secret);
    expect(config).toMatchObject({ locale: 'pt-BR', mutedTypes: [], timeZone: 'America/Sao_Paulo' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const headlessDir = makeTempDir();
    try {
      openSettingsStore(headlessDir, silentLogger);
      const headless = JSON.parse(fs.readFileSync(path.join(headlessDir, 'config.json'), 'utf8')) as object;
      expect(Object.keys(config).sort()).toEqual(Object.keys(headless).sort());
    } finally {
      fs.rmSync(headlessDir, { recursive: true, force: true });
    }
  });

  it("answers bridge calls only from the top frame of its own window's app page, and refuses invalid requests", async () => {
    const desk = await startFakeDesk();
    const { webContents } = await desk.panel();

    const trusted = await desk.invoke('listFeed', {});
    expect(trusted).toMatchObject({ ok: true, result: { items: expect.any(Array) } });

    const forbidden = { ok: false, error: { code: 'forbidden', message: 'Pedido recusado.' } };
    expect(await desk.invoke('listFeed', {}, { senderId: webContents.id + 1000, frameUrl: APP_PAGE })).toEqual(
      forbidden,
    );
    expect(
      await desk.invoke('listFeed', {}, { senderId: webContents.id, frameUrl: APP_PAGE, parent: `${APP_PAGE}#/feed` }),
    ).toEqual(forbidden);
    expect(await desk.invoke('listFeed', {}, { senderId: webContents.id, frameUrl: 'https://evil.example/' })).toEqual(
      forbidden,
    );
    expect(await desk.invoke('listFeed', {}, { senderId: webContents.id, noFrame: true })).toEqual(forbidden);
    // The settings, with the secret in the webhook URL, are refused just the same.
    expect(
      await desk.invoke('getSettings', undefined, { senderId: webContents.id, frameUrl: 'https://evil.example/' }),
    ).toEqual(forbidden);

    const invalid = await desk.invoke('listFeed', { limit: -1 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('pops up arrivals with the urgency of their priority, and a click opens that customer in the panel', async () => {
    const desk = await startFakeDesk();
    const birthday = withBirthdayToday(customer(11));
    const unhappy = customer(12);
    const connected = customer(13);

    await deliver(desk, 'cliente-aniversariante-chegou', birthday);
    await deliver(desk, 'cliente-insatisfeito-chegou', unhappy);
    await deliver(desk, 'cliente-conectou', connected);

    const state = await desk.waitForState(
      (s) => (s.notifications.filter((n) => n.shown).length >= 3 ? s : undefined),
      'three pop-ups shown',
    );
    expect(notificationAbout(state, birthday)?.options).toMatchObject({
      title: 'Aniversariante no local',
      urgency: 'normal',
      timeoutType: 'default',
      silent: false,
    });
    const urgent = notificationAbout(state, unhappy);
    expect(urgent?.options).toMatchObject({
      title: 'Cliente insatisfeito no local',
      urgency: 'critical',
      timeoutType: 'never',
      silent: false,
    });
    expect(notificationAbout(state, connected)?.options).toMatchObject({
      urgency: 'normal',
      timeoutType: 'default',
      silent: true,
    });

    const before = panelOf(state);
    await desk.command({ op: 'clickNotification', index: urgent!.index });
    const after = await desk.waitForState((s) => {
      const panel = panelOf(s);
      return panel.webContents.url.endsWith(`#/customer/${unhappy.id}`) ? panel : undefined;
    }, "the panel at the unhappy customer's card");
    expect(after.webContents.url).toBe(`${APP_PAGE}#/customer/${unhappy.id}`);
    expect(after.id).toBe(before.id); // the same window, routed, not a new one
    expect(after.visible).toBe(true);
    expect(after.counts.focus).toBeGreaterThan(before.counts.focus);
  });

  it('shows the unread count on the tray and the badge, and clears both once everything is marked read', async () => {
    const desk = await startFakeDesk();
    const initial = (await desk.state()).tray!;
    expect(initial.toolTip).not.toMatch(/não lida/);

    await deliver(desk, 'cliente-frequente-chegou', customer(21));
    const unread = await desk.waitForState((s) => (s.app.badgeCounts.at(-1)! >= 1 ? s : undefined), 'a badge of 1');
    expect(unread.app.badgeCounts.at(-1)).toBe(1);
    expect(unread.tray!.toolTip).toContain('1 não lida');
    expect(unread.tray!.images.at(-1)!.digest).not.toBe(initial.images.at(-1)!.digest);

    expect(await desk.invoke('markRead', { all: true })).toEqual({ ok: true, result: { unread: 0 } });
    const read = await desk.waitForState((s) => (s.app.badgeCounts.at(-1) === 0 ? s : undefined), 'a badge of 0');
    expect(read.tray!.toolTip).not.toMatch(/não lida/);
    expect(read.tray!.images.at(-1)!.digest).toBe(initial.images.at(-1)!.digest);
  });

  it("pushes each stored event to the panel's page", async () => {
    const desk = await startFakeDesk();
    const who = customer(31);
    const id = await deliver(desk, 'cliente-voltou-apos-60-dias', who);

    const pushed = await desk.waitForState((s) => {
      const sent = panelOf(s).webContents.sent.filter((m) => m.channel === 'wifire-desk:eventAdded');
      return sent.length > 0 ? sent : undefined;
    }, 'an eventAdded push');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.args).toEqual([
      expect.objectContaining({ id, type: 'cliente-voltou-apos-60-dias', customerId: who.id, read: false }),
    ]);
  });

  it('opens the compact feed beside the tray icon on a left click, and hides it on the next', async () => {
    const desk = await startFakeDesk();

    await desk.command({ op: 'trayClick' });
    const opened = await desk.state();
    const trayWindow = opened.windows.find((win) => win.webContents.url === `${APP_PAGE}#/tray`);
    expect(trayWindow).toBeDefined();
    expect(trayWindow!.options).toMatchObject({ frame: false, skipTaskbar: true, width: 380, height: 560 });
    expect(trayWindow!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(trayWindow!.visible).toBe(true);
    // The fake's tray sits bottom-right on a 1920×1040 work area: the window opens just above it, inside the screen.
    const [x, y] = trayWindow!.position!;
    expect(x + 380).toBeLessThanOrEqual(1920);
    expect(y + 560).toBeLessThanOrEqual(1040);
    expect(y).toBeGreaterThan(1040 - 560 - 40);
    expect(await desk.invoke('getStatus', undefined, { senderId: trayWindow!.webContents.id })).toMatchObject({
      ok: true,
      result: { listening: true, port: desk.port },
    });

    await desk.command({ op: 'trayClick' });
    const closed = (await desk.state()).windows.find((win) => win.id === trayWindow!.id)!;
    expect(closed.visible).toBe(false);
  });

  it('keeps running in the tray when the panel is closed, and a second launch brings the panel back to the front', async () => {
    const desk = await startFakeDesk();
    const opened = await desk.panel();

    expect(await desk.command({ op: 'closeWindow', windowId: opened.id })).toEqual({ prevented: true });
    const hidden = await desk.panel();
    expect(hidden.visible).toBe(false);

    await desk.command({ op: 'secondInstance' });
    const front = await desk.panel();
    expect(front.id).toBe(opened.id);
    expect(front.visible).toBe(true);
    expect(front.counts.show).toBeGreaterThan(hidden.counts.show);
    expect(front.counts.focus).toBeGreaterThan(hidden.counts.focus);
    expect(desk.child.exitCode).toBeNull();
  });

  it('quits cleanly from "Sair do WiFire Desk" with every event answered 200 on disk', async () => {
    const desk = await startFakeDesk();
    const ids: string[] = [];
    for (const [n, type] of [
      [41, 'cliente-chegou'],
      [42, 'cliente-avaliou-negativamente'],
      [43, 'cliente-primeira-visita'],
    ] as const) {
      ids.push(await deliver(desk, type, customer(n)));
    }

    await desk.command({ op: 'menu', label: 'Sair do WiFire Desk' });
    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });
    expect(desk.notices).toContainEqual({ event: 'exit', code: 0, via: 'quit' });
    expect(await isRefused(desk.port)).toBe(true);

    const db = new Database(path.join(desk.dataDir, 'wifire-desk.db'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT id FROM events ORDER BY id').all() as { id: number }[];
      expect(rows.map((row) => String(row.id))).toEqual(ids);
    } finally {
      db.close();
    }
    const log = fs.readFileSync(path.join(desk.dataDir, 'logs', 'wifire-desk.log'), 'utf8');
    expect(log).toMatch(/"message":"stopped"/);
  });

  it('quits without opening its port when another instance holds the lock', async () => {
    const desk = await startFakeDesk({ env: { FAKE_ELECTRON_SINGLE_INSTANCE_LOCK: '0' }, waitUntilReady: false });

    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });
    expect(desk.notices).toContainEqual({ event: 'exit', code: 0, via: 'quit' });
    expect(desk.notices.filter((notice) => notice.event === 'errorBox')).toEqual([]);
    expect(await isRefused(desk.port)).toBe(true);
    expect(fs.existsSync(path.join(desk.dataDir, 'wifire-desk.db'))).toBe(false);
  });

  it('says why in an error box and exits 1 when its port is already taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as net.AddressInfo;
      const desk = await startFakeDesk({ port, waitUntilReady: false });

      expect(await desk.waitForExit()).toEqual({ code: 1, signal: null });
      expect(desk.notices).toContainEqual({
        event: 'errorBox',
        title: 'O WiFire Desk não pôde iniciar / WiFire Desk could not start',
        content: expect.stringContaining(`A porta ${port} já está em uso`),
      });
      const log = fs.readFileSync(path.join(desk.dataDir, 'logs', 'wifire-desk.log'), 'utf8');
      expect(log).toMatch(/"level":"error","message":"desktop start failed"/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('writes no personal data of the customers to its logs', async () => {
    const desk = await startFakeDesk();
    const people = [withBirthdayToday(customer(51)), customer(52), customer(53)];
    await deliver(desk, 'cliente-aniversariante-chegou', people[0]!);
    await deliver(desk, 'cliente-insatisfeito-chegou', people[1]!);
    await deliver(desk, 'cliente-avaliou-negativamente', people[2]!);
    await desk.waitForState((s) => (s.notifications.length >= 3 ? s : undefined), 'three pop-ups');
    await desk.command({ op: 'clickNotification', index: 0 });
    const card = await desk.invoke('getCustomer', { customerId: people[0]!.id });
    expect(card).toMatchObject({ ok: true, result: { name: people[0]!.name } });
    const refused: Envelope = await desk.invoke(
      'getCustomer',
      { customerId: people[1]!.id },
      {
        senderId: 999,
        frameUrl: 'https://evil.example/',
      },
    );
    expect(refused.ok).toBe(false);
    await desk.invoke('listFeed', { search: people[2]!.name, limit: -1 });
    await desk.command({ op: 'menu', label: 'Sair do WiFire Desk' });
    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });

    const logsDir = path.join(desk.dataDir, 'logs');
    const logged =
      fs
        .readdirSync(logsDir)
        .map((name) => fs.readFileSync(path.join(logsDir, name), 'utf8'))
        .join('\n') + desk.appOutput();
    expect(logged).toMatch(/desktop ready/);
    for (const who of people) {
      for (const value of [who.name, who.email, who.phone, who.phone.replace(/\D/g, ''), who.cpf, who.mac]) {
        expect(logged).not.toContain(value);
      }
    }
  });
});
