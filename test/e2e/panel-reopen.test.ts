// The panel reopened the next morning in Chromium: the cookie outlives the browser; without it, a page says what to do.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { launchChromium } from '../support/chromium.js';
import { startTempService, type TempService } from '../support/temp-service.js';

const WAIT_MS = 10_000;

describe('the panel opened again without its Panel URL, in Chromium', () => {
  let t: TempService | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    t = await startTempService();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens /panel/ after the browser restarts, and shows a fresh browser a page on how to get back in', async () => {
    if (!t || !browser) throw new Error('the service or the browser did not start');
    const customer = fakeCustomer(201);
    expect((await t.post(buildPayload('cliente-chegou', customer))).status).toBe(200);
    const origin = new URL(t.service.panelUrl).origin;
    const token = new URL(t.service.panelUrl).searchParams.get('token')!;
    const row = `[data-testid="feed-row"][data-customer-id="${customer.id}"]`;

    // Yesterday: the owner opens the Panel URL from the terminal.
    const yesterday = await browser.newContext({ locale: 'pt-BR' });
    const first = await yesterday.newPage();
    await first.goto(t.service.panelUrl);
    expect(new URL(first.url()).pathname).toBe('/panel/');
    await first.locator(row).waitFor({ timeout: WAIT_MS });
    const cookie = (await yesterday.cookies()).find((c) => c.name === 'wd_panel');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/panel', domain: '127.0.0.1' });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 29.9 * 24 * 3600);
    const state = await yesterday.storageState();
    await yesterday.close();

    // This morning: a restarted browser keeps only cookies with an expiry; the bookmark of /panel/ opens the panel.
    const kept = state.cookies.filter((c) => c.expires > 0);
    expect(kept.map((c) => c.name)).toContain('wd_panel');
    const today = await browser.newContext({ locale: 'pt-BR', storageState: { cookies: kept, origins: [] } });
    const page = await today.newPage();
    const answer = await page.goto(`${origin}/panel/`);
    expect(answer?.status()).toBe(200);
    await page.locator(row).waitFor({ timeout: WAIT_MS });
    expect(await page.locator(row).innerText()).toContain(customer.name);
    expect((await page.locator('body').innerText()).trim().startsWith('{')).toBe(false);
    await today.close();

    // Another browser, or cookies cleared: the help page, readable on a narrow window, with nothing of the panel.
    const stranger = await browser.newContext({ locale: 'pt-BR', viewport: { width: 380, height: 700 } });
    try {
      const help = await stranger.newPage();
      const refused = await help.goto(`${origin}/panel/`);
      expect(refused?.status()).toBe(404);
      expect(refused?.headers()['content-security-policy']).toContain("default-src 'none'");
      const heading = help.getByRole('heading', { level: 1 });
      await heading.waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await heading.innerText()).toContain('abra o painel pela Panel URL');
      expect(await heading.innerText()).toContain('Open the panel with its Panel URL');
      expect(await help.locator('html').getAttribute('lang')).toBe('pt-BR');
      const text = await help.locator('body').innerText();
      expect(text).toContain('npm run headless -- --print-panel-url');
      expect(text).toContain('How to open the panel again');
      expect(text).not.toContain(customer.name);
      expect(text).not.toContain(token);
      // Readable at 380 px: nothing wider than the window, so no sideways scrolling.
      expect(await help.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(380);
    } finally {
      await stranger.close();
    }
  });
});
