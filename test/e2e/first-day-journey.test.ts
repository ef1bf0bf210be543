// An owner's first day, as they live it: an empty data folder, the panel in Chromium, the checklist leading through
// a (stand-in) cloudflared tunnel, "Já colei no WiFire" and a test event, to a pop-up dunst really shows; then the
// notification server goes away and comes back, and the app restarts. After every step the whole state is checked:
// the status pill, the checklist, config.json and what reached the notification server. Never green too early.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotFolder } from '../support/screenshots.js';
import { chooseHeadlessNotifier, type HeadlessNotifier } from '../../main/headless/choose-notifier.js';
import { launchChromium } from '../support/chromium.js';
import { WAIT_MS } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';
import { FAST_TUNNEL_TIMING, standinWorld, type StandinWorld } from '../support/standin-tunnel.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir, startTempService, type TempService } from '../support/temp-service.js';

type Json = Record<string, unknown>;

/** Screenshots for the README (see screenshotFolder). */
const shots = screenshotFolder();
const SHOTS = shots.dir;

interface Seen {
  /** The pill's colour and words. */
  state: string | null;
  text: string;
  /** The checklist's progress line, or null once it folded away. */
  progress: string | null;
}

async function seen(page: Page): Promise<Seen> {
  const pill = page.getByTestId('connection').first();
  const checklist = page.locator('[data-testid="first-run"]:not([hidden])');
  return {
    state: await pill.getAttribute('data-state'),
    text: (await pill.innerText()).trim(),
    progress: (await checklist.count()) > 0 ? await checklist.getByTestId('first-run-progress').innerText() : null,
  };
}

