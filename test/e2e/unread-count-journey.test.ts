// The unread count a desk sees (the header's badge), walked through a day in the real panel: deliveries, WiFire's
// retries, one event read, an LGPD removal, a restart, a late retry of the removed customer, "marcar todos como
// lidos". The store keeps the count in memory (it no longer counts after each write): after every step the badge
// must say what the database holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { launchChromium } from '../support/chromium.js';
import { post, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';

describe('the unread count through a desk’s day', () => {
  let session: NotificationSession | undefined;
  let browser: Browser | undefined;
  let app: HeadlessService | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-e2e-unread-'));

  beforeAll(async () => {
    session = await startNotificationSession();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    try {
      if (app) expect(await app.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** Unread events on disk, read by a connection of this test's own. */
  const onDisk = (): number => {
    const db = new Database(path.join(dataDir, 'wifire-desk.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events WHERE read_at IS NULL').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  const badge = (page: Page) => page.getByTestId('unread-count').first();
  const row = (page: Page, n: number) =>
    page.locator(`[data-testid="feed-row"][data-customer-id="${fakeCustomer(n).id}"]`);

  /** The badge says `expected`, and so does the disk. */
  async function counted(page: Page, expected: number): Promise<void> {
    await expect.poll(() => badge(page).innerText(), { timeout: WAIT_MS }).toBe(String(expected));
    expect(onDisk()).toBe(expected);
  }

  async function openPanel(): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1100, height: 750 }, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(app!.panelUrl);
    await page.getByTestId('mark-all-read').waitFor({ timeout: WAIT_MS });
    return page;
  }

  it('says what the database holds after each step, across a restart and WiFire’s retries', async () => {
    app = await startHeadless({ ...session!.env }, undefined, { dataDir });
    let page = await openPanel();
    await counted(page, 0);

    // Four deliveries: Ana twice, Bruno, Carla.
    const brunoLiked = buildPayload('cliente-curtiu', fakeCustomer(62));
    for (const payload of [
      buildPayload('cliente-chegou', fakeCustomer(61)),
      brunoLiked,
      buildPayload('cliente-conectou', fakeCustomer(63)),
      buildPayload('cliente-curtiu', fakeCustomer(61)),
    ]) {
      expect((await post(app.webhookUrl, payload)).status).toBe(200);
    }
    await counted(page, 4);

    // WiFire retries Bruno's delivery: the same event, nothing new to read.
    expect((await post(app.webhookUrl, brunoLiked)).status).toBe(200);
    await counted(page, 4);

    // Carla's event read from its own row.
    await row(page, 63).getByTestId('row-mark-read').click();
    await counted(page, 3);

    // Bruno deletes his account: his unread event leaves with him.
    expect((await post(app.webhookUrl, buildPayload('cliente-removeu-conta', fakeCustomer(62)))).status).toBe(200);
    await expect.poll(() => row(page, 62).count(), { timeout: WAIT_MS }).toBe(0);
    await counted(page, 2);

    // A restart on the same folder counts what is on disk.
    await page.context().close();
    expect(await app.terminate()).toEqual({ code: 0, signal: null });
    app = await startHeadless({ ...session!.env }, undefined, { dataDir });
    page = await openPanel();
    await counted(page, 2);

    // WiFire's late retry of Bruno's delivery, dated before his removal: refused, nothing stored.
    expect((await post(app.webhookUrl, brunoLiked)).status).toBe(200);
    expect(await row(page, 62).count()).toBe(0);
    await counted(page, 2);

    // A new arrival, then "marcar todos como lidos".
    expect((await post(app.webhookUrl, buildPayload('cliente-chegou', fakeCustomer(64)))).status).toBe(200);
    await counted(page, 3);
    await page.getByTestId('mark-all-read').click();
    await counted(page, 0);
    await page.context().close();
  }, 120_000);
});
