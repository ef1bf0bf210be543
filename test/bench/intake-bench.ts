// Intake throughput against a bare express app that parses JSON and answers 200, in interleaved pairs.
// Both servers run in their own child process; autocannon in this process is the load generator.
import autocannon from 'autocannon';
import { loadBodies, writeBenchConfig } from './bench-payloads.js';
import { BenchChild, makeTempDir, onCleanup, removeTempDir, sleep, type ThreadCpu } from './harness.js';
import { interleave, spreadOf, type Spread } from './pairs.js';
import { openPanel, storedCount } from './panel-api.js';

export interface LoadOptions {
  connections: number;
  /** Seconds of load that count. */
  durationS: number;
  /** Seconds of load before the first pair, not counted (JIT, caches, SQLite pages). */
  warmupS: number;
  /** Distinct customers in the request list. */
  customers: number;
}

export interface LoadRun {
  /** 200 answers in the measured run. */
  ok: number;
  other: number;
  errors: number;
  durationS: number;
  perSecond: number;
  latencyP99Ms: number;
  /** CPU used during the measured run, in % of one core: the server child, and this process (autocannon). */
  serverCpuPct: number;
  loadGeneratorCpuPct: number;
  /**
   * The server's CPU per request answered 200, in µs: its main thread, and its other threads (the store's worker).
   * Null where the OS does not tell threads apart (no /proc).
   */
  mainThreadUsPerRequest: number | null;
  otherThreadsUsPerRequest: number | null;
}

export interface IntakePair {
  express: LoadRun;
  /** The floor (store-floor-server.ts): express.json(), a worker, one FULL commit per turn, nothing else. */
  floor: LoadRun;
  service: LoadRun;
  /** The service's stored events per second over express.json()'s requests per second, in this pair. */
  ratio: number;
  /** The floor's stored events per second over express.json()'s, in this pair: the best the service could reach. */
  floorRatio: number;
}

export interface IntakeResult {
  pairs: IntakePair[];
  ratio: Spread;
  floorRatio: Spread;
  serviceRate: Spread;
  expressRate: Spread;
  floorRate: Spread;
  stored: number;
  /** 200 answers over the warm-up and every measured run. */
  answered: number;
  /** The store holds every event answered 200 (and at most the requests still in flight when each run stopped). */
  verified: boolean;
  verifyNote: string;
}

export function okOf(result: autocannon.Result): number {
  return result.statusCodeStats?.['200']?.count ?? 0;
}

let nextId = 0;
const runTag = process.pid.toString(36);

/**
 * Gives each request its own id where the body says `[<id>]`, so every request is a new delivery. autocannon 8.0's
 * own `idReplacement` is not usable: it adds 27 bytes to Content-Length per placeholder, but the id it puts in place
 * of the 6-byte `[<id>]` is a hyperid of 24 characters or so, so the server waits for bytes that never come and the
 * run stalls (mcollina/autocannon#539, fixed after 8.0.0 with fixed-length ids). Replacing the placeholder here,
 * before autocannon builds the request, keeps Content-Length exact; the body is rebuilt per request either way.
 */
function uniqueId(request: autocannon.Request): autocannon.Request {
  const body = typeof request.body === 'string' ? request.body : '';
  return { ...request, body: body.replaceAll('[<id>]', `${runTag}-${(nextId++).toString(36)}`) };
}

export function cannon(
  url: string,
  bodies: readonly string[],
  options: { connections: number; durationS?: number; amount?: number },
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    let forget = (): void => {};
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS ?? 1 }),
        headers: { 'content-type': 'application/json' },
        requests: bodies.map((body) => ({
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          setupRequest: uniqueId,
        })),
        timeout: 30,
      },
      (error: unknown, result) => {
        forget();
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
    forget = onCleanup(() => instance.stop());
  });
}

