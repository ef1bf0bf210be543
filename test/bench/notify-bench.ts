// Webhook sent → notifier called, at a steady rate, against two baselines on the same disk, interleaved: a bare
// SQLite FULL commit, and the floor (store-floor-server.ts: express.json(), a worker, one FULL commit per turn)
// timed from sent to its commit's answer on its main thread. The service runs in a child whose pop-up backend notes
// each dispatch on CLOCK_MONOTONIC, the floor notes each stored request the same way; each is matched to its request
// by the id the 200 answer carries.
import { uniqueBody, writeBenchConfig } from './bench-payloads.js';
import { BenchChild, makeTempDir, percentile, removeTempDir, sleep } from './harness.js';
import { monotonicMs, sendPaced } from './paced-sender.js';
import { interleave, spreadOf, type Spread } from './pairs.js';

export interface NotifyOptions {
  ratePerSecond: number;
  /** Seconds of each measured run (commit loop and webhooks alike). */
  durationS: number;
  warmupS: number;
  pairs: number;
  type: string;
}

export interface LatencyStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  count: number;
}

export interface NotifyRun {
  /** Sent → notifier called. */
  toNotifier: LatencyStats;
  /** Sent → 200 received (the event is on disk by then). */
  toAnswer: LatencyStats;
  missing: number;
  failed: number;
}

export interface NotifyPair {
  /** One row committed per transaction by bare better-sqlite3, synchronous=FULL, WAL, at the same rate. */
  commit: LatencyStats;
  /** The same webhooks to the floor: sent → its commit answered on its main thread (`toNotifier` holds that). */
  floor: NotifyRun;
  notify: NotifyRun;
  /** notify p99 / commit p99. */
  ratio: number;
  /** notify p99 / floor p99. */
  floorRatio: number;
}

export interface NotifyResult {
  pairs: NotifyPair[];
  p99: Spread;
  ratio: Spread;
  commitP99: Spread;
  floorP99: Spread;
  floorRatio: Spread;
  answerP99: Spread;
  missing: number;
  failed: number;
}

function stats(values: readonly number[]): LatencyStats {
  return {
    p50Ms: percentile(values, 50),
    p99Ms: percentile(values, 99),
    maxMs: percentile(values, 100),
    count: values.length,
  };
}

/**
 * Waits until the pop-up of every event in `wanted` has been handed to the backend, or `timeoutMs`. `question` is
 * what the child is asked for its stamps: 'dispatches' (service-server.ts) or 'stored' (the floor).
 */
export async function dispatchesOf(
  service: BenchChild,
  wanted: readonly string[],
  timeoutMs = 5000,
  question = 'dispatches',
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    for (const [id, at] of await service.ask<Array<[string, number]>>(question)) seen.set(id, at);
    if (wanted.every((id) => seen.has(id)) || monotonicMs() > deadline) return seen;
    await sleep(50);
  }
}

export async function benchNotify(options: NotifyOptions): Promise<NotifyResult> {
  const commitDir = makeTempDir('commit');
  const floorDir = makeTempDir('notify-floor');
  const dataDir = makeTempDir('notify');
  let sequence = 0;
  // Bodies are built beforehand so the clock measures the service, not the payload builder.
  const bodies = (seconds: number): string[] =>
    Array.from({ length: Math.round(seconds * options.ratePerSecond) }, () => {
      const i = sequence++;
      return uniqueBody(options.type, i % 1000, `n${i}`);
    });
  // The baseline commits a body of the same size as the webhooks'.
  const commitBody = uniqueBody(options.type, 0, 'commit-baseline');
  try {
    writeBenchConfig(dataDir);
    const commit = await BenchChild.start('commit-baseline.js', [commitDir]);
    const floor = await BenchChild.start('store-floor-server.js', [floorDir, '--record-stored']);
    const service = await BenchChild.start('service-server.js', [dataDir, '--record-dispatch']);
    try {
      const commitRun = async (durationS: number): Promise<LatencyStats> =>
        stats(
          await commit.ask<number[]>(
            'commit-run',
            { ratePerSecond: options.ratePerSecond, durationS, body: commitBody },
            (durationS + 10) * 1000,
          ),
        );
      const notifyRun = async (child: BenchChild, question: string, durationS: number): Promise<NotifyRun> => {
        const sent = await sendPaced(child.url, bodies(durationS), options.ratePerSecond);
        const dispatched = await dispatchesOf(
          child,
          sent.filter((s) => s.status === 200 && s.eventId !== null).map((s) => s.eventId!),
          5000,
          question,
        );
        const toNotifier: number[] = [];
        const toAnswer: number[] = [];
        let missing = 0;
        let failed = 0;
        for (const record of sent) {
          if (record.status !== 200 || record.eventId === null) {
            failed++;
            continue;
          }
          toAnswer.push(record.answeredAt - record.sentAt);
          const at = dispatched.get(record.eventId);
          if (at === undefined) missing++;
          else toNotifier.push(at - record.sentAt);
        }
        return { toNotifier: stats(toNotifier), toAnswer: stats(toAnswer), missing, failed };
      };

      // Warm-up of all three (JIT, statements, the WAL's first pages): not counted.
      await commitRun(options.warmupS);
      await notifyRun(floor, 'stored', options.warmupS);
      await notifyRun(service, 'dispatches', options.warmupS);
      const pairs = (
        await interleave(
          options.pairs,
          async () => ({
            commit: await commitRun(options.durationS),
            floor: await notifyRun(floor, 'stored', options.durationS),
          }),
          () => notifyRun(service, 'dispatches', options.durationS),
        )
      ).map(({ baseline, subject }) => ({
        commit: baseline.commit,
        floor: baseline.floor,
        notify: subject,
        ratio: subject.toNotifier.p99Ms / baseline.commit.p99Ms,
        floorRatio: subject.toNotifier.p99Ms / baseline.floor.toNotifier.p99Ms,
      }));
      return {
        pairs,
        p99: spreadOf(pairs.map((p) => p.notify.toNotifier.p99Ms)),
        ratio: spreadOf(pairs.map((p) => p.ratio)),
        commitP99: spreadOf(pairs.map((p) => p.commit.p99Ms)),
        floorP99: spreadOf(pairs.map((p) => p.floor.toNotifier.p99Ms)),
        floorRatio: spreadOf(pairs.map((p) => p.floorRatio)),
        answerP99: spreadOf(pairs.map((p) => p.notify.toAnswer.p99Ms)),
        missing: pairs.reduce((sum, p) => sum + p.notify.missing + p.floor.missing, 0),
        failed: pairs.reduce((sum, p) => sum + p.notify.failed + p.floor.failed, 0),
      };
    } finally {
      await Promise.all([commit.stop(), floor.stop(), service.stop()]);
    }
  } finally {
    removeTempDir(commitDir);
    removeTempDir(floorDir);
    removeTempDir(dataDir);
  }
}
