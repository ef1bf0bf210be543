// The LGPD promise, checked byte by byte in every file of the data folder: database, WAL, journal, photos, logs, config.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotifierBackend, PopUp } from '../../../../../main/core/notify/notifier-port.js';
import { photoBaseName } from '../../../../../main/core/photos/photo-cache.js';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { EVENT_TYPES, isLgpdType } from '../../../../../shared/catalog.js';
import { filesUnder, findBytes, startTempService, type TempService } from '../../../../support/temp-service.js';

let running: TempService | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

const INSIGHT_TYPES = EVENT_TYPES.filter((type) => !isLgpdType(type));
const CONFIG = { intake: { ratePerSecond: 10_000, burst: 10_000 } };

const UNIQUE_FIRST_NAMES = [
  'Abelarda',
  'Quitéria',
  'Belmira',
  'Clodomira',
  'Deoclécia',
  'Eufrásia',
  'Filomena',
  'Genoveva',
  'Hermengarda',
  'Idalina',
  'Jucélia',
  'Leocádia',
];

/** A made-up customer with values distinctive enough that a byte match can only be theirs. */
function distinctive(n: number): FakeCustomer {
  const base = fakeCustomer(n);
  const first = UNIQUE_FIRST_NAMES[n % UNIQUE_FIRST_NAMES.length]!;
  return {
    ...base,
    name: `${first} Zebedeu Xavante ${n}`,
    email: `quiteria.zebedeu${n}@exemplo.com.br`,
    phone: `44 9 8765${String(n).padStart(4, '0')}`,
    cpf: `9517538${String(n).padStart(4, '0')}`,
    rg: `8642${String(n).padStart(5, '0')}`,
    mac: `DE:AD:BE:EF:${String(n % 100).padStart(2, '0')}:7Q`,
    facebookId: `77553311${String(n).padStart(7, '0')}`,
    googleId: `66442200${String(n).padStart(13, '0')}`,
    image: `https://fotos.exemplo.com.br/quiteria-${n}.jpg`,
  };
}

function needlesOf(c: FakeCustomer): string[] {
  return [
    c.name,
    c.name.split(' ')[0]!,
    c.email,
    c.phone,
    c.cpf,
    c.rg,
    c.mac,
    c.facebookId!,
    c.googleId ?? '',
    c.image!,
  ];
}

/** Many events of the target between other customers' events, so their rows share pages. */
async function fill(temp: TempService, target: FakeCustomer, others: FakeCustomer[], rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    // Within the last 20 days (retention keeps 30), each round at its own minute.
    const at = new Date(Date.now() - (1 + (round % 20)) * 86_400_000 + (round % 60) * 60_000);
    const batch = [target, ...others].map((customer, i) => {
      const payload = buildPayload(INSIGHT_TYPES[(round + i) % INSIGHT_TYPES.length]!, customer, { at });
      // data_of_type is opaque and may quote the customer: it must go as well.
      (payload.activity as Record<string, unknown>).data_of_type = { note: `mensagem de ${customer.name}`, round };
      return temp.post(payload);
    });
    for (const answer of await Promise.all(batch)) expect(answer.status).toBe(200);
  }
}

