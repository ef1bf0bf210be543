// The hub publishes each stored event's pointer as its insert handed it back, without reading the outbox again from
// the store's worker; whatever it was not handed (a tombstone, an earlier run's rows) it reads, in order. With a real
// nats-server and a desk: every event arrives once, in order, and an erasure between two events is kept in between.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../../support/free-port.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { startTempService, type TempService } from '../../../../support/temp-service.js';

const services: TempService[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const service of services.splice(0).reverse()) await service.close().catch(() => undefined);
});

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function start(options: Parameters<typeof startTempService>[0]): Promise<TempService> {
  const service = await startTempService(options);
  services.push(service);
  return service;
}

describe('the hub’s outbox', () => {
  it('publishes what the inserts handed back without reading it again, and reads the tombstone in between', async () => {
    const port = await freePort();
    const hub = await start({ fanout: { role: 'hub', listen: { host: '127.0.0.1', port } } });
    await until(() => hub.service.fanout!.joinCode() !== null, 'the join code');
    const desk = await start({ fanout: { role: 'satellite', joinCode: hub.service.fanout!.joinCode()! } });
    await until(() => desk.service.fanout!.status('en').state === 'connected', 'the desk to join');
    const added: string[] = [];
    const purged: string[] = [];
    desk.service.bridge.subscribe((event, payload) => {
      if (event === 'eventAdded') added.push((payload as { id: string }).id);
      if (event === 'customerPurged') purged.push((payload as { customerId: string }).customerId);
    });
    const idOf = async (type: string, n: number): Promise<string> => {
      const answer = await hub.post(buildPayload(type, fakeCustomer(n)));
      expect(answer.status).toBe(200);
      return String(answer.body.id);
    };

    // The first event after the start: the hub reads the outbox once (it may hold an earlier run's rows).
    const first = await idOf('cliente-chegou', 21);
    await until(() => added.length === 1, 'the first event on the desk');

    const reads = vi.spyOn(hub.service.store, 'outboxPending');
    const ids = [first];
    for (const [type, n] of [
      ['cliente-curtiu', 22],
      ['cliente-curtiu', 23],
      ['cliente-curtiu', 24],
      ['cliente-chegou', 23],
    ] as const) {
      ids.push(await idOf(type, n));
    }
    await until(() => added.length === 5, 'five events on the desk');
    expect(added).toEqual(ids);
    expect(reads).not.toHaveBeenCalled();

    // Customer 23's erasure: its tombstone was not handed back, so the hub reads it, after the pointers before it.
    expect((await hub.post(buildPayload('cliente-removeu-conta', fakeCustomer(23)))).status).toBe(200);
    await until(() => purged.length === 1, 'the erasure on the desk');
    expect(purged).toEqual([fakeCustomer(23).id]);
    expect(reads).toHaveBeenCalled();
    // The next events go out as handed back again, after the tombstone.
    reads.mockClear();
    ids.push(await idOf('cliente-chegou', 25), await idOf('cliente-chegou', 26));
    await until(() => added.length === 7, 'the events after the erasure');
    expect(added).toEqual(ids);
    expect(reads).not.toHaveBeenCalled();

    // The desk's feed: everything but customer 23's two events, newest first.
    const feed = await desk.service.bridge.invoke('listFeed', {});
    const shown = (feed as { result: { items: Array<{ id: string }> } }).result.items.map((item) => item.id);
    expect(shown).toEqual([ids[6], ids[5], ids[3], ids[1], ids[0]]);
  }, 60_000);
});
