// Fills a data folder's SQLite store fast: realistic payloads, normalised by the real normalize(), inserted through
// EventStore.insert inside big transactions. Only the filling connection trades durability for speed.
import fs from 'node:fs';
import path from 'node:path';
import { DEDUPE_WINDOW_MS } from '../../main/core/store/event-store.js';
import { dataPaths } from '../../main/core/data-dir/data-dir.js';
import { normalize } from '../../main/core/intake/normalize.js';
import { EventStore } from '../../main/core/store/event-store.js';
import { openDatabase } from '../../main/core/store/open-database.js';
import {
  ESTABLISHMENTS,
  buildPayload,
  fakeCustomer,
  seededRandom,
  type WifirePayload,
} from '../../main/headless/simulator/payloads.js';
import { runInChild } from './harness.js';

const TIME_ZONE = 'America/Sao_Paulo';
/** São Paulo has kept UTC−3 all year since 2019. */
const SAO_PAULO_OFFSET_MS = -3 * 60 * 60 * 1000;

/** The mix of a busy bar's day: mostly connections and arrivals, some ratings and interactions. */
const TYPE_MIX: ReadonlyArray<[type: string, weight: number]> = [
  ['cliente-conectou', 34],
  ['cliente-chegou', 20],
  ['cliente-frequente-se-conectou', 10],
  ['cliente-frequente-chegou', 6],
  ['cliente-avaliou-positivamente', 8],
  ['cliente-avaliou-passivamente', 5],
  ['cliente-avaliou-negativamente', 4],
  ['cliente-curtiu', 5],
  ['cliente-tirou-foto', 3],
  ['cliente-fez-checkin', 3],
  ['cliente-enviou-mensagem', 2],
];

const SCORE: Record<string, [number, number]> = {
  'cliente-avaliou-negativamente': [0, 6],
  'cliente-avaliou-passivamente': [7, 8],
  'cliente-avaliou-positivamente': [9, 10],
};

export interface FillResult {
  events: number;
  /** Events stored per customer number. */
  counts: number[];
  seconds: number;
}

function wifireLocal(ms: number): string {
  return new Date(ms + SAO_PAULO_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export interface FillOptions {
  /** Events per transaction; the loop turns between transactions so signals are heard. */
  batch?: number;
  /** Time between two consecutive events; the last one is now. */
  spacingMs?: number;
  /** One customer with exactly `events` events, spread over the newest ones from event index `fromIndex` on. */
  heavy?: { customer: number; events: number; fromIndex: number };
}

/** Fills in transactions, yielding to the event loop between them so signals are heard. */
export async function fillStore(
  dataDir: string,
  events: number,
  customers: number,
  options: FillOptions = {},
): Promise<FillResult> {
  const batch = options.batch ?? 20_000;
  const spacingMs = options.spacingMs ?? 2000;
  const heavy = options.heavy;
  if (heavy && (heavy.events > events - heavy.fromIndex || heavy.customer >= customers)) {
    throw new Error('fill: the heavy customer does not fit');
  }
  const heavyStep = heavy ? (events - heavy.fromIndex) / heavy.events : 0;
  let heavyLeft = heavy?.events ?? 0;
  const started = performance.now();
  const random = seededRandom(20_240_601);
  // What stays the same for one person (user, establishment) is built once with the simulator.
  const templates = Array.from({ length: customers }, (_, n) =>
    buildPayload('cliente-conectou', fakeCustomer(n), {
      at: new Date(0),
      establishment: ESTABLISHMENTS[n % 5 === 0 ? 1 : 0]!,
    }),
  );
  const firstNames = templates.map((t) => String((t.user as { name: string }).name).split(' ')[0]!);
  // Each type's wording, as the simulator writes it, without the first name.
  const suffixes = new Map(
    TYPE_MIX.map(([type]) => {
      const sample = buildPayload(type, fakeCustomer(0)).activity as { message: string };
      return [type, sample.message.slice(sample.message.indexOf(' ') + 1)];
    }),
  );
  const totalWeight = TYPE_MIX.reduce((sum, [, w]) => sum + w, 0);
  const pickType = (): string => {
    let roll = random() * totalWeight;
    for (const [type, weight] of TYPE_MIX) {
      roll -= weight;
      if (roll < 0) return type;
    }
    return TYPE_MIX[0]![0];
  };

  const counts = new Array<number>(customers).fill(0);
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const store = new EventStore(db);
    // One event every `spacingMs` ending now: distinct timestamps, so every delivery is unique.
    const firstAt = Date.now() - events * spacingMs;
    // Everyone but the heavy customer is drawn at random; the heavy one gets every heavyStep-th event from fromIndex.
    const drawOther = (): number => {
      const n = Math.floor(random() * (heavy ? customers - 1 : customers));
      return heavy && n >= heavy.customer ? n + 1 : n;
    };
    let i = 0;
    const insertBatch = db.transaction((end: number) => {
      for (; i < end; i++) {
        const heavyTurn =
          heavy !== undefined && heavyLeft > 0 && i >= heavy.fromIndex + (heavy.events - heavyLeft) * heavyStep;
        if (heavyTurn) heavyLeft--;
        const n = heavyTurn ? heavy.customer : drawOther();
        const type = pickType();
        const at = firstAt + i * spacingMs;
        const template = templates[n]!;
        const range = SCORE[type];
        const payload: WifirePayload = {
          ...template,
          type,
          activity: {
            message: `${firstNames[n]!} ${suffixes.get(type)!}`,
            data_of_type: range ? { score: range[0] + Math.floor(random() * (range[1] - range[0] + 1)) } : null,
            created_at: wifireLocal(at),
          },
        };
        const receivedAt = at + 800;
        const result = normalize(payload, { timeZone: TIME_ZONE, keepCpfRg: false, receivedAt });
        if (!result.ok || result.value.kind !== 'insight') {
          throw new Error(`fill: a generated payload did not normalise: ${JSON.stringify(result)}`);
        }
        const inserted = store.insert(result.value, receivedAt - DEDUPE_WINDOW_MS);
        if (inserted.status !== 'stored')
          throw new Error(`fill: a generated payload was not stored (${inserted.status})`);
        counts[n]!++;
      }
    });
    while (i < events) {
      insertBatch.immediate(Math.min(events, i + batch));
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (heavyLeft > 0) throw new Error(`fill: ${heavyLeft} events of the heavy customer left over`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { events, counts, seconds: (performance.now() - started) / 1000 };
}

/** Fills in a child process (CPU-bound for seconds to minutes), so this process stays responsive to signals. */
export async function fillInChild(
  dataDir: string,
  events: number,
  customers: number,
  options: FillOptions = {},
): Promise<FillResult> {
  const fill = (await runInChild(
    'fill-store-child.js',
    [dataDir, String(events), String(customers), JSON.stringify(options)],
    10 * 60_000,
  )) as FillResult;
  if (!Array.isArray(fill.counts) || fill.counts.length !== customers) {
    throw new Error('fill: the child did not report its counts');
  }
  return fill;
}

/** A fresh copy of a filled data folder (the database and config.json), for a run that will change it. */
export function copyStore(fromDir: string, toDir: string): void {
  for (const file of [path.basename(dataPaths(fromDir).database), 'config.json']) {
    fs.copyFileSync(path.join(fromDir, file), path.join(toDir, file));
  }
}
