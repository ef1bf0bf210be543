// The store's worker ends while the panel is open, as the staff see it in Chromium: the pill turns red with
// "Banco de eventos reiniciando" while WiFire's delivery is answered 503, then shows what it showed before once a
// new worker answers; WiFire's retry appears in the feed, the earlier row stays, and a reload and a restart show both.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { launchChromium } from '../support/chromium.js';
import { WAIT_MS } from '../support/e2e-headless.js';
import { makeTempDir, startTempService, type TempService } from '../support/temp-service.js';

const DYING_WORKER = path.resolve('test/fixtures/store/dying-store-worker.mjs');

interface Pill {
  state: string | null;
  text: string;
  title: string | null;
}

async function pill(page: Page): Promise<Pill> {
  const element = page.getByTestId('connection').first();
  return {
    state: await element.getAttribute('data-state'),
    text: (await element.innerText()).trim(),
    title: await element.getAttribute('title'),
  };
}

async function rowsOf(page: Page): Promise<string[]> {
  return page.locator('[data-testid="feed-row"]').evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
}

describe('a store worker that ends while the panel is open', () => {
  let browser: Browser;
  let t: TempService;
  let dir: string;

  beforeAll(async () => {
    dir = makeTempDir();
    process.env.WD_TEST_STORE_DIE_FILE = path.join(dir, 'die-now');
    t = await startTempService({ dir, storeWorkerFile: DYING_WORKER });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    delete process.env.WD_TEST_STORE_DIE_FILE;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says so in the pill while WiFire gets 503, then shows the retry with the earlier row, live, after a reload and after a restart', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(t.service.panelUrl);
    const first = { ...fakeCustomer(1), name: 'Beatriz Antes Lima' };
    expect((await t.post(buildPayload('cliente-chegou', first))).status).toBe(200);
    await expect.poll(() => rowsOf(page), { timeout: WAIT_MS }).toEqual([expect.stringContaining('Beatriz')]);
    const before = await pill(page);
    expect(before.state).not.toBe('down');

    // The worker ends on the next thing asked of it: this delivery.
    fs.writeFileSync(process.env.WD_TEST_STORE_DIE_FILE!, '');
    const second = { ...fakeCustomer(2), name: 'Caio Depois Souza' };
    const delivery = buildPayload('cliente-chegou', second);
    expect((await t.post(delivery)).status).toBe(503);
    await expect
      .poll(() => pill(page), { timeout: WAIT_MS })
      .toMatchObject({ state: 'down', text: 'Banco de eventos reiniciando' });
    expect((await pill(page)).title).toMatch(/o WiFire os reenvia sozinho: nada se perde/);
    expect(await rowsOf(page)).toEqual([expect.stringContaining('Beatriz')]);

    // WiFire sends it again until it is stored; the pill goes back to what it said, the row arrives live.
    await expect.poll(async () => (await t.post(delivery)).status, { timeout: WAIT_MS, interval: 200 }).toBe(200);
    await expect.poll(() => pill(page), { timeout: WAIT_MS }).toEqual(before);
    await expect
      .poll(() => rowsOf(page), { timeout: WAIT_MS })
      .toEqual([expect.stringContaining('Caio'), expect.stringContaining('Beatriz')]);

    await page.reload();
    await expect
      .poll(() => rowsOf(page), { timeout: WAIT_MS })
      .toEqual([expect.stringContaining('Caio'), expect.stringContaining('Beatriz')]);
    expect(await pill(page)).toEqual(before);

    // The app restarted on the same folder, with the built worker: the same two rows, the same pill, and WiFire's
    // next delivery is stored at once.
    await t.service.close(); // TempService's own close() would also remove the data folder
    t = await startTempService({ dir });
    await page.goto(t.service.panelUrl);
    await expect
      .poll(() => rowsOf(page), { timeout: WAIT_MS })
      .toEqual([expect.stringContaining('Caio'), expect.stringContaining('Beatriz')]);
    await expect.poll(() => pill(page), { timeout: WAIT_MS }).toEqual(before);
    expect(
      (await t.post(buildPayload('cliente-chegou', { ...fakeCustomer(3), name: 'Dora Reinicio Alves' }))).status,
    ).toBe(200);
    await expect
      .poll(() => rowsOf(page), { timeout: WAIT_MS })
      .toEqual([expect.stringContaining('Dora'), expect.stringContaining('Caio'), expect.stringContaining('Beatriz')]);
    await context.close();
  });
});
