// First render of the panel feed in Chromium: from navigation to the first rows painted, with 10 000 events stored,
// against a blank page in the same browser context (baseline, then panel, in each fresh context): what navigation
// and a first frame cost on this machine at this moment. The service runs in its own process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { writeBenchConfig } from './bench-payloads.js';
import { fillInChild } from './fill-store.js';
import { BenchChild, HOST, makeTempDir, removeTempDir } from './harness.js';
import { spreadOf, type Spread } from './pairs.js';

/** Where a panel load's time went, in ms from navigation start (the Navigation and Resource Timing entries). */
export interface PanelTimeline {
  /** The Panel URL's 303 (token → cookie) answered. */
  redirectEnd: number;
  /** index.html received. */
  documentEnd: number;
  domContentLoaded: number;
  /** The first page of the feed answered (POST /panel/api/listFeed). */
  listFeedStart: number | null;
  listFeedEnd: number | null;
  firstRows: number;
}

export interface PanelRenderResult {
  /** The load nearest the median's, as it happened. */
  timeline: PanelTimeline | null;
  panel: Spread;
  blank: Spread;
  /** panel / blank, per pair. */
  ratio: Spread;
  rowsInDom: number;
  fillSeconds: number;
}

/** The renderer's mark (renderer/feed-view.ts): set in the task after the frame that painted the first rows. */
const MARK = 'wd:feed-first-render';

/** One line of text, marked the way the panel marks its first rows: rAF, then the task after the paint. */
const BLANK_PAGE =
  '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>WiFire Desk</title></head>' +
  '<body><p>WiFire Desk</p><script>requestAnimationFrame(() => setTimeout(() => ' +
  `performance.mark(${JSON.stringify(MARK)}), 0));</script></body></html>`;

function serveBlankPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(BLANK_PAGE);
  });
  return new Promise((resolve) => {
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${HOST}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

export async function benchPanelRender(events: number, loads: number): Promise<PanelRenderResult> {
  const dir = makeTempDir('panel');
  try {
    writeBenchConfig(dir);
    const fill = await fillInChild(dir, events, Math.max(10, Math.round(events / 5)));
    const service = await BenchChild.start('service-server.js', [dir], 60_000);
    const blank = await serveBlankPage();
    const browser = await launchChromium();
    try {
      let rowsInDom = 0;
      const paint = async (context: BrowserContext, url: string): Promise<{ ms: number; timeline: PanelTimeline }> => {
        const page = await context.newPage();
        await page.goto(url);
        const handle = await page.waitForFunction(
          (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? false,
          MARK,
          { timeout: 20_000 },
        );
        const ms = (await handle.jsonValue()) as number;
        const timeline = await page.evaluate((firstRows): PanelTimeline => {
          // Runs in the page; Node's types for `performance` know neither entry type.
          interface Entry {
            name: string;
            startTime?: number;
            redirectEnd?: number;
            responseEnd?: number;
            domContentLoadedEventEnd?: number;
          }
          const entries = (type: string): Entry[] =>
            (performance.getEntriesByType as (type: string) => unknown[])(type) as Entry[];
          const nav: Entry = entries('navigation')[0] ?? { name: '' };
          const feed = entries('resource').find((entry) => entry.name.endsWith('/panel/api/listFeed'));
          return {
            redirectEnd: nav.redirectEnd ?? 0,
            documentEnd: nav.responseEnd ?? 0,
            domContentLoaded: nav.domContentLoadedEventEnd ?? 0,
            listFeedStart: feed?.startTime ?? null,
            listFeedEnd: feed?.responseEnd ?? null,
            firstRows,
          };
        }, ms);
        if (url === service.panelUrl) rowsInDom = await page.locator('[data-testid="feed-row"]').count();
        await page.close();
        return { ms, timeline };
      };
      const pair = async (): Promise<{ blank: number; panel: number; timeline: PanelTimeline }> => {
        const context = await browser.newContext({ viewport: { width: 1100, height: 750 } });
        try {
          const b = await paint(context, blank.url);
          const p = await paint(context, service.panelUrl);
          return { blank: b.ms, panel: p.ms, timeline: p.timeline };
        } finally {
          await context.close();
        }
      };
      // Each pair in a fresh context: the blank page, then the panel. One pair first warms the service's statements
      // and the browser's code cache, as a desk's first glance would.
      await pair();
      const measured: Array<{ blank: number; panel: number; timeline: PanelTimeline }> = [];
      for (let i = 0; i < loads; i++) measured.push(await pair());
      const panel = spreadOf(measured.map((m) => m.panel));
      return {
        timeline: measured.find((m) => m.panel === panel.median)?.timeline ?? null,
        panel,
        blank: spreadOf(measured.map((m) => m.blank)),
        ratio: spreadOf(measured.map((m) => m.panel / m.blank)),
        rowsInDom,
        fillSeconds: fill.seconds,
      };
    } finally {
      await browser.close();
      await blank.close();
      await service.stop();
    }
  } finally {
    removeTempDir(dir);
  }
}
