// Retention: old events leave the disk on one timer armed for the oldest one's expiry, and nothing else does.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Bus, type BusEvents } from '../../../../../main/core/bus.js';
import type { LogFields, Logger } from '../../../../../main/core/logger.js';
import { normalize } from '../../../../../main/core/intake/normalize.js';
import { PhotoCache, photoBaseName } from '../../../../../main/core/photos/photo-cache.js';
import {
  DAY_MS,
  MAX_DELAY_MS,
  MIN_DELAY_MS,
  RETRY_DELAY_MS,
  RetentionScheduler,
  type RetentionTimers,
  type TimerHandle,
} from '../../../../../main/core/privacy/retention.js';
import { CommitQueue } from '../../../../../main/core/store/commit-queue.js';
import { createStoreOps } from '../../../../../main/core/store/store-ops.js';
import { EventStore } from '../../../../../main/core/store/event-store.js';
import { openDatabase } from '../../../../../main/core/store/open-database.js';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { findBytes, makeTempDir } from '../../../../support/temp-service.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Values distinctive enough that a byte match in a file can only be theirs. */
function distinctive(n: number, first: string): FakeCustomer {
  return {
    ...fakeCustomer(n),
    name: `${first} Zebedeu Xavante ${n}`,
    email: `${first.toLowerCase()}.zebedeu${n}@exemplo.com.br`,
  };
}

interface FakeTimer extends TimerHandle {
  callback: () => void;
  ms: number;
  cleared: boolean;
  unrefed: boolean;
}

interface Fixture {
  dir: string;
  file: string;
  db: Database.Database;
  store: EventStore;
  queue: CommitQueue;
  photos: PhotoCache;
  bus: Bus;
  logs: Array<{ level: string; message: string; fields: LogFields | undefined }>;
  timers: FakeTimer[];
  /** Timers armed and neither cleared nor fired. */
  armed(): FakeTimer[];
  /** Runs the one armed timer's callback, as the event loop would when its delay elapses. */
  fire(): void;
  clock: { now: number };
  settings: { retentionDays: number };
  scheduler: RetentionScheduler;
  /** start() and reschedule() ask the store for the oldest row: these resolve once its answer armed the timer. */
  start(): Promise<void>;
  reschedule(): Promise<void>;
  insert(customer: FakeCustomer, createdAt: number, type?: string): void;
}

