// The panel in a real browser (Debian's Chromium) against the real headless service, with real pop-ups on dunst.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotFolder } from '../support/screenshots.js';
import { buildPayload, fakeCustomer, withBirthdayToday } from '../../main/headless/simulator/payloads.js';
import { UI_STRINGS } from '../../shared/ui-strings.js';
import { launchChromium } from '../support/chromium.js';
import { post, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';

/** Screenshots for the README (see screenshotFolder). */
const shots = screenshotFolder();
const SHOTS = shots.dir;

const LIVE_MS = 1000;

describe('the panel in Chromium, live', () => {
  let session: NotificationSession | undefined;
  let service: HeadlessService | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let setupError: unknown;

  beforeAll(async () => {
    try {
      session = await startNotificationSession();
      service = await startHeadless({ ...session.env });
      // evil.example resolves to the service: a DNS-rebinding attacker's page, for real.
      browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
      context = await browser.newContext({ viewport: { width: 1100, height: 750 }, locale: 'pt-BR' });
    } catch (error) {
      setupError = error;
    }
  }, 60_000);

  afterAll(async () => {
    shots.cleanup();
    await browser?.close();
    try {
      if (service) expect(await service.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
    }
  });

  function stack(): { popUps: NotificationSession; app: HeadlessService; browser: Browser; context: BrowserContext } {
    if (setupError !== undefined || !session || !service || !browser || !context) {
      throw setupError ?? new Error('the browser stack did not start');
    }
    return { popUps: session, app: service, browser, context };
  }

  /** Another view of the panel already open in `page`, as the app's own links reach it. */
  async function go(page: Page, route: string): Promise<void> {
    await page.goto(`${new URL(page.url()).origin}/panel/${route}`);
  }

  async function openPanel(route = '#/feed'): Promise<Page> {
    const { app, context } = stack();
    const page = await context.newPage();
    await page.goto(app.panelUrl);
    expect(new URL(page.url()).pathname).toBe('/panel/');
    expect(page.url()).not.toContain('token=');
    await go(page, route);
    // No tunnel runs here: once the status has arrived, the light says there is no public address yet (never green).
    const connected = page.getByTestId('connection').filter({ hasText: UI_STRINGS['pt-BR'].healthNoPublicAddress });
    await connected.waitFor({ timeout: WAIT_MS });
    return page;
  }

  const row = (page: Page, customerId: string) =>
    page.locator(`[data-testid="feed-row"][data-customer-id="${customerId}"]`);

  it('shows a birthday arrival in an open panel within a second, with the name and "aniversário"', async () => {
    const { app } = stack();
    const page = await openPanel();
    const customer = withBirthdayToday(fakeCustomer(101));
    // A few neighbours make the screenshot look like a real evening at the bar.
    for (const [n, type] of [
      [102, 'cliente-frequente-chegou'],
      [103, 'cliente-avaliou-positivamente'],
      [104, 'cliente-conectou'],
      [105, 'cliente-avaliou-negativamente'],
    ] as const) {
      expect((await post(app.webhookUrl, buildPayload(type, fakeCustomer(n)))).status).toBe(200);
    }
    await row(page, fakeCustomer(105).id).waitFor({ timeout: WAIT_MS });

    expect((await post(app.webhookUrl, buildPayload('cliente-aniversariante-chegou', customer))).status).toBe(200);
    // The promise to the desk: on screen within a second of the 200, with no reload.
    const birthday = row(page, customer.id);
    await birthday.waitFor({ timeout: LIVE_MS });
    await expect.poll(() => birthday.innerText()).toContain(customer.name);
    expect(await birthday.innerText()).toContain('aniversário');
    expect(await page.getByTestId('unread-count').first().innerText()).toContain('5');
    await page.screenshot({ path: path.join(SHOTS, 'panel-feed.png') });
    await page.close();
  });

  it('opens the customer card from the feed with the birthday badge and the visit history', async () => {
    const page = await openPanel();
    const customer = withBirthdayToday(fakeCustomer(101));
    await row(page, customer.id).first().click();
    const card = page.getByTestId('customer-card');
    await card.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('customer-name').innerText()).toBe(customer.name);
    expect(await card.innerText()).toMatch(/Aniversário hoje/);
    expect(await card.innerText()).toContain(customer.email);
    expect(await card.innerText()).not.toContain(customer.cpf);
    await page.screenshot({ path: path.join(SHOTS, 'customer-card.png') });
    await page.close();
  });

  it('mutes a type by unticking it in "Avisar sobre": the event is listed but no pop-up reaches dunst', async () => {
    const { app, popUps } = stack();
    // Straight to "Avisar sobre", as a link elsewhere in the app would go.
    const page = await openPanel('#/settings/alerts');
    const checkbox = page.getByTestId('alert-type-cliente-conectou');
    expect(await checkbox.isChecked()).toBe(true);
    await checkbox.uncheck();
    await expect
      .poll(() => JSON.parse(fs.readFileSync(path.join(app.dataDir, 'config.json'), 'utf8')).mutedTypes as string[])
      .toEqual(['cliente-conectou']);
    await expect.poll(() => page.getByTestId('alert-preset-current').textContent()).toBe('Em uso: Personalizado');
    await page.screenshot({ path: path.join(SHOTS, 'settings.png'), fullPage: false });

    await go(page, '#/feed');
    const quiet = fakeCustomer(110);
    const loud = fakeCustomer(111);
    expect((await post(app.webhookUrl, buildPayload('cliente-conectou', quiet))).status).toBe(200);
    expect((await post(app.webhookUrl, buildPayload('cliente-chegou', loud))).status).toBe(200);
    await row(page, quiet.id).waitFor({ timeout: WAIT_MS });
    // The pop-up sent after the muted one arrives, so the muted one had its chance and did not come.
    await popUps.waitFor((n) => n.body.includes(loud.name), WAIT_MS);
    expect(popUps.notifications.filter((n) => n.body.includes(quiet.name))).toEqual([]);
    await page.close();
  });

  it('drops a removed customer from the open card and from the feed at once', async () => {
    const { app } = stack();
    const leaving = fakeCustomer(120);
    expect((await post(app.webhookUrl, buildPayload('cliente-chegou', leaving))).status).toBe(200);
    expect((await post(app.webhookUrl, buildPayload('cliente-avaliou-passivamente', leaving))).status).toBe(200);
    const feed = await openPanel();
    await expect.poll(() => row(feed, leaving.id).count()).toBe(2);
    const cardPage = await openPanel(`#/customer/${encodeURIComponent(leaving.id)}`);
    await expect.poll(() => cardPage.getByTestId('customer-name').innerText()).toBe(leaving.name);

    expect((await post(app.webhookUrl, buildPayload('cliente-removeu-conta', leaving))).status).toBe(200);
    await expect.poll(() => row(feed, leaving.id).count(), { timeout: LIVE_MS }).toBe(0);
    await expect.poll(() => cardPage.locator('body').innerText(), { timeout: LIVE_MS }).toContain('removeu a conta');
    expect(await cardPage.locator('body').innerText()).not.toContain(leaving.name);
    expect(await feed.locator('body').innerText()).not.toContain(leaving.name);
    await feed.close();
    await cardPage.close();
  });

  it('shows the compact tray feed with the unread count', async () => {
    const { context, app } = stack();
    const page = await context.newPage();
    // The desktop tray window's real size (main/desktop/windows.ts).
    await page.setViewportSize({ width: 380, height: 560 });
    await page.goto(app.panelUrl);
    await go(page, '#/tray');
    await page.getByTestId('feed-row').first().waitFor({ timeout: WAIT_MS });
    expect(Number((await page.getByTestId('unread-count').first().innerText()).replace(/\D/g, ''))).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'tray-feed.png') });
    await page.close();
  });

  it('gives a page without the token, or reached under a foreign Host name, nothing at all', async () => {
    const { app, browser } = stack();
    const stranger = await browser.newContext();
    try {
      const page = await stranger.newPage();
      const origin = new URL(app.panelUrl).origin;
      for (const target of [`${origin}/panel/`, `${origin}/panel`, `${origin}/panel/app.js`]) {
        const answer = await page.goto(target);
        expect(answer?.status(), target).toBe(404);
        expect(await page.content()).not.toContain(fakeCustomer(101).name);
      }
      // DNS rebinding: evil.example resolves to 127.0.0.1; even with the right token the Host gives it away.
      const rebound = await page.goto(app.panelUrl.replace('127.0.0.1', 'evil.example'));
      expect(rebound?.status()).toBe(404);
      expect(await page.content()).not.toContain('feed-row');
    } finally {
      await stranger.close();
    }
  });
});
