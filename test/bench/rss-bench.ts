// The service's resident memory after a long stream of events over HTTP, against bare express after the same
// requests, in interleaved pairs of fresh processes; and where the difference goes.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { dataPaths } from '../../main/core/data-dir/data-dir.js';
import { PAGE_CACHE_KIB } from '../../main/core/store/open-database.js';
import { loadBodies, writeBenchConfig } from './bench-payloads.js';
import { BenchChild, makeTempDir, removeTempDir, round, sleep } from './harness.js';
import { cannon, okOf } from './intake-bench.js';
import type { MemoryBreakdown } from './memory-breakdown.js';
import { interleave, spreadOf, type Spread } from './pairs.js';
import { openPanel, storedCount } from './panel-api.js';

/** The service's database as a separate connection sees it (the service's own connection is not reachable). */
export interface SqliteFacts {
  pageSize: number;
  pageCount: number;
  /** The most the service's connection keeps in its page cache, in MB (its own setting, not SQLite's default). */
  pageCacheMb: number;
  databaseMb: number;
  walMb: number;
}

export interface RssSide {
  /** As the OS sees it 1 s after the last answer: the figure. */
  memory: MemoryBreakdown;
  /** The same after a full collection (--expose-gc): what is really held. */
  afterGc: MemoryBreakdown;
  ok: number;
  seconds: number;
}

export interface RssPair {
  express: RssSide;
  /** The floor (store-floor-server.ts) after the same requests: express, a worker, SQLite, nothing else. */
  floor: RssSide;
  service: RssSide & { stored: number; sqlite: SqliteFacts | null };
  ratio: number;
  floorRatio: number;
}

export interface RssResult {
  pairs: RssPair[];
  ratio: Spread;
  floorRatio: Spread;
  serviceMb: Spread;
  expressMb: Spread;
  floorMb: Spread;
  /** The median pair's MB over express, by where they are held (see MemoryBreakdown). */
  overExpress: OverExpress;
  /** The median pair's V8 heap in use after a full collection: what is really kept alive. */
  liveHeapMb: { service: number; express: number };
  verified: boolean;
}

async function load(child: BenchChild, events: number, connections: number): Promise<RssSide> {
  const started = performance.now();
  const run = await cannon(child.url, loadBodies(200), { connections, amount: events });
  const seconds = (performance.now() - started) / 1000;
  await sleep(1000);
  const memory = await child.ask<MemoryBreakdown>('memory');
  const afterGc = await child.ask<MemoryBreakdown>('memory', 'after-gc');
  return { memory, afterGc, ok: okOf(run), seconds };
}

function sqliteFacts(dataDir: string): SqliteFacts | null {
  const file = dataPaths(dataDir).database;
  const mb = (path: string): number => (fs.existsSync(path) ? round(fs.statSync(path).size / (1024 * 1024)) : 0);
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return {
        pageSize: db.pragma('page_size', { simple: true }) as number,
        pageCount: db.pragma('page_count', { simple: true }) as number,
        pageCacheMb: PAGE_CACHE_KIB / 1024,
        databaseMb: mb(file),
        walMb: mb(`${file}-wal`),
      };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Service minus express, in MB (threads: a count); `spaces`: the V8 heap spaces that differ by 1 MB or more. */
export interface OverExpress {
  rss: number;
  v8Heap: number;
  v8HeapUsed: number;
  external: number;
  nativeOther: number;
  fileBacked: number;
  threads: number;
  rssAfterGc: number;
  v8HeapUsedAfterGc: number;
  spaces: Record<string, number>;
}

function overExpress(pair: RssPair): OverExpress {
  const s = pair.service.memory;
  const e = pair.express.memory;
  const gs = pair.service.afterGc;
  const ge = pair.express.afterGc;
  const diff = (a: number | null, b: number | null): number => (a === null || b === null ? Number.NaN : round(a - b));
  const over: OverExpress = {
    rss: diff(s.rssMb, e.rssMb),
    v8Heap: diff(s.v8PhysicalMb, e.v8PhysicalMb),
    v8HeapUsed: diff(s.heapUsedMb, e.heapUsedMb),
    external: diff(s.externalMb, e.externalMb),
    nativeOther: diff(s.nativeOtherMb, e.nativeOtherMb),
    fileBacked: diff(s.rssFileMb, e.rssFileMb),
    threads: diff(s.threads, e.threads),
    rssAfterGc: diff(gs.rssMb, ge.rssMb),
    v8HeapUsedAfterGc: diff(gs.heapUsedMb, ge.heapUsedMb),
    spaces: {},
  };
  for (const [space, mb] of Object.entries(s.spacesMb)) {
    const grown = round(mb - (e.spacesMb[space] ?? 0));
    if (Math.abs(grown) >= 1) over.spaces[space] = grown;
  }
  return over;
}

/** A fresh process of `moduleName`, after `events` requests. */
async function loaded(moduleName: string, args: string[], events: number, connections: number): Promise<RssSide> {
  const child = await BenchChild.start(moduleName, args);
  try {
    return await load(child, events, connections);
  } finally {
    await child.stop();
  }
}

/**
 * Rounds of fresh processes: express after `events` requests, the floor after the same, then the service, each
 * measured.
 */
export async function benchRss(events: number, connections: number, pairCount: number): Promise<RssResult> {
  const pairs = await interleave(
    pairCount,
    async () => {
      const express = await loaded('express-baseline.js', [], events, connections);
      const floorDir = makeTempDir('rss-floor');
      try {
        return { express, floor: await loaded('store-floor-server.js', [floorDir], events, connections) };
      } finally {
        removeTempDir(floorDir);
      }
    },
    async () => {
      const dataDir = makeTempDir('rss');
      try {
        writeBenchConfig(dataDir);
        const service = await BenchChild.start('service-server.js', [dataDir]);
        try {
          const side = await load(service, events, connections);
          const stored = await storedCount(await openPanel(service.panelUrl));
          return { ...side, stored, sqlite: sqliteFacts(dataDir) };
        } finally {
          await service.stop();
        }
      } finally {
        removeTempDir(dataDir);
      }
    },
  );
  const measured: RssPair[] = pairs.map(({ baseline, subject }) => ({
    ...baseline,
    service: subject,
    ratio: subject.memory.rssMb / baseline.express.memory.rssMb,
    floorRatio: baseline.floor.memory.rssMb / baseline.express.memory.rssMb,
  }));
  const ratio = spreadOf(measured.map((p) => p.ratio));
  const middle = measured.find((p) => p.ratio === ratio.median) ?? measured[0]!;
  return {
    pairs: measured,
    ratio,
    floorRatio: spreadOf(measured.map((p) => p.floorRatio)),
    serviceMb: spreadOf(measured.map((p) => p.service.memory.rssMb)),
    expressMb: spreadOf(measured.map((p) => p.express.memory.rssMb)),
    floorMb: spreadOf(measured.map((p) => p.floor.memory.rssMb)),
    overExpress: overExpress(middle),
    liveHeapMb: { service: middle.service.afterGc.heapUsedMb, express: middle.express.afterGc.heapUsedMb },
    verified: measured.every(
      (p) => p.service.ok === events && p.service.stored === events && p.express.ok === events && p.floor.ok === events,
    ),
  };
}