function setUp(options: { busyTimeoutMs?: number } = {}): Fixture {
  const dir = makeTempDir();
  const file = path.join(dir, 'wifire-desk.db');
  const db = openDatabase(file, { busyTimeoutMs: options.busyTimeoutMs });
  const queue = new CommitQueue(db);
  cleanups.push(() => {
    queue.close();
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const store = new EventStore(db);
  const photos = new PhotoCache(path.join(dir, 'photos'));
  const bus = new Bus();
  const logs: Fixture['logs'] = [];
  const record =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      logs.push({ level, message, fields });
    };
  const log: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const timers: FakeTimer[] = [];
  const fakeTimers: RetentionTimers = {
    setTimeout(callback, ms) {
      const timer: FakeTimer = {
        callback,
        ms,
        cleared: false,
        unrefed: false,
        unref() {
          timer.unrefed = true;
        },
      };
      timers.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      (handle as FakeTimer).cleared = true;
    },
  };
  const armed = (): FakeTimer[] => timers.filter((t) => !t.cleared);
  const clock = { now: NOW };
  const settings = { retentionDays: 30 };
  // The store's worker runs the same operations; in-process here, so the fake clock drives the scheduler alone.
  const ops = createStoreOps(db);
  const scheduler = new RetentionScheduler({
    store: { oldest: async () => ops.oldest(), purgeBefore: (createdBefore) => ops.purgeBefore(createdBefore) },
    photos,
    bus,
    log,
    retentionDays: () => settings.retentionDays,
    now: () => clock.now,
    timers: fakeTimers,
  });
  cleanups.push(() => scheduler.stop());
  return {
    dir,
    file,
    db,
    store,
    queue,
    photos,
    bus,
    logs,
    timers,
    armed,
    fire() {
      const [timer, ...others] = armed();
      expect(timer, 'an armed timer').toBeDefined();
      expect(others).toEqual([]);
      timer!.cleared = true;
      timer!.callback();
    },
    clock,
    settings,
    scheduler,
    async start() {
      scheduler.start();
      await settle();
    },
    async reschedule() {
      scheduler.reschedule();
      await settle();
    },
    insert(customer, createdAt, type = 'cliente-chegou') {
      const result = normalize(buildPayload(type, customer, { at: new Date(createdAt) }), {
        timeZone: 'America/Sao_Paulo',
        keepCpfRg: false,
        receivedAt: createdAt,
      });
      if (!result.ok || result.value.kind !== 'insight') throw new Error('payload did not normalise');
      const event = result.value;
      expect(event.createdAt).toBe(createdAt);
      db.transaction(() => store.insert(event, Number.MAX_SAFE_INTEGER)).immediate();
    },
  };
}

const daysAgo = (days: number, extraMs = 0): number => NOW - days * DAY_MS - extraMs;

/** Lets the store's promised answers (and the commit queue's next turn) arrive. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('retention purge', () => {
  it('removes events older than the retention period and keeps the newer ones', async () => {
    const f = setUp();
    const ana = distinctive(1, 'Abelarda');
    f.insert(ana, daysAgo(45));
    f.insert(ana, daysAgo(30, 1000));
    f.insert(ana, daysAgo(30)); // exactly at the cutoff: not older, so it stays
    f.insert(ana, daysAgo(2));

    const result = await f.scheduler.purgeNow();

    expect(result).toEqual({ createdBefore: daysAgo(30), eventsRemoved: 2, customerIds: [] });
    expect(
      f.store
        .eventsOfCustomer(ana.id)
        .map((e) => e.createdAt)
        .sort(),
    ).toEqual([daysAgo(30), daysAgo(2)]);
    expect(f.store.getCustomer(ana.id)).not.toBeNull();
  });

  it('deletes a customer left with no events together with their photos, and keeps one with a newer event', async () => {
    const f = setUp();
    const gone = distinctive(2, 'Quiteria');
    const stays = distinctive(3, 'Belmira');
    f.insert(gone, daysAgo(40));
    f.insert(gone, daysAgo(35));
    f.insert(stays, daysAgo(40));
    f.insert(stays, daysAgo(1));
    const gonePhoto = path.join(f.photos.dir, `${photoBaseName(gone.id)}-x.png`);
    const staysPhoto = path.join(f.photos.dir, `${photoBaseName(stays.id)}-x.png`);
    fs.writeFileSync(gonePhoto, `PNG of ${gone.name}`);
    fs.writeFileSync(staysPhoto, `PNG of ${stays.name}`);

    const result = await f.scheduler.purgeNow();

    expect(result.customerIds).toEqual([gone.id]);
    expect(f.store.getCustomer(gone.id)).toBeNull();
    expect(f.store.eventsOfCustomer(gone.id)).toEqual([]);
    expect(fs.existsSync(gonePhoto)).toBe(false);
    expect(f.store.getCustomer(stays.id)).toMatchObject({ name: stays.name });
    expect(f.store.eventsOfCustomer(stays.id)).toHaveLength(1);
    expect(fs.existsSync(staysPhoto)).toBe(true);
  });

  it("leaves none of a purged customer's name or e-mail in the database or WAL files", async () => {
    const f = setUp();
    const gone = distinctive(4, 'Clodomira');
    const stays = distinctive(5, 'Deoclecia');
    for (let i = 0; i < 40; i++) {
      // Interleaved rows, so the purged customer shares pages with the one who stays.
      f.insert(gone, daysAgo(31, i * 1000));
      f.insert(stays, i % 2 === 0 ? daysAgo(31, i * 1000) : daysAgo(3, i * 1000));
    }
    const needles = [gone.name, gone.email, gone.name.split(' ')[0]!];
    const dbFiles = (found: Record<string, string[]>): string[] =>
      Object.keys(found).filter((file) => file.startsWith('wifire-desk.db'));
    expect(dbFiles(findBytes(f.dir, needles)).length).toBeGreaterThan(0);

    const result = await f.scheduler.purgeNow();

    expect(result).toMatchObject({ eventsRemoved: 60, customerIds: [gone.id] });
    expect(findBytes(f.dir, needles)).toEqual({});
    const wal = `${f.file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    expect(Object.values(findBytes(f.dir, [stays.name])).flat()).toContain(stays.name);
  });

  it('leaves the LGPD erasure log untouched, since ageing out is not an erasure request', async () => {
    const f = setUp();
    const erased = distinctive(6, 'Eufrasia');
    f.insert(erased, daysAgo(5));
    f.db.transaction(() => f.store.removeCustomer(erased.id, daysAgo(4))).immediate();
    f.insert(distinctive(7, 'Filomena'), daysAgo(60));

    const result = await f.scheduler.purgeNow();

    expect(result.eventsRemoved).toBe(1);
    expect(f.store.listErasures()).toEqual([{ erasedAt: daysAgo(4), eventsRemoved: 1 }]);
  });

  it('announces what aged out on the bus and logs only counts', async () => {
    const f = setUp();
    const heard: Array<BusEvents['events-expired']> = [];
    f.bus.on('events-expired', (payload) => heard.push(payload));
    const a = distinctive(8, 'Genoveva');
    const b = distinctive(9, 'Hermengarda');
    const c = distinctive(10, 'Idalina');
    f.insert(a, daysAgo(50));
    f.insert(a, daysAgo(40));
    f.insert(b, daysAgo(33));
    f.insert(c, daysAgo(32));
    f.insert(c, daysAgo(10));

    await f.scheduler.purgeNow();

    expect(heard).toHaveLength(1);
    expect(heard[0]).toEqual({ createdBefore: daysAgo(30), eventsRemoved: 4, customerIds: expect.any(Array) });
    expect([...heard[0]!.customerIds].sort()).toEqual([a.id, b.id].sort());
    expect(f.logs).toEqual([
      { level: 'info', message: 'retention purge', fields: { eventsRemoved: 4, customersRemoved: 2 } },
    ]);

    await f.scheduler.purgeNow();
    expect(heard).toHaveLength(1); // nothing removed, nothing announced
  });
});

describe('retention schedule', () => {
  it('arms no timer while the store is empty', async () => {
    const f = setUp();
    await f.start();
    await f.reschedule();
    expect(f.timers).toEqual([]);
  });

  it('arms one unref-ed timer for the moment the oldest event crosses the cutoff, and purges it then', async () => {
    const f = setUp();
    const ana = distinctive(11, 'Jucelia');
    f.insert(ana, daysAgo(29, 5000));
    f.insert(ana, daysAgo(20));

    await f.start();

    expect(f.armed()).toHaveLength(1);
    const timer = f.armed()[0]!;
    // Due when created_at < now - 30 days, i.e. 1 ms after oldest + 30 days.
    expect(timer.ms).toBe(daysAgo(29, 5000) + 30 * DAY_MS + 1 - NOW);
    expect(timer.unrefed).toBe(true);

    f.clock.now += timer.ms;
    f.fire();
    await vi.waitFor(() => expect(f.store.countEvents()).toBe(1));
    // Re-armed for the next oldest, at most a day ahead.
    await vi.waitFor(() => expect(f.armed()).toHaveLength(1));
    expect(f.armed()[0]!.ms).toBe(MAX_DELAY_MS);
  });

  it('clamps the delay to 24 hours, and re-evaluates then without purging anything early', async () => {
    const f = setUp();
    const ana = distinctive(12, 'Leocadia');
    f.insert(ana, daysAgo(3));
    await f.start();
    expect(f.armed().map((t) => t.ms)).toEqual([MAX_DELAY_MS]);

    f.clock.now += MAX_DELAY_MS;
    f.fire();
    await vi.waitFor(() => expect(f.armed()).toHaveLength(1));
    expect(f.armed()[0]!.ms).toBe(MAX_DELAY_MS);
    expect(f.store.countEvents()).toBe(1);
  });

  it('does not re-arm for a later moment, but does for an earlier one, keeping a single timer', async () => {
    const f = setUp();
    const ana = distinctive(13, 'Marcolina');
    f.insert(ana, daysAgo(29));
    await f.start();
    expect(f.timers).toHaveLength(1);

    f.insert(ana, daysAgo(1));
    await f.reschedule();
    expect(f.timers).toHaveLength(1);

    f.insert(ana, daysAgo(29, 60_000)); // an older event delivered late
    await f.reschedule();
    expect(f.timers).toHaveLength(2);
    expect(f.armed()).toHaveLength(1);
    expect(f.armed()[0]!.ms).toBe(DAY_MS - 60_000 + 1);
  });

  it('arms on the first stored event and re-arms only for an older one delivered late', async () => {
    const f = setUp();
    await f.start();
    const ana = distinctive(15, 'Olegária');
    f.insert(ana, daysAgo(29));
    f.scheduler.noteStored(daysAgo(29));
    expect(f.armed()).toHaveLength(1);

    f.insert(ana, daysAgo(1));
    f.scheduler.noteStored(daysAgo(1));
    expect(f.timers).toHaveLength(1);

    f.insert(ana, daysAgo(29, 60_000));
    f.scheduler.noteStored(daysAgo(29, 60_000));
    expect(f.timers).toHaveLength(2);
    expect(f.armed()[0]!.ms).toBe(DAY_MS - 60_000 + 1);
  });

  it('purges at start what is already past the cutoff, then arms for what is left', async () => {
    const f = setUp();
    const ana = distinctive(14, 'Nicanora');
    f.insert(ana, daysAgo(90));
    f.insert(ana, daysAgo(29, 3_600_000));

    await f.start();

    await vi.waitFor(() => expect(f.store.countEvents()).toBe(1));
    await vi.waitFor(() => expect(f.armed()).toHaveLength(1));
    expect(f.armed()[0]!.ms).toBe(DAY_MS - 3_600_000 + 1);
  });

  it('applies a shorter retention after reschedule, within a second', async () => {
    const f = setUp();
    const ana = distinctive(15, 'Odete');
    f.insert(ana, daysAgo(10));
    f.insert(ana, daysAgo(2));
    await f.start();
    expect(f.armed().map((t) => t.ms)).toEqual([MAX_DELAY_MS]);

    f.settings.retentionDays = 7;
    await f.reschedule();
    expect(f.armed().map((t) => t.ms)).toEqual([MIN_DELAY_MS]);

    f.clock.now += MIN_DELAY_MS;
    f.fire();
    await vi.waitFor(() => expect(f.store.countEvents()).toBe(1));
    expect(f.store.eventsOfCustomer(ana.id).map((e) => e.createdAt)).toEqual([daysAgo(2)]);
  });

  it('does nothing once stopped: no timer, no purge', async () => {
    const f = setUp();
    const ana = distinctive(16, 'Pulqueria');
    f.insert(ana, daysAgo(29));
    await f.start();
    expect(f.armed()).toHaveLength(1);

    f.scheduler.stop();
    expect(f.armed()).toEqual([]);
    f.clock.now += 5 * DAY_MS;
    const result = await f.scheduler.purgeNow();
    await f.reschedule();
    await f.start();

    expect(result.eventsRemoved).toBe(0);
    expect(f.store.countEvents()).toBe(1);
    expect(f.armed()).toEqual([]);
  });

  it('lets a purge already on its way finish when stop() is called, and starts none after', async () => {
    const f = setUp();
    f.insert(distinctive(19, 'Tertuliana'), daysAgo(60));
    f.insert(distinctive(20, 'Umbelina'), daysAgo(50));
    // Sent to the store's worker before the stop: it runs there, in order, before the store closes.
    const pending = f.scheduler.purgeNow();
    f.scheduler.stop();
    expect((await pending).eventsRemoved).toBe(2);
    f.insert(distinctive(21, 'Vitalina'), daysAgo(60));
    expect((await f.scheduler.purgeNow()).eventsRemoved).toBe(0);
    expect(f.store.countEvents()).toBe(1);
    expect(f.armed()).toEqual([]);
  });

  it('logs the error code of a failing purge, re-arms in a minute without throwing, and then succeeds', async () => {
    const f = setUp({ busyTimeoutMs: 0 });
    const ana = distinctive(17, 'Rosalina');
    f.insert(ana, daysAgo(29, 3_600_000));
    await f.start();
    // Another connection holds the write lock when the timer fires.
    const other = new Database(f.file);
    cleanups.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');

    f.clock.now += f.armed()[0]!.ms;
    expect(() => f.fire()).not.toThrow();
    await vi.waitFor(() => expect(f.armed()).toHaveLength(1));
    expect(f.armed()[0]!.ms).toBe(RETRY_DELAY_MS);
    expect(f.logs).toEqual([{ level: 'error', message: 'retention purge failed', fields: { code: 'sqlite_busy' } }]);
    expect(f.store.countEvents()).toBe(1);

    // Events arriving during the back-off do not bring the retry forward.
    await f.reschedule();
    expect(f.armed().map((t) => t.ms)).toEqual([RETRY_DELAY_MS]);

    other.exec('COMMIT');
    f.clock.now += RETRY_DELAY_MS;
    f.fire();
    await vi.waitFor(() => expect(f.store.countEvents()).toBe(0));
    expect(f.logs.at(-1)).toMatchObject({ message: 'retention purge', fields: { eventsRemoved: 1 } });
  });

  it('survives the database closing under it: the timer logs and re-arms instead of throwing', async () => {
    const f = setUp();
    f.insert(distinctive(18, 'Sebastiana'), daysAgo(29, 3_600_000));
    await f.start();
    f.db.close();

    f.clock.now += f.armed()[0]!.ms;
    expect(() => f.fire()).not.toThrow();
    await vi.waitFor(() => expect(f.armed()).toHaveLength(1));
    expect(f.armed()[0]!.ms).toBe(RETRY_DELAY_MS);
    expect(f.logs).toEqual([{ level: 'error', message: 'retention purge failed', fields: { code: 'closed' } }]);
    expect(() => f.scheduler.reschedule()).not.toThrow();
    await settle();
  });
});
