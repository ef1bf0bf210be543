// LGPD erasure of one customer among many stored events: from the POST of cliente-removeu-conta to its 200,
// which the service sends only once the rows are gone and the WAL is checkpointed.
import { fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { removalBody, writeBenchConfig } from './bench-payloads.js';
import type { FillResult } from './fill-store.js';
import { BenchChild, makeTempDir, median, postJson, removeTempDir, runInChild } from './harness.js';

export interface PurgeOptions {
  events: number;
  customers: number;
  /** Customers removed, each timed. */
  samples: number;
}

export interface PurgeResult {
  medianMs: number;
  timesMs: number[];
  eventsPerCustomer: number[];
  fillSeconds: number;
  /** Every removed customer had no event left afterwards. */
  verified: boolean;
}

/** The customers whose number of events is closest to the median: "a typical customer". */
function typicalCustomers(counts: readonly number[], howMany: number): number[] {
  const typical = median(counts);
  return counts
    .map((count, n) => ({ n, distance: Math.abs(count - typical) }))
    .sort((a, b) => a.distance - b.distance || a.n - b.n)
    .slice(0, howMany)
    .map(({ n }) => n);
}

export async function benchPurge(options: PurgeOptions): Promise<PurgeResult> {
  const dataDir = makeTempDir('purge');
  try {
    writeBenchConfig(dataDir);
    const fill = (await runInChild(
      'fill-store-child.js',
      [dataDir, String(options.events), String(options.customers)],
      10 * 60_000,
    )) as FillResult;
    if (!Array.isArray(fill.counts) || fill.counts.length !== options.customers) {
      throw new Error('purge: the fill did not report its counts');
    }
    const service = await BenchChild.start('service-server.js', [dataDir], 60_000);
    try {
      const stored = await service.ask('count');
      if (stored !== options.events) throw new Error(`purge: ${stored} events stored, ${options.events} expected`);
      // Warm-up of the HTTP path and the erasure path on a customer this store has never seen: not timed.
      const warm = await postJson(service.url, removalBody(options.customers + 10));
      if (warm.status !== 200) throw new Error(`purge warm-up answered ${warm.status}: ${warm.body}`);

      const chosen = typicalCustomers(fill.counts, options.samples);
      const timesMs: number[] = [];
      let verified = true;
      for (const n of chosen) {
        const customerId = fakeCustomer(n).id;
        const before = await service.ask('events-of', customerId);
        if (before !== fill.counts[n]) throw new Error(`purge: customer ${customerId} has ${before} events`);
        const body = removalBody(n);
        const started = performance.now();
        const answer = await postJson(service.url, body);
        const elapsed = performance.now() - started;
        if (answer.status !== 200) throw new Error(`purge answered ${answer.status}: ${answer.body}`);
        timesMs.push(elapsed);
        if ((await service.ask('events-of', customerId)) !== 0) verified = false;
      }
      return {
        medianMs: median(timesMs),
        timesMs,
        eventsPerCustomer: chosen.map((n) => fill.counts[n]!),
        fillSeconds: fill.seconds,
        verified,
      };
    } finally {
      await service.stop();
    }
  } finally {
    removeTempDir(dataDir);
  }
}
