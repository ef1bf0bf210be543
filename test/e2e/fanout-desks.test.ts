// Every desk in the place, as real processes: a hub (`--fanout hub`, its own nats-server) and two satellites
// (`--join <code>`), each desk on its own Xvfb + D-Bus + dunst, so each assertion is about what popped up on which
// screen. One hub serves the whole file: the cases name their own customers, so none reads another's pop-ups.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTexts } from '../../shared/catalog.js';
import { subjectsOf } from '../../main/core/fanout/subjects.js';
import {
  buildPayload,
  fakeCustomer,
  withBirthdayToday,
  type FakeCustomer,
} from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import {
  connectToHubNats,
  deskEnv,
  HUB_CONFIG,
  logLinesWithCode,
  outboxRows,
  startHub,
  startSatellite,
  stopDesksAndScreens,
  type Desk,
  type Hub,
} from '../support/fanout-desks.js';
import {
  startNotificationSession,
  type DunstNotification,
  type NotificationSession,
} from '../support/notification-session.js';
import { openPanel, type PanelSession } from '../support/panel-client.js';
import { postTo } from '../support/temp-service.js';

/** Pop-ups travel webhook → hub → NATS → satellite → D-Bus → dunst on a busy two-core machine: generous. */
const POP_MS = 15_000;
/** Every desk repeats an unacknowledged urgent pop-up after one (repeat) minute, at most twice. */
const URGENT_REPEAT = { intervalMinutes: 1, maxRepeats: 2 };

function texts(type: string, customer: FakeCustomer): { title: string; body: string } {
  return renderTexts(type, { name: customer.name, establishment: null, score: null, message: null }, 'pt-BR');
}

/** A made-up customer with a name no other case uses, so a pop-up is attributed to its case alone. */
function customer(n: number, name: string): FakeCustomer {
  return { ...fakeCustomer(n), name };
}

const naming =
  (person: FakeCustomer) =>
  (n: DunstNotification): boolean =>
    n.body.includes(person.name);

