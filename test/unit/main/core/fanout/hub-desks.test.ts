// The hub's list of desks and its join codes, with a real nats-server: a new code lets new desks in and keeps the
// old code's desks; the old code lets no new desk in; a revoked desk is cut at once, and stays out after a restart.
// And its outbox: each stored event's pointer is published as its insert handed it back, without reading it again
// from the store's worker; what it was not handed (a tombstone, an earlier run's rows) it reads, in order.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../../support/free-port.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { makeTempDir, startTempService, type TempService } from '../../../../support/temp-service.js';

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

const state = (desk: TempService): string => {
  const status = desk.service.fanout!.status('en');
  return status.reason ? `${status.state}:${status.reason}` : status.state;
};

describe('the hub’s desks and join codes', () => {
  it('renews the code for new desks only, revokes one desk alone, and remembers both after a restart', async () => {
    const port = await freePort();
    const hubDir = makeTempDir();
    let hub = await start({ dir: hubDir, fanout: { role: 'hub', listen: { host: '127.0.0.1', port } } });
    await until(() => hub.service.fanout!.joinCode() !== null, 'the first join code');
    const first = hub.service.fanout!.joinCode()!;

    const ana = await start({ fanout: { role: 'satellite', joinCode: first } });
    await until(() => state(ana) === 'connected', 'the first desk to join');
    expect(hub.service.fanout!.desks()).toHaveLength(1);

    const second = (await hub.service.fanout!.renewJoinCode())!;
    expect(second).not.toBe(first);
    expect(hub.service.fanout!.joinCode()).toBe(second);
    // A PC that never joined cannot use the old code; one with the new code can; the first desk stays.
    const late = await start({ fanout: { role: 'satellite', joinCode: first } });
    const bia = await start({ fanout: { role: 'satellite', joinCode: second } });
    await until(() => state(bia) === 'connected', 'a desk with the new code');
    await until(() => state(late) === 'disconnected:refused', 'the old code refused');
    expect(state(ana)).toBe('connected');
    expect(hub.service.fanout!.desks().map((desk) => desk.revokedAt)).toEqual([null, null]);

    // Revoking the first desk cuts it, and only it.
    const anaId = hub.service.fanout!.desks().at(-1)!.id;
    expect(await hub.service.fanout!.revokeDesk(anaId)).toBe(true);
    await until(() => state(ana) === 'disconnected:refused', 'the revoked desk cut');
    expect(state(bia)).toBe('connected');

    // After a restart of the hub: the same code, the revoked desk still out, the other one back.
    services.splice(services.indexOf(hub), 1);
    await hub.service.close();
    hub = await start({ dir: hubDir, fanout: { role: 'hub', listen: { host: '127.0.0.1', port } } });
    await until(() => hub.service.fanout!.joinCode() !== null, 'the code after the restart');
    expect(hub.service.fanout!.joinCode()).toBe(second);
    await until(() => state(bia) === 'connected', 'the other desk back');
    const desks = hub.service.fanout!.desks();
    expect(desks.find((desk) => desk.id === anaId)?.revokedAt).toEqual(expect.any(Number));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(state(ana)).toBe('disconnected:refused');
  }, 90_000);

  it('shows an event read on another desk as read in this desk’s open feed, with the hub’s unread count', async () => {
    const port = await freePort();
    const hub = await start({ fanout: { role: 'hub', listen: { host: '127.0.0.1', port } } });
    await until(() => hub.service.fanout!.joinCode() !== null, 'the join code');
    const desk = await start({ fanout: { role: 'satellite', joinCode: hub.service.fanout!.joinCode()! } });
    await until(() => state(desk) === 'connected', 'the desk to join');
    const pushes: Array<[string, unknown]> = [];
    desk.service.bridge.subscribe((event, payload) => pushes.push([event, payload]));

    const answers = [
      await hub.post(buildPayload('cliente-chegou', fakeCustomer(1))),
      await hub.post(buildPayload('cliente-chegou', fakeCustomer(2))),
    ];
    const [first, second] = answers.map((answer) => String(answer.body.id));
    await until(() => pushes.filter(([event]) => event === 'eventAdded').length === 2, 'both events on the desk');

    // Read at the hub (its panel, or a third desk): this desk's open feed hears it.
    const read = await hub.service.bridge.invoke('markRead', { ids: [first] });
    expect(read).toMatchObject({ ok: true, result: { unread: 1 } });
    await until(() => pushes.some(([event]) => event === 'eventsRead'), 'the read mark on the desk');
    expect(pushes.filter(([event]) => event === 'eventsRead')).toEqual([['eventsRead', { ids: [first], unread: 1 }]]);
    const feed = await desk.service.bridge.invoke('listFeed', {});
    expect(feed).toMatchObject({ ok: true, result: { unread: 1 } });
    const items = (feed as { result: { items: Array<{ id: string; read: boolean }> } }).result.items;
    expect(items.map((item) => [item.id, item.read])).toEqual([
      [second, false],
      [first, true],
    ]);
  }, 60_000);

  it('answers a desk about an event just stored as its store would: read, renamed or erased since', async () => {
    const port = await freePort();
    const hub = await start({ fanout: { role: 'hub', listen: { host: '127.0.0.1', port } } });
    await until(() => hub.service.fanout!.joinCode() !== null, 'the join code');
    const desk = await start({ fanout: { role: 'satellite', joinCode: hub.service.fanout!.joinCode()! } });
    await until(() => state(desk) === 'connected', 'the desk to join');
    const remote = desk.service.fanout!.satellite!.store;
    const [ana, bia] = [fakeCustomer(11), fakeCustomer(12)];
    const idOf = async (payload: unknown): Promise<string> => String((await hub.post(payload)).body.id);
    const anaId = await idOf(buildPayload('cliente-chegou', ana));
    const biaId = await idOf(buildPayload('cliente-chegou', bia));

    expect(await remote.eventWithCustomer(anaId)).toMatchObject({
      event: { id: anaId, readAt: null },
      customer: { name: ana.name, photoUrl: null },
    });
    await hub.service.bridge.invoke('markRead', { ids: [anaId] });
    expect((await remote.eventWithCustomer(anaId))!.event.readAt).toEqual(expect.any(Number));

    const renamed = { ...bia, name: 'Beatriz Renomeada Lima' };
    expect((await hub.post(buildPayload('cliente-atualizou-conta', renamed))).status).toBe(200);
    expect((await remote.eventWithCustomer(biaId))!.customer).toMatchObject({ name: renamed.name });

    expect((await hub.post(buildPayload('cliente-removeu-conta', bia))).status).toBe(200);
    expect(await remote.eventWithCustomer(biaId)).toBeNull();
  }, 60_000);
});

describe('the hub’s outbox', () => {
  it('publishes what the inserts handed back without reading it again, and reads the tombstone in between', async () => {
    const port = await freePort();
    const hub = await start({ fanout: { role: 'hub', listen: { host: '127.0.0.1', port } } });
    await until(() => hub.service.fanout!.joinCode() !== null, 'the join code');
    const desk = await start({ fanout: { role: 'satellite', joinCode: hub.service.fanout!.joinCode()! } });
    await until(() => state(desk) === 'connected', 'the desk to join');
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
