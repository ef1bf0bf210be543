// Fan-out: webhook sent to the hub → notifier called on a satellite, at a steady rate, against the hub's own
// sent → notifier in the same run (the same webhooks, both desks recording on CLOCK_MONOTONIC). Then the catch-up:
// the satellite is stopped, the hub takes N events, the satellite starts again; how long from its start until every
// missed event arrived, each once, and how many pop-ups that made (one catch-up, not N).
import { uniqueBody, writeBenchConfig } from './bench-payloads.js';
import { BenchChild, freePort, makeTempDir, percentile, removeTempDir, sleep } from './harness.js';
import { dispatchesOf } from './notify-bench.js';
import { monotonicMs, sendPaced } from './paced-sender.js';
import { spreadOf, type Spread } from './pairs.js';

export interface FanoutOptions {
  ratePerSecond: number;
  durationS: number;
  warmupS: number;
  runs: number;
  type: string;
  /** Events the satellite misses while it is off. */
  catchUpEvents: number;
}

export interface FanoutRun {
  localP99Ms: number;
  fanoutP99Ms: number;
  fanoutP50Ms: number;
  /** fanout p99 − local p99. */
  overLocalMs: number;
  missing: number;
  failed: number;
}

export interface FanoutResult {
  runs: FanoutRun[];
  fanoutP99: Spread;
  localP99: Spread;
  overLocal: Spread;
  missing: number;
  failed: number;
  catchUp: {
    events: number;
    /** Satellite ready (joined) → the last missed event on its bus. */
    ms: number;
    /** Satellite process started → joined. */
    joinMs: number;
    arrived: number;
    duplicates: number;
    popUps: number;
  };
}

export async function benchFanout(options: FanoutOptions): Promise<FanoutResult> {
  const hubDir = makeTempDir('fanout-hub');
  const satelliteDir = makeTempDir('fanout-satellite');
  let sequence = 0;
  const bodies = (count: number): string[] =>
    Array.from({ length: count }, () => {
      const i = sequence++;
      return uniqueBody(options.type, i % 1000, `f${i}`);
    });
  try {
    writeBenchConfig(hubDir);
    writeBenchConfig(satelliteDir);
    const natsPort = await freePort();
    const hub = await BenchChild.start('service-server.js', [hubDir, '--record-dispatch', `--fanout-hub=${natsPort}`]);
    const { joinCode } = await hub.ask<{ joinCode: string }>('fanout');
    const startSatellite = (): Promise<BenchChild> =>
      BenchChild.start(
        'service-server.js',
        [satelliteDir, '--record-dispatch', '--record-arrivals', `--join=${joinCode}`],
        30_000,
      );
    let satellite = await startSatellite();
    try {
      const run = async (count: number): Promise<FanoutRun> => {
        const sent = await sendPaced(hub.url, bodies(count), options.ratePerSecond);
        const stored = sent.filter((s) => s.status === 200 && s.eventId !== null);
        const ids = stored.map((s) => s.eventId!);
        const [local, remote] = await Promise.all([dispatchesOf(hub, ids), dispatchesOf(satellite, ids)]);
        const toLocal: number[] = [];
        const toRemote: number[] = [];
        let missing = 0;
        for (const record of stored) {
          const here = local.get(record.eventId!);
          const there = remote.get(record.eventId!);
          if (here === undefined || there === undefined) missing++;
          if (here !== undefined) toLocal.push(here - record.sentAt);
          if (there !== undefined) toRemote.push(there - record.sentAt);
        }
        const localP99Ms = percentile(toLocal, 99);
        const fanoutP99Ms = percentile(toRemote, 99);
        return {
          localP99Ms,
          fanoutP99Ms,
          fanoutP50Ms: percentile(toRemote, 50),
          overLocalMs: fanoutP99Ms - localP99Ms,
          missing,
          failed: sent.length - stored.length,
        };
      };
      await run(Math.round(options.warmupS * options.ratePerSecond));
      const runs: FanoutRun[] = [];
      for (let i = 0; i < options.runs; i++)
        runs.push(await run(Math.round(options.durationS * options.ratePerSecond)));
      await satellite.ask('arrivals');

      // The catch-up: the satellite is away while the hub takes the events.
      await satellite.stop();
      const missed = await sendPaced(hub.url, bodies(options.catchUpEvents), 500);
      const ids = new Set(missed.filter((s) => s.status === 200 && s.eventId !== null).map((s) => s.eventId!));
      const startedAt = monotonicMs();
      satellite = await startSatellite();
      const joinedAt = monotonicMs();
      const arrivals = new Map<string, { at: number; times: number }>();
      const deadline = joinedAt + 30_000;
      while (monotonicMs() < deadline) {
        for (const [id, at, times] of await satellite.ask<Array<[string, number, number]>>('arrivals')) {
          const seen = arrivals.get(id);
          arrivals.set(id, { at: seen?.at ?? at, times: (seen?.times ?? 0) + times });
        }
        if ([...ids].every((id) => arrivals.has(id))) break;
        await sleep(50);
      }
      // A redelivery would show here, and the catch-up pops up once deliveries paused 5 s (CATCH_UP_SETTLE_MS).
      await sleep(6500);
      for (const [id, at, times] of await satellite.ask<Array<[string, number, number]>>('arrivals')) {
        const seen = arrivals.get(id);
        arrivals.set(id, { at: seen?.at ?? at, times: (seen?.times ?? 0) + times });
      }
      const ours = [...arrivals].filter(([id]) => ids.has(id));
      const last = Math.max(...ours.map(([, seen]) => seen.at));
      const { popUps } = await satellite.ask<{ popUps: number }>('fanout');
      return {
        runs,
        fanoutP99: spreadOf(runs.map((r) => r.fanoutP99Ms)),
        localP99: spreadOf(runs.map((r) => r.localP99Ms)),
        overLocal: spreadOf(runs.map((r) => r.overLocalMs)),
        missing: runs.reduce((sum, r) => sum + r.missing, 0),
        failed: runs.reduce((sum, r) => sum + r.failed, 0),
        catchUp: {
          events: ids.size,
          ms: ours.length > 0 ? last - joinedAt : Number.NaN,
          joinMs: joinedAt - startedAt,
          arrived: ours.length,
          duplicates: ours.filter(([, seen]) => seen.times > 1).length,
          popUps,
        },
      };
    } finally {
      await Promise.all([satellite.stop(), hub.stop()]);
    }
  } finally {
    removeTempDir(hubDir);
    removeTempDir(satelliteDir);
  }
}
