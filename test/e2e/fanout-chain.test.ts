// A chain on one NATS, simulated on one machine: 20 places, each a hub with its own store (in this process),
// publish into one account of a real nats-server (`--nats-url`), and one overview desk follows all 20 (a join code
// per place). At 200 events a second in all, each event reaches the overview once, from the place that stored it,
// and its feed shows the place on every row; an erasure at one place removes that customer there (on the overview
// and in the broker) and leaves the same customer at another place, and everyone else, as they were. The broker's
// store never holds a name.
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewRuntime } from '../../main/core/fanout/overview.js';
import type { FeedPage } from '../../shared/bridge-contract.js';
import { subjectsOf } from '../../main/core/fanout/subjects.js';
import { buildPayload, ESTABLISHMENTS, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { monotonicMs, sendPaced } from '../bench/paced-sender.js';
import { eventually } from '../support/e2e-headless.js';
import { wireKeyOf } from '../support/fanout-desks.js';
import { customerNeedles, scan } from '../support/reliability/byte-scan.js';
import { startChainDesk, startChainHub, startSharedNats, type SharedNats } from '../support/shared-nats.js';
import type { TempService } from '../support/temp-service.js';

const ACCOUNT = 'rede-cadeia';
const PLACES = 20;
const EVENTS = 2_000;
const RATE = 200;
const s = subjectsOf(ACCOUNT);

interface Arrival {
  /** The place (its position among the codes) and the event's id there. */
  place: number;
  id: string;
  establishmentName: string | null;
  at: number;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

describe('a chain of 20 places on one NATS', () => {
  let nats: SharedNats;
  const hubs: TempService[] = [];
  const hubIds: string[] = [];
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  let overview: TempService;
  const arrivals: Arrival[] = [];
  const purged: string[] = [];

  /** How many messages the events stream holds on `subject` (found forward by sequence, as the hub erases). */
  const countOn = async (subject: string): Promise<number> => {
    let count = 0;
    for (let from = 1; ;) {
      const next = { seq: from, next_by_subj: subject } as unknown as { seq: number };
      const stored = await jsm.streams.getMessage(s.eventStream, next);
      if (!stored) return count;
      count += 1;
      from = stored.seq + 1;
    }
  };

  beforeAll(async () => {
    nats = await startSharedNats(ACCOUNT, ['overview']);
    // Four at a time: each place opens its store, its listener and its connection.
    for (let i = 0; i < PLACES; i += 4) {
      const started = await Promise.all(
        Array.from({ length: Math.min(4, PLACES - i) }, () => startChainHub(nats, ACCOUNT)),
      );
      hubs.push(...started);
    }
    for (const hub of hubs) {
      const code = JSON.parse(Buffer.from(hub.service.fanout!.joinCode()!.slice(5), 'base64url').toString()) as {
        hub: string;
      };
      hubIds.push(code.hub);
    }

    // The chain's overview: one desk, a code per place, signed in with its own user of that NATS.
    const codes = hubs.map((hub) => hub.service.fanout!.joinCode()!);
    overview = await startChainDesk(codes, nats.desks.overview!, 60_000);
    // Its panel counts the places it follows.
    expect(await overview.service.bridge.invoke('getOtherDesks', undefined)).toMatchObject({
      ok: true,
      result: { role: 'satellite', state: 'connected', places: { connected: PLACES, total: PLACES } },
    });
    const space = (overview.service.fanout!.satellite as OverviewRuntime).space;
    overview.service.bus.on('event-stored', ({ event }) => {
      const placed = space.ids.placed(event.id)!;
      arrivals.push({ ...placed, establishmentName: event.establishmentName, at: monotonicMs() });
    });
    overview.service.bus.on('customer-purged', ({ customerId }) => purged.push(customerId));

    // The chain's administrator looks into the broker.
    admin = await connect({
      servers: nats.url,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(nats.hub.seed)),
      reconnect: false,
    });
    jsm = await jetstreamManager(admin);
  }, 180_000);

  afterAll(async () => {
    await admin?.close().catch(() => undefined);
    await overview?.close();
    for (const hub of hubs) await hub.close();
    await nats?.stop();
  }, 120_000);

  it('brings each of 2 000 events at 200 a second to the overview once, from the place that stored it', async () => {
    const bodies = Array.from({ length: EVENTS }, (_, i) =>
      JSON.stringify(
        buildPayload('cliente-frequente-chegou', fakeCustomer(10_000 + i), {
          establishment: ESTABLISHMENTS[i % ESTABLISHMENTS.length]!,
        }),
      ),
    );

    const sent = await sendPaced((i) => hubs[i % PLACES]!.service.webhookUrl, bodies, RATE);

    expect(sent.map((one) => one.status)).toEqual(Array(EVENTS).fill(200));
    await eventually(() => (arrivals.length >= EVENTS ? true : undefined), 'every event at the overview', 60_000);
    const expected = sent.map((one, i) => `${i % PLACES}/${one.eventId}`).sort();
    expect(arrivals.map((one) => `${one.place}/${one.id}`).sort()).toEqual(expected);
    // Each with its place's name, as WiFire sent it to that place.
    expect(
      arrivals.every((one) => one.establishmentName === ESTABLISHMENTS[one.place % ESTABLISHMENTS.length]!.name),
    ).toBe(true);

    // Its pop-ups say where: each one about a single event names its place (the rest are summaries).
    const single = overview.popUps.filter((popUp) => popUp.type !== 'wifire-desk-resumo');
    expect(single.length).toBeGreaterThan(0);
    const places = new Set(ESTABLISHMENTS.map((one) => one.name));
    expect(single.every((popUp) => [...places].some((name) => popUp.body.endsWith(` — ${name}`)))).toBe(true);

    // Its feed: newest first across places, the place on every row, each event once.
    const answer = await overview.service.bridge.invoke('listFeed', { limit: 200 });
    expect(answer.ok).toBe(true);
    const page = (answer as { result: FeedPage }).result;
    expect(page.items).toHaveLength(200);
    expect(page.total).toBe(EVENTS);
    expect(new Set(page.items.map((item) => item.id)).size).toBe(200);
    expect(page.items.every((item) => item.establishmentName !== null)).toBe(true);
    expect(new Set(page.items.map((item) => item.establishmentName)).size).toBe(
      Math.min(PLACES, ESTABLISHMENTS.length),
    );
    const received = page.items.map((item) => item.receivedAt);
    expect(received).toEqual([...received].sort((a, b) => b - a));

    // The figures, for the docs' scale page (not a pass mark: the bench measures speed).
    const byKey = new Map(arrivals.map((one) => [`${one.place}/${one.id}`, one.at]));
    const latencies = sent.map((one, i) => byKey.get(`${i % PLACES}/${one.eventId}`)! - one.sentAt);
    console.info(
      `chain: ${PLACES} places, ${EVENTS} events at ${RATE}/s — webhook sent → overview has the event: p50 ` +
        `${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `max ${Math.max(...latencies).toFixed(1)} ms`,
    );
  }, 120_000);

  it('erases a customer at one place only: her pointers at another place and everyone else stay', async () => {
    const xenia = { ...fakeCustomer(90_001), name: 'Xênia Cadeia Duarte' };
    const [atThree, atFour] = [hubs[3]!, hubs[4]!];
    const before = arrivals.length;
    // Two visits at place 3 (a minute apart: the same delivery twice would be one), one at place 4.
    const visits = [
      [atThree, new Date(Date.now() - 60_000)],
      [atThree, new Date()],
      [atFour, new Date()],
    ] as const;
    for (const [hub, at] of visits) {
      const answer = await hub.post(buildPayload('cliente-frequente-chegou', xenia, { at }));
      expect(answer.body).toMatchObject({ ok: true, id: expect.any(String) });
    }
    await eventually(() => (arrivals.length >= before + 3 ? true : undefined), 'her three pointers', 20_000);
    const threeKey = wireKeyOf(atThree.dir, xenia.id);
    const fourKey = wireKeyOf(atFour.dir, xenia.id);
    // A keyed digest per place: the same WiFire id is another key at each place.
    expect(threeKey).not.toBe(fourKey);
    const threeSubject = s.eventsOfCustomer(hubIds[3]!, threeKey);
    const fourSubject = s.eventsOfCustomer(hubIds[4]!, fourKey);
    expect(await countOn(threeSubject)).toBe(2);
    expect(await countOn(fourSubject)).toBe(1);
    const total = (await jsm.streams.info(s.eventStream)).state.messages;

    expect((await atThree.post(buildPayload('cliente-removeu-conta', xenia))).status).toBe(200);
    // The overview drops her at place 3 only; her card at place 4 still opens.
    await eventually(
      () => (purged.includes(`3-${xenia.id}`) ? true : undefined),
      'her erasure at the overview',
      20_000,
    );
    expect(purged).toEqual([`3-${xenia.id}`]);
    expect(await overview.service.bridge.invoke('getCustomer', { customerId: `4-${xenia.id}` })).toMatchObject({
      ok: true,
      result: { name: xenia.name },
    });
    // At place 3 she is gone: its hub answers that there is no such customer.
    expect(await overview.service.bridge.invoke('getCustomer', { customerId: `3-${xenia.id}` })).toEqual({
      ok: true,
      result: null,
    });

    // Asked again until the hub's erasure went through (eventually() takes a synchronous probe).
    const deadline = Date.now() + 20_000;
    while ((await countOn(threeSubject)) !== 0) {
      if (Date.now() > deadline) throw new Error('her pointers at place 3 were not erased within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await countOn(fourSubject)).toBe(1);
    expect((await jsm.streams.info(s.eventStream)).state.messages).toBe(total - 2);
    // Place 3's other customers are all there.
    expect(await countOn(s.eventsOfHub(hubIds[3]!))).toBe(EVENTS / PLACES);
    // The tombstone went out on place 3's erasure subject only.
    const erasures = await jsm.streams.info(s.erasureStream, { subjects_filter: s.erasures });
    expect(Object.keys(erasures.state.subjects ?? {})).toEqual([s.erasure(hubIds[3]!)]);
    // Pointers only: nothing of her, at either place, is in the broker's store.
    const result = scan(nats.storeDir, customerNeedles(xenia, { firstNameUnique: true }));
    expect(result.files).toBeGreaterThan(0);
    expect(result.hits).toEqual([]);
  }, 60_000);
});
