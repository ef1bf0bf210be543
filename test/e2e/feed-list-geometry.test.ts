// The feed's virtual list in Chromium, as a desk uses it on a long evening: the window made taller, a scroll down the
// list, an arrival while scrolled, back to the top. After each step the rows on screen fill the list, in order.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { launchChromium } from '../support/chromium.js';
import { startTempService, type TempService } from '../support/temp-service.js';

const WAIT_MS = 10_000;
const EVENTS = 60;

/** What the list shows, read in the page: its visible height, and the rows drawn that reach into it. */
interface Screen {
  listHeight: number;
  /** How far down the visible part of the list the drawn rows reach without a gap, in px. */
  coveredTo: number;
  /** Customer ids of the rows on screen, top to bottom. */
  onScreen: string[];
  drawn: number;
}

// Runs in the page; Node's types know no DOM, so the few parts read are typed here.
interface Rect {
  top: number;
  bottom: number;
}
interface Box {
  clientHeight: number;
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): Rect;
  querySelectorAll(selector: string): ArrayLike<Box>;
}

function screen(page: Page): Promise<Screen> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(selector: string): Box } }).document;
    const list = doc.querySelector('.vlist');
    const box = list.getBoundingClientRect();
    const rows = Array.from(list.querySelectorAll('[data-testid="feed-row"]'))
      .map((row) => ({ rect: row.getBoundingClientRect(), id: row.dataset['customerId'] ?? '' }))
      .filter(({ rect }) => rect.bottom > box.top && rect.top < box.bottom)
      .sort((a, b) => a.rect.top - b.rect.top);
    let covered = 0;
    for (const { rect } of rows) {
      if (rect.top - box.top > covered + 1) break;
      covered = Math.max(covered, rect.bottom - box.top);
    }
    return {
      listHeight: list.clientHeight,
      coveredTo: Math.min(covered, list.clientHeight),
      onScreen: rows.map((row) => row.id),
      drawn: list.querySelectorAll('[data-testid="feed-row"]').length,
    };
  });
}

describe('the feed list in Chromium, across a resize and a scroll', () => {
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

  it('keeps the list filled with the right rows after each change', async () => {
    if (!t || !browser) throw new Error('the service or the browser did not start');
    // Customer n arrives n-th: the newest (60) is first in the feed.
    const ids: string[] = [];
    for (let n = 1; n <= EVENTS; n++) {
      const customer = fakeCustomer(300 + n);
      ids.unshift(customer.id);
      expect((await t.post(buildPayload('cliente-chegou', customer))).status).toBe(200);
    }
    const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1100, height: 600 } });
    try {
      const page = await context.newPage();
      await page.goto(t.service.panelUrl);
      await page.locator('[data-testid="feed-row"]').first().waitFor({ timeout: WAIT_MS });
      /** Waits until the rows fill the list; a failure shows what the list held last. */
      const filled = async (what: string): Promise<Screen> => {
        let last: Screen | undefined;
        await expect
          .poll(
            async () => {
              last = await screen(page);
              return last.listHeight > 0 && last.coveredTo >= last.listHeight ? 'filled' : JSON.stringify(last);
            },
            { timeout: WAIT_MS, message: `${what}: the list has a gap` },
          )
          .toBe('filled');
        return last!;
      };

      // 1. Opened: the newest first, in order, and only a window of the 60 drawn.
      const opened = await filled('opened');
      expect(opened.onScreen).toEqual(ids.slice(0, opened.onScreen.length));
      expect(opened.drawn).toBeLessThan(EVENTS);

      // 2. The window made much taller, with no scroll: the rows it uncovers are drawn.
      await page.setViewportSize({ width: 1100, height: 1500 });
      const taller = await filled('made taller');
      expect(taller.listHeight).toBeGreaterThan(opened.listHeight + 500);
      expect(taller.onScreen).toEqual(ids.slice(0, taller.onScreen.length));
      expect(taller.onScreen.length).toBeGreaterThan(opened.onScreen.length);

      // 3. Scrolled to the 40th row: the rows from there on.
      await page.locator('.vlist').evaluate((list: { scrollTop: number }) => {
        list.scrollTop = 40 * 68; // the feed's row height: FEED_ROW_HEIGHT in renderer/feed-view.ts
      });
      const scrolled = await filled('scrolled');
      expect(scrolled.onScreen[0]).toBe(ids[40]);
      expect(scrolled.onScreen).toEqual(ids.slice(40, 40 + scrolled.onScreen.length));

      // 4. A new arrival while scrolled: listed on top, and the desk's place in the list does not jump.
      const newcomer = fakeCustomer(300 + EVENTS + 1);
      expect((await t.post(buildPayload('cliente-chegou', newcomer))).status).toBe(200);
      await expect.poll(() => page.getByTestId('feed-total').innerText(), { timeout: WAIT_MS }).toContain('61');
      const after = await filled('after an arrival');
      expect(after.onScreen[0]).toBe(ids[40]);

      // 5. Back to the top: the newcomer first, then the 60 in order.
      await page.locator('.vlist').evaluate((list: { scrollTop: number }) => {
        list.scrollTop = 0;
      });
      const top = await filled('back at the top');
      expect(top.onScreen).toEqual([newcomer.id, ...ids].slice(0, top.onScreen.length));

      // 6. Smaller again: still filled, and fewer rows on screen.
      await page.setViewportSize({ width: 1100, height: 500 });
      const smaller = await filled('made smaller');
      expect(smaller.onScreen.length).toBeLessThan(top.onScreen.length);
      expect(smaller.onScreen).toEqual([newcomer.id, ...ids].slice(0, smaller.onScreen.length));
    } finally {
      await context.close();
    }
  });
});