describe('fan-out to every desk of the place (hub + two satellites, each with its own screen)', () => {
  let hubScreen: NotificationSession;
  let barScreen: NotificationSession;
  let doorScreen: NotificationSession;
  let hub: Hub;
  /** The bar's desk: it mutes what the bar does not need. */
  let bar: Desk;
  /** The host stand: it keeps every pop-up. */
  let door: Desk;
  let barPanel: PanelSession;
  /**
   * Posted before the satellites joined: a desk starts from "now", so this one is the hub's alone. A regular's
   * arrival: no desk here mutes it (the bar mutes birthdays below).
   */
  const before = customer(100, 'Gabi Fanout Antes');
  let beforeId = '';

  beforeAll(async () => {
    [hubScreen, barScreen, doorScreen] = await Promise.all([
      startNotificationSession(),
      startNotificationSession(),
      startNotificationSession(),
    ]);
    hub = await startHub({
      env: deskEnv(hubScreen),
      config: { ...HUB_CONFIG, urgentRepeat: URGENT_REPEAT },
    });
    const early = await postTo(hub.webhookUrl, buildPayload('cliente-frequente-chegou', before));
    expect(early.status).toBe(200);
    beforeId = String(early.body.id);
    await hubScreen.waitFor(naming(before), POP_MS);
    await eventually(() => (outboxRows(hub.dataDir) === 0 ? true : undefined), 'Gabi published before anyone joined');
    // Each satellite has its own settings file: its own repeats, and later its own mutes.
    [bar, door] = await Promise.all([
      startSatellite(hub.joinCode, { env: deskEnv(barScreen), config: { urgentRepeat: URGENT_REPEAT } }),
      startSatellite(hub.joinCode, { env: deskEnv(doorScreen), config: { urgentRepeat: URGENT_REPEAT } }),
    ]);
    barPanel = await openPanel(bar.panelUrl);
  }, 90_000);

  afterAll(async () => {
    // Nothing these desks started outlives them: not a satellite, not the hub, not its nats-server.
    expect(await stopDesksAndScreens([hubScreen, barScreen, doorScreen])).toEqual([]);
  }, 60_000);

  it('pops a birthday arrival up on the hub and both satellites; muted at the bar, the next one pops up at the door only', async () => {
    const type = 'cliente-aniversariante-chegou';
    const ana = withBirthdayToday(customer(101, 'Ana Fanout Ribeiro'));

    const answer = await postTo(hub.webhookUrl, buildPayload(type, ana));

    expect(answer.status).toBe(200);
    const id = String(answer.body.id);
    // The same words on every screen: each satellite asked the hub for the name, and renders it itself.
    for (const screen of [hubScreen, barScreen, doorScreen]) {
      const popUp = await screen.waitFor(naming(ana), POP_MS);
      expect(popUp.summary).toBe('Aniversariante no local');
      expect(popUp.body).toBe(texts(type, ana).body);
      expect(popUp.appname).toBe('WiFire Desk');
    }
    // The bar's panel lists it with her name: the row comes from the hub, the satellite keeps no database.
    const feed = await barPanel.call('listFeed', { types: [type] });
    expect(feed.body.ok).toBe(true);
    const items = (feed.body.result as { items: Array<{ id: string; customerName: string | null }> }).items;
    expect(items.find((item) => item.id === id)).toMatchObject({ customerName: ana.name, silenced: null });

    // The bar mutes birthday arrivals, through its own panel, as its staff would.
    const muted = await barPanel.call('updateSettings', { mutedTypes: [type] });
    expect(muted.body).toMatchObject({ ok: true, result: { settings: { mutedTypes: [type] } } });

    const bruno = withBirthdayToday(customer(102, 'Bruno Fanout Teixeira'));
    expect((await postTo(hub.webhookUrl, buildPayload(type, bruno))).status).toBe(200);

    const doorPopUp = await doorScreen.waitFor(naming(bruno), POP_MS);
    expect(doorPopUp.summary).toBe('Aniversariante no local');
    await hubScreen.waitFor(naming(bruno), POP_MS);
    // One more event the bar does pop up: once it shows, Bruno's pointer (published before it) was handled there.
    const carla = customer(103, 'Carla Fanout Moreira');
    expect((await postTo(hub.webhookUrl, buildPayload('cliente-frequente-chegou', carla))).status).toBe(200);
    await barScreen.waitFor(naming(carla), POP_MS);
    expect(barScreen.notifications.filter(naming(bruno))).toEqual([]);
    // Muted is not lost: the bar's feed still lists Bruno, marked as silenced by its own rule.
    const after = await barPanel.call('listFeed', { types: [type] });
    const rows = (after.body.result as { items: Array<{ customerName: string | null; silenced: string | null }> })
      .items;
    expect(rows.find((row) => row.customerName === bruno.name)).toMatchObject({ silenced: 'muted' });
    // The door's rules are its own: the bar's mute did not travel.
    expect(doorScreen.notifications.filter(naming(ana))).toHaveLength(1);
  }, 60_000);

  it('stops an urgent pop-up repeating on the hub and on the door once the bar reads it', async () => {
    const read = customer(111, 'Diego Fanout Urgente');
    const unread = customer(112, 'Eduarda Fanout Urgente');
    // Read first, then the other: on every desk the read one's repeat would come first, so when the other's
    // repeat shows, the read one's would have shown already.
    const first = await postTo(hub.webhookUrl, buildPayload('cliente-insatisfeito-chegou', read));
    expect(first.status).toBe(200);
    expect((await postTo(hub.webhookUrl, buildPayload('cliente-avaliou-negativamente', unread))).status).toBe(200);
    for (const screen of [hubScreen, barScreen, doorScreen]) {
      for (const person of [read, unread]) {
        const popUp = await screen.waitFor(naming(person), POP_MS);
        expect(popUp.urgency).toBe('CRITICAL');
      }
    }

    const marked = await barPanel.call('markRead', { ids: [String(first.body.id)] });
    expect(marked.body.ok).toBe(true);

    // The unread one repeats everywhere (so repeats do run on these desks), the read one nowhere.
    const isRepeat = (person: FakeCustomer) => (n: DunstNotification) =>
      n.summary.startsWith('Lembrete:') && naming(person)(n);
    // The CLI has no way to shorten the repeat interval (the service's repeatMinuteMs is a test seam): a real minute.
    const repeatWait = 60_000 + POP_MS;
    await Promise.all([hubScreen, barScreen, doorScreen].map((screen) => screen.waitFor(isRepeat(unread), repeatWait)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const screen of [hubScreen, barScreen, doorScreen]) {
      expect(screen.notifications.filter(isRepeat(read))).toEqual([]);
    }
    // The bar's feed shows it read (the mark is the hub's), the other still unread.
    const feed = await barPanel.call('listFeed', { search: 'Fanout Urgente' });
    const rows = (feed.body.result as { items: Array<{ customerName: string | null; read: boolean }> }).items;
    expect(rows.map((row) => [row.customerName, row.read]).sort()).toEqual([
      [read.name, true],
      [unread.name, false],
    ]);
  }, 120_000);

  describe('what a desk receives is checked first', () => {
    let hubNats: NatsConnection | undefined;
    let deskNats: NatsConnection | undefined;
    afterAll(async () => {
      await hubNats?.close();
      await deskNats?.close();
    });

    it('drops a forged or malformed pointer (published with the hub’s own key): no pop-up, the desk keeps working, bad_pointer in its log', async () => {
      const subjects = subjectsOf(hub.code.account);
      hubNats = await connectToHubNats(hub, { hubSeed: true });
      const js = jetstream(hubNats);
      // Each points at a real event the satellites never got (Gabi's, from before they joined): a desk that took
      // any of them would ask the hub for it and pop Gabi up.
      const pointer = {
        v: 1,
        hub: hub.code.hub,
        id: beforeId,
        type: 'cliente-frequente-chegou',
        category: 'arrival',
        priority: 'high',
        establishmentId: 'botecodowifire',
        createdAt: Date.now(),
        customerKey: null,
      };
      const forged = [
        'not json {',
        JSON.stringify([pointer]),
        // A name smuggled into a pointer: the wire carries pointers only.
        JSON.stringify({ ...pointer, name: 'Fulano Forjado' }),
        JSON.stringify({ ...pointer, priority: 'panic' }),
        JSON.stringify({ ...pointer, v: 2 }),
        // Another hub's pointer on this hub's subject.
        JSON.stringify({ ...pointer, hub: 'ffffffffffffffff' }),
        JSON.stringify({ ...pointer, establishmentId: 'x'.repeat(5000) }),
      ];
      for (const [i, body] of forged.entries()) {
        await js.publish(subjects.event(hub.code.hub, null), body, { msgID: `forged-${i}` });
      }
      // A real event after them: once it pops up on a satellite, the forged ones (earlier in the stream) were read.
      const fabio = customer(121, 'Fabio Fanout Depois');
      expect((await postTo(hub.webhookUrl, buildPayload('cliente-frequente-chegou', fabio))).status).toBe(200);

      for (const [desk, screen] of [
        [bar, barScreen],
        [door, doorScreen],
      ] as const) {
        await screen.waitFor(naming(fabio), POP_MS);
        expect(desk.proc.child.exitCode).toBeNull();
        expect(screen.notifications.filter(naming(before))).toEqual([]);
        // One log line each, by code, never by content.
        const dropped = logLinesWithCode(desk.dataDir, 'bad_pointer');
        expect(dropped).toHaveLength(forged.length);
        expect(JSON.stringify(dropped)).not.toMatch(/Fulano|Gabi/);
      }
    }, 60_000);

    it('refuses a satellite’s own key when it publishes on the event or erasure subjects (Permissions Violation)', async () => {
      const subjects = subjectsOf(hub.code.account);
      hubNats ??= await connectToHubNats(hub, { hubSeed: true });
      const jsm = await jetstreamManager(hubNats);
      const stored = async (): Promise<number[]> => [
        (await jsm.streams.info(subjects.eventStream)).state.messages,
        (await jsm.streams.info(subjects.erasureStream)).state.messages,
      ];
      const counts = await stored();

      deskNats = await connectToHubNats(hub, { deskDir: bar.dataDir });
      const errors: string[] = [];
      void (async () => {
        for await (const status of deskNats!.status()) if (status.type === 'error') errors.push(status.error.message);
      })();
      const pointer = { v: 1, hub: hub.code.hub, id: '999998', type: 'cliente-chegou' };
      deskNats.publish(subjects.event(hub.code.hub, null), JSON.stringify(pointer));
      deskNats.publish(subjects.erasure(hub.code.hub), JSON.stringify({ v: 1, hub: hub.code.hub }));
      await deskNats.flush();

      const refused = await eventually(() => (errors.length >= 2 ? errors : undefined), 'both publishes refused');
      expect(refused.join('\n')).toMatch(
        new RegExp(
          `Permissions Violation for Publish to "?${subjects.event(hub.code.hub, null).replace(/\./g, '\\.')}`,
        ),
      );
      expect(refused.join('\n')).toMatch(/Permissions Violation for Publish to "?wifire-desk\.erase\./);
      // Nothing reached the streams.
      expect(await stored()).toEqual(counts);
    }, 30_000);
  });
});
