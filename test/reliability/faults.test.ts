// Store faults a front-desk PC meets — a locked database, files that cannot be written, a full disk, a broken
// config.json — on a running service: 503 and nothing acknowledged while it lasts, 200 and stored once it is over.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildPayload,
  fakeCustomer,
  seededRandom,
  type WifirePayload,
} from '../../main/headless/simulator/payloads.js';
import {
  assertUnwritable,
  freeBytes,
  mountSmallDisk,
  setImmutable,
  unmount,
} from '../support/reliability/disk-faults.js';
import { makeTempDir, startTempService, type Answer, type TempService } from '../support/temp-service.js';

const CONFIG = { intake: { ratePerSecond: 100_000, burst: 100_000 } };

let running: TempService | null = null;
const immutable: string[] = [];
const mounts: string[] = [];
const dirs: string[] = [];
afterEach(async () => {
  // Order matters: writable again, service closed, disk unmounted, folders removed (an immutable file resists rm).
  if (immutable.length > 0) setImmutable(immutable.splice(0), false);
  await running?.service.close();
  running = null;
  for (const mount of mounts.splice(0)) unmount(mount);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options: { dir?: string; busyTimeoutMs?: number } = {}): Promise<TempService> {
  const dir = options.dir ?? makeTempDir();
  if (!options.dir) dirs.push(dir);
  running = await startTempService({ dir, config: CONFIG, busyTimeoutMs: options.busyTimeoutMs });
  return running;
}

let delivery = 0;
/** A realistic delivery, unique by its tag in WiFire's message so the database can be asked for it. */
function tagged(customer = fakeCustomer(delivery % 50)): { payload: WifirePayload; tag: string } {
  const tag = `[entrega ${++delivery}]`;
  const payload = buildPayload('cliente-conectou', customer, { at: new Date(Date.now() - delivery * 1000) });
  (payload.activity as Record<string, unknown>).message =
    `${String((payload.activity as { message: string }).message)} ${tag}`;
  return { payload, tag };
}

/** Reads through a connection of its own, as the next start of the app would. */
function storedTags(database: string): string[] {
  const db = new Database(database, { readonly: true });
  try {
    const messages = db.prepare('SELECT message FROM events').pluck().all() as string[];
    return messages.flatMap((message) => /\[entrega \d+\]/.exec(message)?.[0] ?? []);
  } finally {
    db.close();
  }
}

function integrity(database: string): string {
  const db = new Database(database, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function expectUnavailable(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.body).toEqual({ ok: false, error: 'store_unavailable' });
}

describe('database locked by another program', () => {
  it('answers 503 while another connection holds it exclusively, acknowledging nothing, and 200 once it is free', async () => {
    const temp = await start({ busyTimeoutMs: 100 });
    const leaving = fakeCustomer(900);
    expect((await temp.post(buildPayload('cliente-chegou', leaving))).status).toBe(200);

    const locker = new Database(temp.service.paths.database);
    locker.exec('BEGIN EXCLUSIVE');
    const refused = tagged();
    const began = performance.now();
    const answers = [await temp.post(refused.payload), await temp.post(buildPayload('cliente-removeu-conta', leaving))];
    const waitedMs = Math.round(performance.now() - began);
    locker.exec('ROLLBACK');
    locker.close();
    for (const answer of answers) expectUnavailable(answer);
    // The removal was not acknowledged, so it was not carried out either: WiFire will send it again.
    expect(await temp.service.store.getCustomer(leaving.id)).not.toBeNull();
    expect(storedTags(temp.service.paths.database)).not.toContain(refused.tag);

    const retried = await temp.post(refused.payload);
    expect(retried.status).toBe(200);
    expect(storedTags(temp.service.paths.database)).toContain(refused.tag);
    expect((await temp.post(buildPayload('cliente-removeu-conta', leaving))).status).toBe(200);
    expect(await temp.service.store.getCustomer(leaving.id)).toBeNull();
    console.log(`[reliability] faults locked refused=${answers.length} waitedMs=${waitedMs} recovered=true`);
  });
});

describe('database files read-only', () => {
  // How: chattr +i on the database, its WAL and the folder. A read-only bind mount or a read-only remount of a tmpfs
  // was tried first and is refused (EBUSY) while the service holds the database open for writing, which is exactly
  // the case to test; the immutable flag binds root too and applies to descriptors already open. The -shm index is
  // left alone: SQLite writes it through mmap, where an immutable file would mean SIGBUS rather than an error code.
  it('answers 503 while the files cannot be written, acknowledging nothing, and 200 once they can again', async () => {
    const temp = await start();
    const leaving = fakeCustomer(901);
    const first = tagged();
    expect((await temp.post(first.payload)).status).toBe(200);
    expect((await temp.post(buildPayload('cliente-chegou', leaving))).status).toBe(200);

    const database = temp.service.paths.database;
    const files = [database, `${database}-wal`, temp.dir];
    setImmutable(files, true);
    immutable.push(...files);
    assertUnwritable(database);
    assertUnwritable(`${database}-wal`);

    const refused = Array.from({ length: 5 }, () => tagged());
    const answers: Answer[] = [];
    for (const { payload } of refused) answers.push(await temp.post(payload));
    answers.push(await temp.post(buildPayload('cliente-removeu-conta', leaving)));
    for (const answer of answers) expectUnavailable(answer);
    expect(await temp.service.store.getCustomer(leaving.id)).not.toBeNull();

    setImmutable(immutable.splice(0), false);
    const after = tagged();
    expect((await temp.post(after.payload)).status).toBe(200);
    const stored = storedTags(database);
    expect(stored).toEqual(expect.arrayContaining([first.tag, after.tag]));
    for (const { tag } of refused) expect(stored).not.toContain(tag);
    expect((await temp.post(buildPayload('cliente-removeu-conta', leaving))).status).toBe(200);
    expect(await temp.service.store.getCustomer(leaving.id)).toBeNull();
    expect(integrity(database)).toBe('ok');
    console.log(`[reliability] faults read-only mechanism=chattr+i refused=${answers.length} recovered=true`);
  });
});

describe('disk full', () => {
  // How: the data folder is a tmpfs of 8 MB, filled with a filler file to leave 512 KB: SQLite meets ENOSPC for real
  // (SQLITE_FULL) as a full disk gives it. Deleting the filler frees the space.
  it('answers 503 once the disk is full, acknowledging nothing that is not stored, and 200 once space is freed', async () => {
    const parent = makeTempDir('wifire-desk-full-');
    dirs.push(parent);
    const disk = path.join(parent, 'disk');
    fs.mkdirSync(disk);
    mountSmallDisk(disk, 8 * 1024 * 1024);
    mounts.push(disk);
    const temp = await start({ dir: disk });
    const leaving = fakeCustomer(5000);
    expect((await temp.post(buildPayload('cliente-chegou', leaving))).status).toBe(200);
    const filler = path.join(disk, 'filler.bin');
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(disk) - 512 * 1024)));

    const acknowledged: string[] = [];
    const refused: string[] = [];
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 2000 && refused.length < 20; i++) {
      const { payload, tag } = tagged(fakeCustomer(i));
      const answer = await temp.post(payload);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status === 200) acknowledged.push(tag);
      else {
        expectUnavailable(answer);
        refused.push(tag);
      }
    }
    const fit = acknowledged.length;
    // A removal on a full disk is either carried out (and answered 200) or refused with 503, never half done.
    const removal = await temp.post(buildPayload('cliente-removeu-conta', leaving));
    expect([200, 503]).toContain(removal.status);
    expect((await temp.service.store.getCustomer(leaving.id)) === null).toBe(removal.status === 200);

    const database = temp.service.paths.database;
    let stored = storedTags(database);
    for (const tag of acknowledged) expect(stored).toContain(tag);
    for (const tag of refused) expect(stored).not.toContain(tag);

    fs.rmSync(filler);
    const after = tagged(fakeCustomer(1999));
    expect((await temp.post(after.payload)).status).toBe(200);
    expect((await temp.post(buildPayload('cliente-removeu-conta', leaving))).status).toBe(200);
    expect(await temp.service.store.getCustomer(leaving.id)).toBeNull();
    stored = storedTags(database);
    expect(stored).toContain(after.tag);
    expect(integrity(database)).toBe('ok');
    console.log(
      `[reliability] faults disk-full mechanism=tmpfs size=8MB fit=${fit} refused503=${refused.length} ` +
        `statuses=${JSON.stringify(statuses)} removalWhileFull=${removal.status} recovered=true`,
    );
    expect(fit).toBeGreaterThan(0);
    expect(refused).toHaveLength(20);
  });
});

