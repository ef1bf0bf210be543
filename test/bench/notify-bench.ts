// Webhook sent → notifier called, at a steady rate, against a bare SQLite FULL commit on the same disk, in
// interleaved pairs. The service runs in a child whose pop-up backend notes each dispatch on CLOCK_MONOTONIC; each
// pop-up is matched to its request by the event id the 200 answer carries.
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
  notify: NotifyRun;
  /** notify p99 / commit p99. */
  ratio: number;
}

export interface NotifyResult {
  pairs: NotifyPair[];
  p99: Spread;
  ratio: Spread;
  commitP99: Spread;
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

/** Waits until the pop-up of every event in `wanted` has been handed to the backend, or `timeoutMs`. */
export async function dispatchesOf(
  service: BenchChild,
  wanted: readonly string[],
  timeoutMs = 5000,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    for (const [id, at] of await service.ask<Array<[string, number]>>('dispatches')) seen.set(id, at);
    if (wanted.every((id) => seen.has(id)) || monotonicMs() > deadline) return seen;
    await sleep(50);
  }
}

export async function benchNotify(options: NotifyOptions): Promise<NotifyResult> {
  const commitDir = makeTempDir('commit');
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
      const notifyRun = async (durationS: number): Promise<NotifyRun> => {
        const sent = await sendPaced(service.url, bodies(durationS), options.ratePerSecond);
        const dispatched = await dispatchesOf(
          service,
          sent.filter((s) => s.status === 200 && s.eventId !== null).map((s) => s.eventId!),
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

      // Warm-up of both (JIT, statements, the WAL's first pages): not counted.
      await commitRun(options.warmupS);
      await notifyRun(options.warmupS);
      const pairs = (
        await interleave(
          options.pairs,
          () => commitRun(options.durationS),
          () => notifyRun(options.durationS),
        )
      ).map(({ baseline, subject }) => ({
        commit: baseline,
        notify: subject,
        ratio: subject.toNotifier.p99Ms / baseline.p99Ms,
      }));
      return {
        pairs,
        p99: spreadOf(pairs.map((p) => p.notify.toNotifier.p99Ms)),
        ratio: spreadOf(pairs.map((p) => p.ratio)),
        commitP99: spreadOf(pairs.map((p) => p.commit.p99Ms)),
        answerP99: spreadOf(pairs.map((p) => p.notify.toAnswer.p99Ms)),
        missing: pairs.reduce((sum, p) => sum + p.notify.missing, 0),
        failed: pairs.reduce((sum, p) => sum + p.notify.failed, 0),
      };
    } finally {
      await Promise.all([commit.stop(), service.stop()]);
    }
  } finally {
    removeTempDir(commitDir);
    removeTempDir(dataDir);
  }
}