/** One measured run against one server, with the CPU both sides used meanwhile. */
async function measure(server: BenchChild, bodies: readonly string[], options: LoadOptions): Promise<LoadRun> {
  const serverCpu = await server.ask<number>('cpu');
  const threads = await server.ask<ThreadCpu | null>('thread-cpu');
  const ownCpu = process.cpuUsage();
  const run = await cannon(server.url, bodies, { connections: options.connections, durationS: options.durationS });
  const serverCpuUs = (await server.ask<number>('cpu')) - serverCpu;
  const threadsAfter = await server.ask<ThreadCpu | null>('thread-cpu');
  const ownCpuUs = process.cpuUsage(ownCpu);
  const ok = okOf(run);
  const pct = (us: number): number => Math.round(us / (run.duration * 10_000));
  const perRequest = (thread: keyof ThreadCpu): number | null =>
    threads && threadsAfter && ok > 0 ? Math.round((threadsAfter[thread] - threads[thread]) / ok) : null;
  return {
    ok,
    other: run.requests.total - ok,
    errors: run.errors,
    durationS: run.duration,
    perSecond: ok / run.duration,
    latencyP99Ms: run.latency.p99,
    serverCpuPct: pct(serverCpuUs),
    loadGeneratorCpuPct: pct(ownCpuUs.user + ownCpuUs.system),
    mainThreadUsPerRequest: perRequest('mainUs'),
    otherThreadsUsPerRequest: perRequest('otherUs'),
  };
}

/**
 * The three servers run side by side in their own child processes for the whole benchmark, each warmed up once;
 * then express, floor, service, express, floor, service… each a measured run of the same length, so all three meet
 * the same machine.
 */
export async function benchIntake(options: LoadOptions & { pairs: number }): Promise<IntakeResult> {
  const bodies = loadBodies(options.customers);
  const express = await BenchChild.start('express-baseline.js', []);
  const dataDir = makeTempDir('intake');
  // On the same disk as the service's data folder: the floor's commits wait for the same fsync.
  const floorDir = makeTempDir('intake-floor');
  try {
    writeBenchConfig(dataDir);
    let floor: BenchChild | null = null;
    let service: BenchChild | null = null;
    try {
      floor = await BenchChild.start('store-floor-server.js', [floorDir]);
      service = await BenchChild.start('service-server.js', [dataDir]);
      const [f, s] = [floor, service];
      const session = await openPanel(s.panelUrl);
      const warmOptions = { connections: options.connections, durationS: options.warmupS };
      await cannon(express.url, bodies, warmOptions);
      await cannon(f.url, bodies, warmOptions);
      const warm = await cannon(s.url, bodies, warmOptions);
      const pairs = (
        await interleave(
          options.pairs,
          async () => ({ express: await measure(express, bodies, options), floor: await measure(f, bodies, options) }),
          () => measure(s, bodies, options),
        )
      ).map(({ baseline, subject }) => ({
        ...baseline,
        service: subject,
        ratio: subject.perSecond / baseline.express.perSecond,
        floorRatio: baseline.floor.perSecond / baseline.express.perSecond,
      }));
      await sleep(200);
      const stored = await storedCount(session);
      const answered = okOf(warm) + pairs.reduce((sum, pair) => sum + pair.service.ok, 0);
      // autocannon stops counting at each deadline while up to `connections` requests are still on their way: those
      // may be stored without their 200 being counted. Fewer stored than answered = a lost event.
      const slack = options.connections * (pairs.length + 1);
      const verified = stored >= answered && stored <= answered + slack;
      return {
        pairs,
        ratio: spreadOf(pairs.map((p) => p.ratio)),
        floorRatio: spreadOf(pairs.map((p) => p.floorRatio)),
        serviceRate: spreadOf(pairs.map((p) => p.service.perSecond)),
        expressRate: spreadOf(pairs.map((p) => p.express.perSecond)),
        floorRate: spreadOf(pairs.map((p) => p.floor.perSecond)),
        stored,
        answered,
        verified,
        verifyNote: `${stored} stored for ${answered} answered 200`,
      };
    } finally {
      await service?.stop();
      await floor?.stop();
    }
  } finally {
    await express.stop();
    removeTempDir(dataDir);
    removeTempDir(floorDir);
  }
}