describe('malformed config.json', () => {
  const random = seededRandom(7);
  const garbage = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
  const huge = Buffer.from(JSON.stringify({ mutedTypes: Array.from({ length: 620_000 }, () => 'cliente-chegou') }));
  const variants: Array<[string, Buffer]> = [
    ['binary garbage', garbage],
    ['a JSON array', Buffer.from('[{"locale":"en","mutedTypes":["cliente-chegou"]}]')],
    ['JSON null', Buffer.from('null')],
    ['a 10 MB file', huge],
    [
      'wrong types in every key',
      Buffer.from(
        JSON.stringify({
          locale: 5,
          timeZone: [],
          mutedTypes: 'cliente-chegou',
          mutedEstablishments: {},
          webhookSecret: 12,
          panelToken: true,
          privacy: 'none',
          intake: [],
          tunnel: 3,
          startAtLogin: 'yes',
          notificationsPaused: 0,
          tunnelConfirmed: {},
        }),
      ),
    ],
    [
      '__proto__ keys at every level',
      Buffer.from(
        '{"__proto__":{"locale":"en","mutedTypes":["cliente-chegou"],"polluted":"yes"},' +
          '"constructor":{"prototype":{"polluted":"yes"}},' +
          '"privacy":{"__proto__":{"keepCpfRg":true},"retentionDays":"forever"},' +
          '"intake":{"__proto__":{"burst":1}},"mutedTypes":{"__proto__":["cliente-chegou"]}}',
      ),
    ],
  ];

  it.each(variants)('backs up %s byte for byte, starts on defaults and answers webhooks', async (_name, bytes) => {
    const dir = makeTempDir();
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), bytes);
    running = await startTempService({ dir });
    const temp = running;

    expect((await temp.post(buildPayload('cliente-chegou', fakeCustomer(3)))).status).toBe(200);
    const backups = fs.readdirSync(dir).filter((name) => name.startsWith('config.json.invalid-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, backups[0]!)).equals(bytes)).toBe(true);
    // Defaults, and nothing taken from a prototype key: a pop-up type muted or CPF kept only by injection is not.
    expect(temp.service.settings.get()).toMatchObject({
      locale: 'pt-BR',
      mutedTypes: [],
      privacy: { keepCpfRg: false, retentionDays: 30 },
      intake: { ratePerSecond: 20, burst: 200 },
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ locale: 'pt-BR' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
