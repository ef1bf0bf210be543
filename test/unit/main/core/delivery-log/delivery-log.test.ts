// The delivery log on a real service: what each POST leaves in it, its redacted payloads, "Reenviar", and LGPD.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { MAX_DELIVERIES } from '../../../../../main/core/delivery-log/delivery-log-table.js';
import type {
  BridgeEnvelope,
  DeliveryDetail,
  DeliveryItem,
  ReplayResult,
} from '../../../../../shared/bridge-contract.js';
import { findBytes, startTempService, type TempService } from '../../../../support/temp-service.js';
import { personalValues } from '../../../../support/personal-values.js';

const CONFIG = { intake: { ratePerSecond: 10_000, burst: 10_000 } };

let running: TempService | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(config: Record<string, unknown> = CONFIG): Promise<TempService> {
  running = await startTempService({ config });
  return running;
}

async function call<T>(t: TempService, method: string, request?: unknown): Promise<T> {
  const envelope = (await t.service.bridge.invoke(method, request)) as BridgeEnvelope<T>;
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result;
}

async function list(t: TempService, request: Record<string, unknown> = { limit: 200 }): Promise<DeliveryItem[]> {
  return (await call<{ items: DeliveryItem[] }>(t, 'listDeliveries', request)).items;
}

/** Rows are written off the answer's path: wait until `count` of them are there. */
async function settled(t: TempService, count: number): Promise<DeliveryItem[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const items = await list(t);
    if (items.length >= count) return items;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} deliveries logged`);
}

function bytes(body: unknown): number {
  return Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('the delivery log', () => {
  it('lists every delivery with the right secret, newest first, with its answer, size and type', async () => {
    const t = await start();
    const customer = fakeCustomer(1);
    const valid = buildPayload('cliente-conectou', customer);
    const unknown = { ...buildPayload('cliente-chegou', fakeCustomer(2)), type: 'cliente-pediu-musica' };
    const invalid = { type: 'cliente-chegou', user: { id: '7', name: 'Sem Estabelecimento' } };

    expect((await t.post(valid)).status).toBe(200);
    expect((await t.post(valid)).body).toMatchObject({ duplicate: true });
    expect((await t.post(invalid)).status).toBe(400);
    expect((await t.post('{não é json')).status).toBe(400);
    expect((await t.post(valid, { contentType: 'text/plain' })).status).toBe(415);
    expect((await t.post(valid, { path: '/hooks/not-the-secret' })).status).toBe(404);
    expect((await t.post(unknown)).status).toBe(200);

    const items = await settled(t, 6);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await list(t)).toHaveLength(6); // the stranger's 404 is not there
    const eventId = (await t.service.store.listEvents(10)).find((event) => event.type === 'cliente-conectou')!.id;
    expect(items.map(({ id: _id, receivedAt: _at, ...rest }) => rest)).toEqual([
      {
        type: 'cliente-pediu-musica',
        status: 200,
        size: bytes(unknown),
        duplicate: false,
        replay: false,
        eventId: expect.any(String),
        replayable: true,
      },
      {
        type: null, // not JSON by its content type: the body is not read
        status: 415,
        size: bytes(valid),
        duplicate: false,
        replay: false,
        eventId: null,
        replayable: false,
      },
      {
        type: null,
        status: 400,
        size: bytes('{não é json'),
        duplicate: false,
        replay: false,
        eventId: null,
        replayable: false,
      },
      {
        type: 'cliente-chegou',
        status: 400,
        size: bytes(invalid),
        duplicate: false,
        replay: false,
        eventId: null,
        replayable: false,
      },
      {
        type: 'cliente-conectou',
        status: 200,
        size: bytes(valid),
        duplicate: true,
        replay: false,
        eventId,
        replayable: false, // a repeat's body is never kept: the original's row holds it
      },
      {
        type: 'cliente-conectou',
        status: 200,
        size: bytes(valid),
        duplicate: false,
        replay: false,
        eventId,
        replayable: true,
      },
    ]);
    expect(Number(items[0]!.id)).toBeGreaterThan(Number(items[1]!.id));
    expect(items[0]!.receivedAt).toBeGreaterThanOrEqual(items[5]!.receivedAt);
    // No body is kept of a refused delivery: its personal data could never be erased by customer.
    const refused = await call<DeliveryDetail>(t, 'getDelivery', { id: items[3]!.id });
    expect(refused.payload).toBeNull();
    // Bodies kept: the valid delivery and the unknown type; not the repeat of the valid one.
    expect(t.db().prepare('SELECT count(*) FROM deliveries WHERE body IS NOT NULL').pluck().get()).toBe(2);
  });

  it('logs a delivery refused for being over the budget, but not a stranger over it', async () => {
    const t = await start({ intake: { ratePerSecond: 0.001, burst: 1 } });
    const payload = buildPayload('cliente-chegou', fakeCustomer(20));
    expect((await t.post(payload)).status).toBe(200);
    expect((await t.post(payload)).status).toBe(429);
    expect((await t.post(payload, { path: '/hooks/not-the-secret' })).status).toBe(429);
    const items = await settled(t, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await list(t)).map((item) => item.status)).toEqual([429, 200]);
    expect(items[0]).toMatchObject({ type: null, size: bytes(payload), replayable: false });
  });

  it('pages with beforeId and refuses a limit over 200', async () => {
    const t = await start();
    for (let n = 0; n < 5; n++) await t.post(buildPayload('cliente-chegou', fakeCustomer(10 + n)));
    const all = await settled(t, 5);
    const first = await call<{ items: DeliveryItem[]; nextBeforeId: string | null }>(t, 'listDeliveries', { limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual(all.slice(0, 3).map((item) => item.id));
    const second = await call<{ items: DeliveryItem[]; nextBeforeId: string | null }>(t, 'listDeliveries', {
      limit: 3,
      beforeId: first.nextBeforeId,
    });
    expect(second.items.map((item) => item.id)).toEqual(all.slice(3).map((item) => item.id));
    expect(second.nextBeforeId).toBeNull();
    const refused = await t.service.bridge.invoke('listDeliveries', { limit: 201 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('shows a payload with every personal value hidden but the type, place, time and score readable', async () => {
    const t = await start({ ...CONFIG, privacy: { keepCpfRg: true, retentionDays: 30 } });
    const customer = fakeCustomer(3);
    const payload = buildPayload('cliente-avaliou-negativamente', customer);
    await t.post(payload);
    const [item] = await settled(t, 1);
    const detail = await call<DeliveryDetail>(t, 'getDelivery', { id: item!.id });
    expect(detail.payload).not.toBeNull();
    for (const value of personalValues(customer)) expect(detail.payload).not.toContain(value);
    const shown = JSON.parse(detail.payload!) as Record<string, Record<string, unknown>>;
    expect(shown.type).toBe('cliente-avaliou-negativamente');
    expect(shown.establishment).toEqual({
      identifier: 'botecodowifire',
      name: 'Boteco do WiFire',
      slug: 'boteco-do-wifire',
    });
    expect(shown.activity!.created_at).toBe((payload.activity as Record<string, unknown>).created_at);
    expect(shown.activity!.data_of_type).toEqual((payload.activity as Record<string, unknown>).data_of_type);
    expect(shown.user!.name).toBe('•••');
    expect(await call(t, 'getDelivery', { id: '999999' })).toBeNull();
  });

  it('never keeps MAC, Facebook or Google ids in a body, nor CPF and RG unless the place keeps them', async () => {
    const t = await start();
    const customer = { ...fakeCustomer(4), facebookId: '123456789012345', googleId: '987654321098765432109' };
    await t.post(buildPayload('cliente-chegou', customer));
    await settled(t, 1);
    await t.service.close();
    expect(findBytes(t.dir, [customer.mac, customer.facebookId, customer.googleId, customer.cpf, customer.rg])).toEqual(
      {},
    );
    expect(Object.values(findBytes(t.dir, [customer.email])).flat()).toContain(customer.email);
  });
});

describe('Reenviar', () => {
  it('answers duplicate for a delivery stored within 24 h, adds no event, and logs the replay', async () => {
    const t = await start();
    await t.post(buildPayload('cliente-frequente-chegou', fakeCustomer(5)));
    const [original] = await settled(t, 1);
    const before = await t.service.store.countEvents();

    const result = await call<ReplayResult>(t, 'replayDelivery', { id: original!.id });

    expect(result).toEqual({ status: 200, duplicate: true, eventId: original!.eventId });
    expect(await t.service.store.countEvents()).toBe(before);
    const [replay] = await settled(t, 2);
    expect(replay).toMatchObject({
      type: 'cliente-frequente-chegou',
      status: 200,
      duplicate: true,
      replay: true,
      eventId: original!.eventId,
      replayable: false,
      size: original!.size,
    });
    // The original keeps its body: it can still be sent again.
    expect((await list(t)).find((item) => item.id === original!.id)?.replayable).toBe(true);
  });

  it('stores the event again once the original is gone (purged by retention, or deleted)', async () => {
    const t = await start();
    const customer = fakeCustomer(6);
    await t.post(buildPayload('cliente-aniversariante-chegou', customer));
    const [original] = await settled(t, 1);
    t.db().prepare('DELETE FROM events WHERE id = ?').run(Number(original!.eventId));
    expect(await t.service.store.countEvents()).toBe(0);

    const result = await call<ReplayResult>(t, 'replayDelivery', { id: original!.id });

    expect(result.status).toBe(200);
    expect(result.duplicate).toBe(false);
    expect(result.eventId).not.toBe(original!.eventId);
    const stored = await t.service.store.getEvent(result.eventId!);
    expect(stored).toMatchObject({ type: 'cliente-aniversariante-chegou', customerId: customer.id });
    expect(await t.service.store.getCustomer(customer.id)).toMatchObject({
      name: customer.name,
      email: customer.email,
    });
    // WiFire sending the same delivery now is a duplicate of the replayed one.
    expect((await t.post(buildPayload('cliente-aniversariante-chegou', customer))).body).toMatchObject({
      duplicate: true,
    });
  });

  it('refuses a delivery whose body was not kept', async () => {
    const t = await start();
    await t.post({ type: 'cliente-chegou' });
    const [refused] = await settled(t, 1);
    const answer = await t.service.bridge.invoke('replayDelivery', { id: refused!.id });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('what the log keeps', () => {
  it('keeps at most the last 500 deliveries', async () => {
    const t = await start();
    const total = MAX_DELIVERIES + 12;
    for (let sent = 0; sent < total; sent += 64) {
      const batch = Array.from({ length: Math.min(64, total - sent) }, () => t.post('{broken'));
      await Promise.all(batch);
    }
    await t.post(buildPayload('cliente-chegou', fakeCustomer(7)));
    for (let attempt = 0; attempt < 200; attempt++) {
      const newest = (await list(t, { limit: 1 }))[0];
      if (newest?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const count = t.db().prepare('SELECT count(*) FROM deliveries').pluck().get();
    expect(count).toBe(MAX_DELIVERIES);
    expect((await list(t, { limit: 1 }))[0]).toMatchObject({ type: 'cliente-chegou', status: 200 });
  });

  it('drops deliveries older than the retention setting with the events', async () => {
    const t = await start();
    await t.post(buildPayload('cliente-chegou', fakeCustomer(8)));
    await t.post(buildPayload('cliente-conectou', fakeCustomer(9)));
    const [recent, old] = await settled(t, 2);
    t.db()
      .prepare('UPDATE deliveries SET received_at = ? WHERE id = ?')
      .run(Date.now() - 31 * 86_400_000, Number(old!.id));
    await t.service.retention.purgeNow();
    expect((await list(t)).map((item) => item.id)).toEqual([recent!.id]);
  });

  it('answers WiFire as usual when the log cannot be written, and logs that without personal data', async () => {
    const t = await start();
    t.db().exec('DROP TABLE deliveries');
    const customer = fakeCustomer(10);
    const answer = await t.post(buildPayload('cliente-chegou', customer));
    expect(answer.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logs = fs
      .readdirSync(path.join(t.dir, 'logs'))
      .map((file) => fs.readFileSync(path.join(t.dir, 'logs', file), 'utf8'))
      .join('\n');
    expect(logs).toContain('delivery not logged');
    for (const value of personalValues(customer).slice(1)) expect(logs).not.toContain(value);
  });
});

describe('LGPD and the delivery log', () => {
  const CUSTOMER_VALUES = (c: FakeCustomer): string[] =>
    personalValues(c).filter((value) => value !== c.id && value !== c.birthday);

  it('erases every delivery of a removed customer, bodies included, from every file', async () => {
    const t = await start({ ...CONFIG, privacy: { keepCpfRg: true, retentionDays: 30 } });
    const target = {
      ...fakeCustomer(11),
      name: 'Quitéria Zebedeu Xavante',
      email: 'quiteria.zebedeu@exemplo.com.br',
      phone: '44 9 87650011',
      cpf: '95175380011',
      rg: '864200011',
    };
    const other = fakeCustomer(12);
    for (const type of ['cliente-chegou', 'cliente-conectou', 'cliente-sorteado']) {
      expect((await t.post(buildPayload(type, target))).status).toBe(200);
      expect((await t.post(buildPayload(type, other))).status).toBe(200);
    }
    await t.post(buildPayload('cliente-chegou', target)); // a duplicate, logged too
    await settled(t, 7);
    expect(Object.keys(findBytes(t.dir, [target.email])).length).toBeGreaterThan(0);

    expect((await t.post(buildPayload('cliente-removeu-conta', target))).status).toBe(200);
    await settled(t, 4);

    const rows = t.db().prepare('SELECT count(*) FROM deliveries WHERE customer_id = ?').pluck().get(target.id);
    expect(rows).toBe(0);
    const items = await list(t);
    expect(items.map((item) => item.type)).toEqual([
      'cliente-removeu-conta',
      'cliente-sorteado',
      'cliente-conectou',
      'cliente-chegou',
    ]);
    expect(findBytes(t.dir, [...CUSTOMER_VALUES(target), target.mac])).toEqual({});
    // The other customer's deliveries are still there and can be sent again.
    expect(items.slice(1).every((item) => item.replayable)).toBe(true);
  });

  it('drops the kept bodies of a customer who updated their account, leaving no old value on disk', async () => {
    const t = await start();
    const target = { ...fakeCustomer(13), name: 'Deoclécia Zebedeu Nóbrega', email: 'deoclecia.z@exemplo.com.br' };
    await t.post(buildPayload('cliente-chegou', target));
    await t.post(buildPayload('cliente-conectou', target));
    await settled(t, 2);
    const renamed = { ...target, name: 'Ubiratã Calógeras', email: 'ubirata@exemplo.com.br', phone: '41 9 12340000' };

    expect((await t.post(buildPayload('cliente-atualizou-conta', renamed))).status).toBe(200);
    const items = await settled(t, 3);

    expect(items.map((item) => item.replayable)).toEqual([false, false, false]);
    expect(findBytes(t.dir, [target.name, target.name.split(' ')[0]!, target.email, target.phone])).toEqual({});
  });

  it('does not bring a removed customer back through a replay queued behind the removal', async () => {
    const t = await start();
    const target = fakeCustomer(14);
    await t.post(buildPayload('cliente-chegou', target));
    const [original] = await settled(t, 1);
    // Both are queued in this tick, the removal first: the replay's insert must find its row gone and store nothing.
    const removal = t.service.privacy.removeAccount(target.id);
    const replay = t.service.bridge.invoke('replayDelivery', { id: original!.id });
    await removal;
    expect(await replay).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await t.service.store.getCustomer(target.id)).toBeNull();
    expect(await t.service.store.eventsOfCustomer(target.id)).toEqual([]);
  });
});
