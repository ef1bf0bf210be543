// Intake throughput against a bare express app, and the service's memory after a long stream of events.
// Both servers run in their own child process; autocannon in this process is the load generator.
import autocannon from 'autocannon';
import { loadBodies, writeBenchConfig } from './bench-payloads.js';
import { BenchChild, makeTempDir, onCleanup, removeTempDir, sleep } from './harness.js';

export interface LoadOptions {
  connections: number;
  /** Seconds of load that count. */
  durationS: number;
  /** Seconds of load before, not counted (JIT, caches, SQLite pages). */
  warmupS: number;
  /** Distinct customers in the request list. */
  customers: number;
}

export interface LoadRun {
  /** 200 answers in the measured run. */
  ok: number;
  /** 200 answers over warm-up and measured run. */
  okTotal: number;
  other: number;
  errors: number;
  durationS: number;
  perSecond: number;
  latencyP99Ms: number;
  /** CPU used during the measured run, in % of one core: the server child, and this process (autocannon). */
  serverCpuPct: number;
  loadGeneratorCpuPct: number;
}

export interface IntakeResult {
  serviceRate: number;
  expressRate: number;
  ratio: number;
  service: LoadRun;
  express: LoadRun;
  stored: number;
  /** The store holds every event answered 200 (and at most the requests still in flight when the load stopped). */
  verified: boolean;
  verifyNote: string;
}

function okOf(result: autocannon.Result): number {
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

function cannon(
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

/** Warm-up then measured load against one server; returns the measured run's counts. */
async function measure(server: BenchChild, bodies: readonly string[], options: LoadOptions): Promise<LoadRun> {
  const warm = await cannon(server.url, bodies, { connections: options.connections, durationS: options.warmupS });
  const serverCpu = await server.ask('cpu');
  const ownCpu = process.cpuUsage();
  const run = await cannon(server.url, bodies, { connections: options.connections, durationS: options.durationS });
  const serverCpuUs = (await server.ask('cpu')) - serverCpu;
  const ownCpuUs = process.cpuUsage(ownCpu);
  const ok = okOf(run);
  const pct = (us: number): number => Math.round(us / (run.duration * 10_000));
  return {
    ok,
    okTotal: okOf(warm) + ok,
    other: run.requests.total - ok,
    errors: run.errors + warm.errors,
    durationS: run.duration,
    perSecond: ok / run.duration,
    latencyP99Ms: run.latency.p99,
    serverCpuPct: pct(serverCpuUs),
    loadGeneratorCpuPct: pct(ownCpuUs.user + ownCpuUs.system),
  };
}

export async function benchIntake(options: LoadOptions): Promise<IntakeResult> {
  const bodies = loadBodies(options.customers);

  const express = await BenchChild.start('express-baseline.js', []);
  let expressRun: LoadRun;
  try {
    expressRun = await measure(express, bodies, options);
  } finally {
    await express.stop();
  }

  const dataDir = makeTempDir('intake');
  writeBenchConfig(dataDir);
  const service = await BenchChild.start('service-server.js', [dataDir]);
  let serviceRun: LoadRun;
  let stored: number;
  try {
    serviceRun = await measure(service, bodies, options);
    await sleep(200);
    stored = await service.ask('count');
  } finally {
    await service.stop();
    removeTempDir(dataDir);
  }

  // autocannon stops counting at each deadline (warm-up, measured run) while up to `connections` requests are still
  // on their way: those may be stored without their 200 being counted. Fewer stored than answered = a lost event.
  const slack = options.connections * 2;
  const verified = stored >= serviceRun.okTotal && stored <= serviceRun.okTotal + slack;
  const verifyNote = `${stored} stored for ${serviceRun.okTotal} answered 200`;
  return {
    serviceRate: serviceRun.perSecond,
    expressRate: expressRun.perSecond,
    ratio: serviceRun.perSecond / expressRun.perSecond,
    service: serviceRun,
    express: expressRun,
    stored,
    verified,
    verifyNote,
  };
}

export interface RssResult {
  rssMb: number;
  /** The bare express baseline after the same requests: what Node and express alone hold. */
  expressRssMb: number;
  posted: number;
  ok: number;
  stored: number;
  seconds: number;
}

/** Posts `events` unique events over HTTP to a service child, then reads its resident memory. */
export async function benchRss(events: number, connections: number): Promise<RssResult> {
  const dataDir = makeTempDir('rss');
  writeBenchConfig(dataDir);
  const service = await BenchChild.start('service-server.js', [dataDir]);
  try {
    const started = performance.now();
    const run = await cannon(service.url, loadBodies(200), { connections, amount: events });
    const seconds = (performance.now() - started) / 1000;
    await sleep(1000);
    const rss = await service.ask('rss');
    const stored = await service.ask('count');
    const expressRss = await baselineRss(events, connections);
    return {
      rssMb: rss / (1024 * 1024),
      expressRssMb: expressRss / (1024 * 1024),
      posted: run.requests.total,
      ok: okOf(run),
      stored,
      seconds,
    };
  } finally {
    await service.stop();
    removeTempDir(dataDir);
  }
}

/** Resident memory of the bare express baseline after the same number of requests. */
async function baselineRss(events: number, connections: number): Promise<number> {
  const express = await BenchChild.start('express-baseline.js', []);
  try {
    await cannon(express.url, loadBodies(200), { connections, amount: events });
    await sleep(1000);
    return await express.ask('rss');
  } finally {
    await express.stop();
  }
}