describe('cliente-removeu-conta', () => {
  it('leaves none of the customer name, e-mail, phone, CPF, RG, MAC, ids or photo in any file once answered', async () => {
    running = await startTempService({ config: { ...CONFIG, privacy: { keepCpfRg: true, retentionDays: 30 } } });
    const temp = running;
    const target = distinctive(1);
    const others = [distinctive(2), distinctive(3), distinctive(4)];
    await fill(temp, target, others, 60);
    const photo = path.join(temp.service.paths.photos, `${photoBaseName(target.id)}.jpg`);
    fs.writeFileSync(photo, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(`JPEG of ${target.name}`)]));

    // The scan finds what is there: CPF and RG are kept because this place opted in.
    const before = findBytes(temp.dir, [target.name, target.email, target.phone, target.cpf, target.rg]);
    expect(Object.values(before).flat()).toEqual(
      expect.arrayContaining([target.name, target.email, target.phone, target.cpf, target.rg]),
    );

    const answer = await temp.post(buildPayload('cliente-removeu-conta', target));
    expect(answer.status).toBe(200);

    expect(findBytes(temp.dir, needlesOf(target))).toEqual({});
    expect(fs.existsSync(photo)).toBe(false);
    expect(await temp.service.store.getCustomer(target.id)).toBeNull();
    expect(await temp.service.store.listErasures()).toEqual([{ erasedAt: expect.any(Number), eventsRemoved: 60 }]);
    // The other customers are untouched.
    for (const other of others) expect(await temp.service.store.eventsOfCustomer(other.id)).toHaveLength(60);
    expect(Object.values(findBytes(temp.dir, [others[0]!.name])).flat()).toContain(others[0]!.name);
    // WAL truncated at the erasure: once the removal's own delivery row has landed (after the answer, off its
    // path), the WAL holds that one small commit and nothing older (a header and two 4 KiB pages).
    await vi.waitFor(async () => {
      const deliveries = (await temp.service.bridge.invoke('listDeliveries', { limit: 1 })) as {
        ok: true;
        result: { items: Array<{ type: string | null }> };
      };
      expect(deliveries.result.items[0]?.type).toBe('cliente-removeu-conta');
    });
    const wal = `${temp.service.paths.database}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBeLessThanOrEqual(32 + 2 * (24 + 4096));
    expect(findBytes(temp.dir, needlesOf(target))).toEqual({});
    expect(filesUnder(temp.dir).filter((file) => file.endsWith('-journal'))).toEqual([]);
  });

  it('withdraws the customer pop-ups still waiting and never shows them', async () => {
    const shown: PopUp[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: NotifierBackend = {
      name: 'slow',
      show: async (popUp) => {
        await gate;
        shown.push(popUp);
        return undefined;
      },
    };
    running = await startTempService({ config: CONFIG, backend: slow });
    const temp = running;
    const target = distinctive(5);
    for (const type of [
      'cliente-chegou',
      'cliente-conectou',
      'cliente-sorteado',
      'cliente-fez-checkin',
      'cliente-tirou-foto',
    ]) {
      expect((await temp.post(buildPayload(type, target))).status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Two are with the OS already (concurrency 2); three wait: in the notifier's queue, or held for a burst summary.
    const waiting = (): number => temp.service.notifier.pendingCount + temp.service.attention.pending.burst;
    expect(waiting()).toBe(3);
    await temp.post(buildPayload('cliente-removeu-conta', target));
    expect(waiting()).toBe(0);
    release();
    await temp.service.notifier.idle();
    expect(shown).toHaveLength(2);
  });

  it('answers a removal for a customer never seen here and still records the count and time', async () => {
    running = await startTempService({ config: CONFIG });
    const answer = await running.post(buildPayload('cliente-removeu-conta', distinctive(6)));
    expect(answer.status).toBe(200);
    expect(await running.service.store.listErasures()).toEqual([{ erasedAt: expect.any(Number), eventsRemoved: 0 }]);
  });
});

describe('data minimisation', () => {
  it('never writes MAC, Facebook id or Google id, nor CPF and RG unless the place opts in', async () => {
    running = await startTempService({ config: CONFIG });
    const temp = running;
    const customer = distinctive(7);
    const google = { ...distinctive(8), facebookId: null };
    await fill(temp, customer, [google], 5);
    await temp.service.close();
    const found = findBytes(temp.dir, [
      customer.mac,
      customer.facebookId!,
      google.googleId!,
      customer.cpf,
      customer.rg,
    ]);
    expect(found).toEqual({});
    expect(Object.values(findBytes(temp.dir, [customer.email])).flat()).toContain(customer.email);
  });
});

describe('cliente-atualizou-conta', () => {
  it('rewrites name, e-mail and phone everywhere, WiFire messages included, leaving no old value on disk', async () => {
    running = await startTempService({ config: CONFIG });
    const temp = running;
    const target = distinctive(9);
    await fill(temp, target, [distinctive(10)], 30);
    const renamed: FakeCustomer = {
      ...target,
      name: 'Ubiratã Calógeras Nóbrega',
      email: 'ubirata.nobrega@exemplo.com.br',
      phone: '41 9 1234 0009',
    };
    const old = [target.name, target.name.split(' ')[0]!, target.email, target.phone];
    expect(Object.keys(findBytes(temp.dir, old)).length).toBeGreaterThan(0);

    const answer = await temp.post(buildPayload('cliente-atualizou-conta', renamed));
    expect(answer.status).toBe(200);

    expect(findBytes(temp.dir, old)).toEqual({});
    expect(await temp.service.store.getCustomer(target.id)).toMatchObject({
      name: renamed.name,
      email: renamed.email,
      phone: renamed.phone,
    });
    const events = await temp.service.store.eventsOfCustomer(target.id);
    expect(events).toHaveLength(30);
    expect(events.every((event) => event.message?.startsWith('Ubiratã '))).toBe(true);
    expect(events[0]!.data).toMatchObject({ note: `mensagem de ${renamed.name}` });
  });

  it('does not store the update request itself with its personal data for an unknown customer', async () => {
    running = await startTempService({ config: CONFIG });
    const temp = running;
    const stranger = distinctive(11);
    expect((await temp.post(buildPayload('cliente-atualizou-conta', stranger))).status).toBe(200);
    await temp.service.close();
    expect(findBytes(temp.dir, [stranger.name, stranger.email, stranger.phone])).toEqual({});
  });
});
