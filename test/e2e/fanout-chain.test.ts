// A chain on one NATS, simulated on one machine: 20 places, each a hub with its own store (in this process),
// publish into one account of a real nats-server (`--nats-url`), and one follower reads every place's pointers,
// as a chain's overview would. At 200 events a second in all, each pointer arrives once, from the place that
// stored it; an erasure at one place removes that customer's pointers there and leaves the same customer's
// pointers at another place, and every other customer, as they were. The broker's store never holds a name.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectsOf } from '../../main/core/fanout/subjects.js';
import { buildPayload, ESTABLISHMENTS, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { monotonicMs, sendPaced } from '../bench/paced-sender.js';
import { eventually } from '../support/e2e-headless.js';
import { HUB_CONFIG, wireKeyOf } from '../support/fanout-desks.js';
import { customerNeedles, scan } from '../support/reliability/byte-scan.js';
import { startSharedNats, type SharedNats } from '../support/shared-nats.js';
import { startTempService, type TempService } from '../support/temp-service.js';

const ACCOUNT = 'rede-cadeia';
const PLACES = 20;
const EVENTS = 2_000;
const RATE = 200;
const s = subjectsOf(ACCOUNT);

interface Arrival {
  hub: string;
  id: string;
  subject: string;
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
  let follower: NatsConnection;
  let jsm: JetStreamManager;
  const arrivals: Arrival[] = [];
  let stopFollowing: () => void = () => undefined;

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
    nats = await startSharedNats(ACCOUNT, []);
    // Four at a time: each place opens its store, its listener and its connection.
    for (let i = 0; i < PLACES; i += 4) {
      const started = await Promise.all(
        Array.from({ length: Math.min(4, PLACES - i) }, () =>
          startTempService({
            config: HUB_CONFIG,
            fanout: { role: 'hub', nats: { servers: [nats.url], credsFile: nats.hub.file, account: ACCOUNT } },
          }),
        ),
      );
      hubs.push(...started);
    }
    for (const hub of hubs) {
      await eventually(() => hub.service.fanout!.joinCode() ?? undefined, 'a place’s hub ready', 30_000);
      const code = JSON.parse(Buffer.from(hub.service.fanout!.joinCode()!.slice(5), 'base64url').toString()) as {
        hub: string;
      };
      hubIds.push(code.hub);
    }

    // The follower: one durable place in the account's events stream, across every hub.
    follower = await connect({
      servers: nats.url,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(nats.hub.seed)),
      reconnect: false,
    });
    jsm = await jetstreamManager(follower);
    await jsm.consumers.add(s.eventStream, {
      durable_name: 'overview_test',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      filter_subject: s.events,
    });
    const messages = await (
      await jetstream(follower).consumers.get(s.eventStream, 'overview_test')
    ).consume({
      max_messages: 500,
    });
    stopFollowing = () => void messages.stop();
    void (async () => {
      for await (const message of messages) {
        const body = message.json<{ hub: string; id: string }>();
        arrivals.push({ hub: body.hub, id: body.id, subject: message.subject, at: monotonicMs() });
        message.ack();
      }
    })();
  }, 180_000);

  afterAll(async () => {
    stopFollowing();
    await follower?.close().catch(() => undefined);
    for (const hub of hubs) await hub.close();
    await nats?.stop();
  }, 120_000);

  it('brings each of 2 000 events at 200 a second to the follower once, from the place that stored it', async () => {
    const bodies = Array.from({ length: EVENTS }, (_, i) =>
      JSON.stringify(
        buildPayload('cliente-frequente-chegou', fakeCustomer(10_000 + i), {
          establishment: ESTABLISHMENTS[i % ESTABLISHMENTS.length]!,
        }),
      ),
    );

    const sent = await sendPaced((i) => hubs[i % PLACES]!.service.webhookUrl, bodies, RATE);

    expect(sent.map((one) => one.status)).toEqual(Array(EVENTS).fill(200));
    await eventually(() => (arrivals.length >= EVENTS ? true : undefined), 'every pointer at the follower', 60_000);
    const expected = sent.map((one, i) => `${hubIds[i % PLACES]}/${one.eventId}`).sort();
    expect(arrivals.map((one) => `${one.hub}/${one.id}`).sort()).toEqual(expected);
    // Each on its own place's subject.
    expect(arrivals.every((one) => one.subject.startsWith(`${ACCOUNT}.ev.${one.hub}.`))).toBe(true);

    // The figures, for the docs' scale page (not a pass mark: the bench measures speed).
    const byKey = new Map(arrivals.map((one) => [`${one.hub}/${one.id}`, one.at]));
    const latencies = sent.map((one, i) => byKey.get(`${hubIds[i % PLACES]}/${one.eventId}`)! - one.sentAt);
    console.info(
      `chain: ${PLACES} places, ${EVENTS} events at ${RATE}/s — webhook sent → follower: p50 ` +
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
