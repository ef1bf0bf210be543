// The main thread's event-loop delay (monitorEventLoopDelay, inside the server's process) during webhooks at a steady
// rate with a panel open on the event stream, while a retention purge and an LGPD removal of a customer with many
// events happen; against bare express at the same rate, in interleaved pairs of fresh processes.
import { fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { removalBody, uniqueBody, writeBenchConfig } from './bench-payloads.js';
import { copyStore, fillInChild } from './fill-store.js';
import { BenchChild, makeTempDir, postJson, removeTempDir, round, sleep, type LoopDelay } from './harness.js';
import { sendPaced, type Sent } from './paced-sender.js';
import { interleave, spreadOf, type Spread } from './pairs.js';
import { customerKnown, openPanel, setRetentionDays } from './panel-api.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The customer whose account is removed: fakeCustomer(0) holds `heavyEvents` of the stored events. */
const HEAVY = 0;

export interface LoopOptions {
  ratePerSecond: number;
  durationS: number;
  warmupS: number;
  pairs: number;
  /** Events stored before the service starts, spread evenly over `spanDays` up to now. */
  events: number;
  customers: number;
  heavyEvents: number;
  spanDays: number;
  /** Set from the panel during the run: what is older leaves in the retention purge. */
  retentionDays: number;
}

export interface LoopSubject {
  loop: LoopDelay;
  failed: number;
  purge: { eventsRemoved: number; ms: number };
  removal: { status: number; ms: number; gone: boolean };
  /** What the open panel was pushed over the event stream. */
  pushes: { eventAdded: number; eventsExpired: number; customerPurged: number };
}

export interface LoopPair {
  express: { loop: LoopDelay; failed: number };
  service: LoopSubject;
  /** service p99 / express p99. */
  ratio: number;
}

export interface LoopResult {
  pairs: LoopPair[];
  ratio: Spread;
  p99: Spread;
  expressP99: Spread;
  maxMs: Spread;
  expressMaxMs: Spread;
  fillSeconds: number;
  verified: boolean;
  problems: string[];
}

const failures = (sent: readonly Sent[]): number => sent.filter((s) => s.status !== 200).length;

export async function benchLoopDelay(options: LoopOptions): Promise<LoopResult> {
  const rate = options.ratePerSecond;
  let sequence = 0;
  // Customers 1…999 arrive during the run; customer 0 (the heavy one) is only removed.
  const bodies = (seconds: number): string[] =>
    Array.from({ length: Math.round(seconds * rate) }, () => {
      const i = sequence++;
      return uniqueBody('cliente-conectou', 1 + (i % 999), `loop${i}`);
    });

  const template = makeTempDir('loop-template');
  try {
    writeBenchConfig(template);
    // The heavy customer's events are all newer than the retention cutoff, so the removal finds all of them.
    const purgedShare = (options.spanDays - options.retentionDays) / options.spanDays;
    const fill = await fillInChild(template, options.events, options.customers, {
      spacingMs: (options.spanDays * DAY_MS) / options.events,
      heavy: {
        customer: HEAVY,
        events: options.heavyEvents,
        fromIndex: Math.ceil(options.events * (purgedShare + 0.05)),
      },
    });

    const express = async (): Promise<LoopPair['express']> => {
      const child = await BenchChild.start('express-baseline.js', []);
      try {
        await sendPaced(child.url, bodies(options.warmupS), rate);
        await child.ask('loop-start');
        const sent = await sendPaced(child.url, bodies(options.durationS), rate);
        return { loop: await child.ask<LoopDelay>('loop-stop'), failed: failures(sent) };
      } finally {
        await child.stop();
      }
    };

    const service = async (index: number): Promise<LoopSubject> => {
      const dir = makeTempDir(`loop${index}`);
      try {
        copyStore(template, dir);
        const child = await BenchChild.start('service-server.js', [dir], 60_000);
        try {
          const session = await openPanel(child.panelUrl);
          const stream = await session.stream();
          try {
            const warm = await sendPaced(child.url, bodies(options.warmupS), rate);
            await child.ask('loop-start');
            const started = performance.now();
            const load = sendPaced(child.url, bodies(options.durationS), rate);
            const at = (share: number): Promise<void> =>
              sleep(Math.max(0, started + share * options.durationS * 1000 - performance.now()));

            await at(0.25);
            let t0 = performance.now();
            await setRetentionDays(session, options.retentionDays);
            const purged = await child.ask<{ eventsRemoved: number }>('purge-now', undefined, 120_000);
            const purge = { eventsRemoved: purged.eventsRemoved, ms: performance.now() - t0 };

            await at(0.55);
            t0 = performance.now();
            const answer = await postJson(child.url, removalBody(HEAVY));
            const removalMs = performance.now() - t0;

            const sent = await load;
            const loop = await child.ask<LoopDelay>('loop-stop');
            const gone = !(await customerKnown(session, fakeCustomer(HEAVY).id));
            const count = (name: string): number => stream.events.filter((e) => e.event === name).length;
            return {
              loop,
              failed: failures(sent) + failures(warm),
              purge,
              removal: { status: answer.status, ms: removalMs, gone },
              pushes: {
                eventAdded: count('eventAdded'),
                eventsExpired: count('eventsExpired'),
                customerPurged: count('customerPurged'),
              },
            };
          } finally {
            stream.close();
          }
        } finally {
          await child.stop();
        }
      } finally {
        removeTempDir(dir);
      }
    };

    const pairs = (await interleave(options.pairs, express, service)).map(({ baseline, subject }) => ({
      express: baseline,
      service: subject,
      ratio: subject.loop.p99Ms / baseline.loop.p99Ms,
    }));

    const problems: string[] = [];
    const expectedPushes = Math.round((options.warmupS + options.durationS) * rate);
    pairs.forEach(({ express: e, service: s }, i) => {
      const pair = `pair ${i + 1}`;
      if (e.failed > 0) problems.push(`${pair}: express answered ${e.failed} requests other than 200`);
      if (s.failed > 0) problems.push(`${pair}: the service answered ${s.failed} webhooks other than 200`);
      if (s.purge.eventsRemoved === 0) problems.push(`${pair}: the retention purge removed nothing`);
      if (s.removal.status !== 200) problems.push(`${pair}: the removal was answered ${s.removal.status}`);
      if (!s.removal.gone) problems.push(`${pair}: the removed customer is still known`);
      if (s.pushes.eventAdded < expectedPushes) {
        problems.push(`${pair}: the panel was pushed ${s.pushes.eventAdded} of ${expectedPushes} new events`);
      }
      if (s.pushes.customerPurged === 0 || s.pushes.eventsExpired === 0) {
        problems.push(`${pair}: the panel was not told of the purge and the removal`);
      }
    });
    return {
      pairs,
      ratio: spreadOf(pairs.map((p) => p.ratio)),
      p99: spreadOf(pairs.map((p) => round(p.service.loop.p99Ms, 2))),
      expressP99: spreadOf(pairs.map((p) => round(p.express.loop.p99Ms, 2))),
      maxMs: spreadOf(pairs.map((p) => round(p.service.loop.maxMs, 1))),
      expressMaxMs: spreadOf(pairs.map((p) => round(p.express.loop.maxMs, 1))),
      fillSeconds: fill.seconds,
      verified: problems.length === 0,
      problems,
    };
  } finally {
    removeTempDir(template);
  }
}
