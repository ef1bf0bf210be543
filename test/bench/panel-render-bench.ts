// First render of the panel feed in Chromium: from navigation to the first rows painted, with 10 000 events stored,
// against a blank page in the same browser context (baseline, then panel, in each fresh context): what navigation
// and a first frame cost on this machine at this moment. Beside them, the floor: the panel's first screen as a still
// page, which costs its painting and nothing else. The service runs in its own process.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { defaultRendererDir } from '../../main/headless/panel-routes.js';
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
  /** The floor: the panel's first screen as a static page (its DOM once drawn, its stylesheet), painted. */
  still: Spread;
  /** still / blank, per pair: what any renderer drawing this screen with this stylesheet could reach at best. */
  stillRatio: Spread;
  rowsInDom: number;
  fillSeconds: number;
}

/** The renderer's mark (renderer/feed-view.ts): set in the task after the frame that painted the first rows. */
const MARK = 'wd:feed-first-render';

/** Marks a page the way the panel marks its first rows: rAF, then the task after the paint. */
const MARK_SCRIPT =
  '<script>requestAnimationFrame(() => setTimeout(() => ' + `performance.mark(${JSON.stringify(MARK)}), 0));</script>`;

/** One line of text, marked the way the panel marks its first rows. */
const BLANK_PAGE =
  '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>WiFire Desk</title></head>' +
  `<body><p>WiFire Desk</p>${MARK_SCRIPT}</body></html>`;

/**
 * The panel's first screen without its scripts: the body as the panel drew it, its stylesheet linked as the panel
 * links it, marked like the others. What painting this screen costs by itself, with no script to fetch or run and
 * no data to ask for: a renderer drawing these rows with this stylesheet does all of that and more.
 */
function stillPage(body: string): string {
  return (
    '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>WiFire Desk</title>' +
    `<link rel="stylesheet" href="styles.css"></head><body>${body}${MARK_SCRIPT}</body></html>`
  );
}

interface PageServer {
  /** The blank page. */
  url: string;
  /** The panel's first screen as a static page, once `setStill` gave its body. */
  stillUrl: string;
  setStill(body: string): void;
  close(): Promise<void>;
}

function servePages(stylesheet: string): Promise<PageServer> {
  let still = '';
  const server = http.createServer((req, res) => {
    const [type, page] =
      req.url === '/still'
        ? ['text/html', still]
        : req.url === '/styles.css'
          ? ['text/css', stylesheet]
          : ['text/html', BLANK_PAGE];
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(page);
  });
  return new Promise((resolve) => {
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${HOST}:${port}/`,
        stillUrl: `http://${HOST}:${port}/still`,
        setStill: (body) => {
          still = stillPage(body);
        },
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
    const pages = await servePages(fs.readFileSync(path.join(defaultRendererDir(), 'styles.css'), 'utf8'));
    const browser = await launchChromium();
    try {
      let rowsInDom = 0;
      let stillTaken = false;
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
        if (url === service.panelUrl) {
          rowsInDom = await page.locator('[data-testid="feed-row"]').count();
          if (!stillTaken) pages.setStill(await page.locator('body').innerHTML());
          stillTaken = true;
        }
        await page.close();
        return { ms, timeline };
      };
      interface Round {
        blank: number;
        still: number;
        panel: number;
        timeline: PanelTimeline;
      }
      const pair = async (): Promise<Round> => {
        const context = await browser.newContext({ viewport: { width: 1100, height: 750 } });
        try {
          const b = await paint(context, pages.url);
          // Before the panel has drawn once, there is no still page yet: the warm-up round paints the blank twice.
          const s = await paint(context, stillTaken ? pages.stillUrl : pages.url);
          const p = await paint(context, service.panelUrl);
          return { blank: b.ms, still: s.ms, panel: p.ms, timeline: p.timeline };
        } finally {
          await context.close();
        }
      };
      // Each round in a fresh context: the blank page, the still page, then the panel. One round first warms the
      // service's statements and the browser's code cache, as a desk's first glance would, and gives the still page.
      await pair();
      const measured: Round[] = [];
      for (let i = 0; i < loads; i++) measured.push(await pair());
      const panel = spreadOf(measured.map((m) => m.panel));
      return {
        timeline: measured.find((m) => m.panel === panel.median)?.timeline ?? null,
        panel,
        blank: spreadOf(measured.map((m) => m.blank)),
        ratio: spreadOf(measured.map((m) => m.panel / m.blank)),
        still: spreadOf(measured.map((m) => m.still)),
        stillRatio: spreadOf(measured.map((m) => m.still / m.blank)),
        rowsInDom,
        fillSeconds: fill.seconds,
      };
    } finally {
      await browser.close();
      await pages.close();
      await service.stop();
    }
  } finally {
    removeTempDir(dir);
  }
}
