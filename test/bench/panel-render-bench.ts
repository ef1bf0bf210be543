// First render of the panel feed in Chromium: from navigation to the first rows painted, with 10 000 events
// stored, against the same page over 100 events (the baseline), each the median of several fresh page loads.
import { launchChromium } from '../support/chromium.js';
import { startBenchService } from './bench-service.js';
import { fillStore } from './fill-store.js';
import { makeTempDir, median, removeTempDir } from './harness.js';

export interface PanelRenderResult {
  medianMs: number;
  baselineMs: number;
  timesMs: number[];
  baselineTimesMs: number[];
  rowsInDom: number;
}

const MARK = 'wd:feed-first-render';

async function firstRenders(events: number, loads: number): Promise<{ timesMs: number[]; rowsInDom: number }> {
  const dir = makeTempDir(`panel-${events}`);
  let rowsInDom = 0;
  try {
    await fillStore(dir, events, Math.max(10, Math.round(events / 5)));
    const service = await startBenchService(dir, {}, true);
    const browser = await launchChromium();
    try {
      const timesMs: number[] = [];
      // One load to warm the service's statements and the browser's code cache, as a desk's first glance would.
      for (let load = 0; load <= loads; load++) {
        const context = await browser.newContext({ viewport: { width: 1100, height: 750 } });
        const page = await context.newPage();
        await page.goto(service.panelUrl);
        const handle = await page.waitForFunction(
          (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? false,
          MARK,
          { timeout: 20_000 },
        );
        const ms = (await handle.jsonValue()) as number;
        rowsInDom = await page.locator('[data-testid="feed-row"]').count();
        if (load > 0) timesMs.push(ms);
        await context.close();
      }
      return { timesMs, rowsInDom };
    } finally {
      await browser.close();
      await service.close();
    }
  } finally {
    removeTempDir(dir);
  }
}

export async function benchPanelRender(events = 10_000, loads = 5): Promise<PanelRenderResult> {
  const baseline = await firstRenders(100, loads);
  const full = await firstRenders(events, loads);
  return {
    medianMs: median(full.timesMs),
    baselineMs: median(baseline.timesMs),
    timesMs: full.timesMs,
    baselineTimesMs: baseline.timesMs,
    rowsInDom: full.rowsInDom,
  };
}
