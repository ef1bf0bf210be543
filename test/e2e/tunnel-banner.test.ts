// A new tunnel address, as the staff meet it: a real pop-up on dunst and the banner in Chromium, until confirmed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotFolder } from '../support/screenshots.js';
import { launchChromium } from '../support/chromium.js';
import { eventually, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';

const STANDINS = path.resolve('test/fixtures/tunnels/bin');
/** Screenshots for the README (see screenshotFolder). */
const shots = screenshotFolder();
const SHOTS = shots.dir;

describe('a new public address in the panel', () => {
  let session: NotificationSession;
  let app: HeadlessService;
  let browser: Browser;
  const routes = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-routes-'));

  beforeAll(async () => {
    session = await startNotificationSession();
    app = await startHeadless(
      { ...session.env, PATH: `${STANDINS}:${process.env.PATH}`, WIFIRE_STANDIN_ROUTES: routes },
      { tunnel: { preset: 'cloudflared', mode: 'quick' } },
    );
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    shots.cleanup();
    await browser?.close();
    try {
      // The service stops its tunnel program on the way out.
      if (app) expect(await app.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
      fs.rmSync(routes, { recursive: true, force: true });
    }
  });

  it('pops up, shows the full webhook URL to paste with the steps, and goes quiet once confirmed', async () => {
    const publicUrl = await eventually(
      () => /^Public URL: (\S+)$/m.exec(app.process.output())?.[1],
      'the Public URL line',
    );
    expect(publicUrl).toMatch(/^https:\/\/[a-z0-9-]+\.trycloudflare\.com\/hooks\/[A-Za-z0-9_-]{22,}$/);
    const popUp = await session.waitFor((n) => n.summary === 'Endereço do WiFire Desk mudou', WAIT_MS);
    // dunst prints the body as sent, markup-escaped ("&gt;" for ">").
    expect(popUp.body).toContain('Cole o novo endereço no WiFire: Configurações &gt; Integrações.');

    const context = await browser.newContext({ viewport: { width: 1100, height: 750 }, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(app.panelUrl);
    const banner = page.getByTestId('public-url-banner');
    await banner.waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect(page.getByTestId('public-url-value').inputValue()).resolves.toBe(publicUrl);
    const text = await banner.innerText();
    expect(text).toContain('Cole o novo endereço no WiFire');
    expect(text).toContain('Configurações > Integrações');
    expect(text).toContain('Salvar');
    await page.screenshot({ path: path.join(SHOTS, 'tunnel-banner.png') });

    await page.getByTestId('public-url-confirm').click();
    await banner.waitFor({ state: 'hidden', timeout: WAIT_MS });
    const config = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config.tunnelConfirmed).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A second view opened later does not ask again.
    const later = await context.newPage();
    await later.goto(`${new URL(app.panelUrl).origin}/panel/#/settings`);
    await later.getByTestId('settings-tunnel').waitFor({ timeout: WAIT_MS });
    await expect(later.getByTestId('public-url-banner').isVisible()).resolves.toBe(false);
    await expect(later.getByTestId('tunnel-preset').inputValue()).resolves.toBe('cloudflared');
    await later.getByTestId('settings-tunnel').screenshot({ path: path.join(SHOTS, 'tunnel-settings.png') });
    await context.close();
  });
});