/** Waits until the page shows `want` (every field given), and fails with what it showed instead. */
async function until(page: Page, want: Partial<Seen>, what: string): Promise<Seen> {
  const deadline = Date.now() + WAIT_MS;
  let last: Seen | null = null;
  while (Date.now() < deadline) {
    last = await seen(page);
    if (Object.entries(want).every(([key, value]) => last![key as keyof Seen] === value)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: the page showed ${JSON.stringify(last)}, not ${JSON.stringify(want)}`);
}

describe('the first day, from an empty data folder to the first pop-up', () => {
  let session: NotificationSession;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let world: StandinWorld;
  let dir: string;
  let port: number;
  let t: TempService | undefined;
  let notifier: HeadlessNotifier | undefined;

  const config = (): Json => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Json;

  /** The service as the headless shell runs it: the real D-Bus notifier, the tunnel stand-ins on PATH. */
  async function start(): Promise<TempService> {
    notifier = chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: session.env.DBUS_SESSION_BUS_ADDRESS }, 'linux');
    t = await startTempService({
      dir,
      port,
      backend: notifier,
      tunnel: { env: world.env, fetch: world.fetch, timing: FAST_TUNNEL_TIMING },
    });
    return t;
  }

  async function stop(): Promise<void> {
    await t?.service.close();
    notifier?.close();
    t = undefined;
  }

  beforeAll(async () => {
    session = await startNotificationSession();
    browser = await launchChromium();
    world = standinWorld();
    dir = makeTempDir('wifire-desk-first-day-');
    port = await freePort();
  }, 60_000);

  afterAll(async () => {
    shots.cleanup();
    await context?.close();
    await browser?.close();
    await stop();
    await session?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(world.work, { recursive: true, force: true });
  });

  it('leads the owner step by step, honestly, and keeps what was done across a restart', async () => {
    const service = (await start()).service;
    context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(service.panelUrl);
    // Every colour the pill takes, recorded by the page itself: it may never be green before the chain works.
    // (A script string: this file is type-checked for Node, the page has the DOM.)
    await page.evaluate(`(() => {
      const states = (window.pillStates = []);
      const note = () => {
        const state = document.querySelector('[data-testid="connection"]')?.getAttribute('data-state');
        if (state && states.at(-1) !== state) states.push(state);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
      note();
    })()`);
    const pillStates = (): Promise<string[]> => page.evaluate<string[]>('[...window.pillStates]');

    // 1. A fresh desk: nothing can arrive yet, and the checklist says where to start.
    await until(page, { state: 'degraded', text: 'Sem endereço público', progress: '0 de 4 concluídos' }, 'fresh');
    await page.screenshot({ path: path.join(SHOTS, 'first-run.png') });
    expect(config()).toMatchObject({
      tunnel: { preset: 'none' },
      firstRun: { reachedAt: null, eventAt: null, popUpAt: null },
    });
    expect(config().tunnelConfirmed).toBeUndefined();

    // 2. "Configurar o túnel" leads to the Túnel section; the owner picks Cloudflare's quick tunnel and saves.
    await page.getByTestId('first-run-tunnel-action').click();
    await page.waitForURL(/#\/settings\/tunnel$/);
    await page.getByTestId('tunnel-preset').selectOption('cloudflared');
    await page.getByTestId('tunnel-save').click();
    const urlPopUp = await session.waitFor((n) => n.summary === 'Endereço do WiFire Desk mudou', WAIT_MS);
    expect(urlPopUp.body).toContain('Cole o novo endereço no WiFire');
    // Up and reached by the self-check, but WiFire does not have the address yet: amber, saying what to do.
    const reached = await until(page, { state: 'degraded', text: 'Cole o endereço no WiFire' }, 'tunnel up');
    await page
      .locator('header')
      .first()
      .screenshot({ path: path.join(SHOTS, 'status-paste.png') });
    expect(reached.progress).toBe('2 de 4 concluídos'); // the tunnel, and the address pop-up did reach the screen
    expect(config()).toMatchObject({
      tunnel: { preset: 'cloudflared', mode: 'quick' },
      firstRun: { reachedAt: expect.any(Number), eventAt: null, popUpAt: expect.any(Number) },
    });
    const publicUrl = await page.getByTestId('public-url-value').first().inputValue();
    expect(publicUrl).toMatch(/^https:\/\/[a-z0-9-]+\.trycloudflare\.com\/hooks\//);
    expect(publicUrl).toBe(service.tunnel.status('pt-BR').publicWebhookUrl);

    // 3. Pasted into WiFire: now, and only now, the whole chain works.
    await page.getByTestId('public-url-confirm').first().click();
    await until(page, { state: 'ok', text: 'No ar: recebendo eventos', progress: '3 de 4 concluídos' }, 'confirmed');
    await page
      .locator('header')
      .first()
      .screenshot({ path: path.join(SHOTS, 'status-ok.png') });
    expect(await pillStates()).toEqual(['degraded', 'ok']);
    expect(config().tunnelConfirmed).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // 4. The test event goes out through the public address, comes back, is stored and pops up on dunst.
    await page.getByTestId('first-run-firstEvent-action').click();
    const testPopUp = await session.waitFor((n) => n.summary === 'Evento de teste', WAIT_MS);
    expect(testPopUp.body).toContain('Chegou pelo endereço público');
    await until(page, { state: 'ok', progress: null }, 'all steps done: the checklist folds away');
    expect(config()).toMatchObject({ firstRun: { eventAt: expect.any(Number) } });
    await page.goto(`${new URL(service.panelUrl).origin}/panel/#/feed`);
    await expect(page.getByTestId('feed-row').first().innerText()).resolves.toContain('Evento de teste');

    // 5. The notification server goes away: the pill turns red, in words, with where to fix it.
    await session.stopDaemon();
    await page.goto(`${new URL(service.panelUrl).origin}/panel/#/settings/notifications`);
    await page.getByTestId('test-notification').click();
    const red = await until(page, { state: 'down', text: 'Notificações não aparecem' }, 'pop-ups failing');
    await page
      .locator('header')
      .first()
      .screenshot({ path: path.join(SHOTS, 'status-popups-failing.png') });
    expect(red.progress).toBeNull();
    expect(await page.getByTestId('connection').first().getAttribute('href')).toBe('#/settings/notifications');
    // It comes back: the next test notification turns the pill green again.
    await session.startDaemon();
    await page.getByTestId('test-notification').click();
    await session.waitFor((n) => n.body.includes('Notificação de teste'), WAIT_MS);
    await until(page, { state: 'ok', text: 'No ar: recebendo eventos' }, 'pop-ups back');

    // 6. A restart: the steps stay done. A quick tunnel gets a new address, and the desk says to paste it again.
    const before = config();
    await stop();
    await start();
    await page.reload();
    await until(page, { state: 'degraded', text: 'Cole o endereço no WiFire', progress: null }, 'after a restart');
    const after = config();
    expect(after.firstRun).toEqual(before.firstRun);
    expect(after.tunnel).toEqual(before.tunnel);
    expect(await page.getByTestId('public-url-value').first().inputValue()).not.toBe(publicUrl);
  });
});
