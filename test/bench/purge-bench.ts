// LGPD erasure of one customer among many stored events: from the POST of cliente-removeu-conta to its 200, which
// the service sends only once the rows are gone and the WAL is checkpointed. Interleaved with its baseline: an
// ordinary webhook to the same service (stored, then answered), so the figure reads against this disk and minute.
import { fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { removalBody, uniqueBody, writeBenchConfig } from './bench-payloads.js';
import { fillInChild } from './fill-store.js';
import { BenchChild, makeTempDir, median, postJson, removeTempDir } from './harness.js';
import { interleave, spreadOf, type Spread } from './pairs.js';
import { customerKnown, openPanel, storedCount } from './panel-api.js';

export interface PurgeOptions {
  events: number;
  customers: number;
  /** Customers removed, each timed. */
  samples: number;
}

export interface PurgeResult {
  removal: Spread;
  /** An ordinary webhook's round trip, just before each removal. */
  ordinary: Spread;
  eventsPerCustomer: number[];
  fillSeconds: number;
  /** Every removed customer is unknown afterwards and the feed lost exactly their events. */
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

async function timedPost(url: string, body: string): Promise<number> {
  const started = performance.now();
  const answer = await postJson(url, body);
  const elapsed = performance.now() - started;
  if (answer.status !== 200) throw new Error(`purge: a webhook was answered ${answer.status}: ${answer.body}`);
  return elapsed;
}

export async function benchPurge(options: PurgeOptions): Promise<PurgeResult> {
  const dataDir = makeTempDir('purge');
  try {
    writeBenchConfig(dataDir);
    const fill = await fillInChild(dataDir, options.events, options.customers);
    const service = await BenchChild.start('service-server.js', [dataDir], 60_000);
    try {
      const session = await openPanel(service.panelUrl);
      let expected = await storedCount(session);
      if (expected !== options.events) throw new Error(`purge: ${expected} events stored, ${options.events} expected`);
      // Warm-up of the HTTP path, the insert and the erasure on customers this store has never seen: not timed.
      const newcomer = (i: number): number => options.customers + 100 + i;
      await timedPost(service.url, removalBody(options.customers + 10));
      await timedPost(service.url, uniqueBody('cliente-conectou', newcomer(0), 'purge-warm'));
      expected += 1;

      const chosen = typicalCustomers(fill.counts, options.samples);
      let verified = true;
      const pairs = await interleave(
        chosen.length,
        async (i) => {
          const ms = await timedPost(service.url, uniqueBody('cliente-conectou', newcomer(i + 1), `purge-base-${i}`));
          expected += 1;
          return ms;
        },
        async (i) => {
          const n = chosen[i]!;
          const ms = await timedPost(service.url, removalBody(n));
          expected -= fill.counts[n]!;
          if ((await customerKnown(session, fakeCustomer(n).id)) || (await storedCount(session)) !== expected) {
            verified = false;
          }
          return ms;
        },
      );
      return {
        removal: spreadOf(pairs.map((p) => p.subject)),
        ordinary: spreadOf(pairs.map((p) => p.baseline)),
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
