// LGPD across desks, with real processes and a real nats-server: a customer erased while a satellite is off never
// shows on it when it comes back, and no file of either desk, nor the broker's store, keeps her name, e-mail, phone
// or WiFire id. The broker only ever held a keyed digest of her id: the scans look for that too, to prove they read
// where the pointers are.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectsOf } from '../../main/core/fanout/subjects.js';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import {
  deskEnv,
  outboxRows,
  startHub,
  startSatellite,
  stopDesksAndScreens,
  wireKeyOf,
  type Desk,
  type Hub,
} from '../support/fanout-desks.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';
import { openPanel } from '../support/panel-client.js';
import { findBytes, postTo } from '../support/temp-service.js';

const POP_MS = 15_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Values no other file of a run would hold by chance (a short numeric id would match random bytes). */
const xenia: FakeCustomer = {
  ...fakeCustomer(7),
  id: '7730419265',
  name: 'Xênia Apagada Quintanilha',
  email: 'xenia.quintanilha.lgpd@exemplo.com.br',
  phone: '11 9 7731 4420',
};
const yuri: FakeCustomer = { ...fakeCustomer(8), id: '7730419266', name: 'Yuri Fica Albuquerque' };
/** What the promise names: her name (whole and its rarest part), e-mail, phone and WiFire id. */
const HERS = [xenia.name, 'Quintanilha', xenia.email, xenia.phone, xenia.id];

describe('an erasure while a satellite is off', () => {
  let screen: NotificationSession;
  let hub: Hub;
  let satellite: Desk;

  beforeAll(async () => {
    screen = await startNotificationSession();
    hub = await startHub();
    satellite = await startSatellite(hub.joinCode, { env: deskEnv(screen) });
  }, 60_000);

  afterAll(async () => {
    // Nothing these desks started outlives them: not a satellite, not the hub, not its nats-server.
    expect(await stopDesksAndScreens([screen])).toEqual([]);
  }, 60_000);

  it('never shows her on the satellite when it returns, and leaves none of her on either desk or in the broker', async () => {
    const jetstreamDir = path.join(hub.dataDir, 'fanout', 'nats', 'jetstream');
    // She visits while every desk is on: the satellite shows her, as any customer.
    expect((await postTo(hub.webhookUrl, buildPayload('cliente-avaliou-positivamente', xenia))).status).toBe(200);
    await screen.waitFor((n) => n.body.includes(xenia.name), POP_MS);
    await eventually(() => (outboxRows(hub.dataDir) === 0 ? true : undefined), 'her pointer published');

    // The scans can find her: the hub's database holds her name; the broker's store holds her pointer's digest
    // (its subject), and nothing more of her.
    const key = wireKeyOf(hub.dataDir, xenia.id);
    expect(Object.values(findBytes(hub.dataDir, [xenia.name])).flat()).toContain(xenia.name);
    expect(Object.keys(findBytes(jetstreamDir, [key]))).not.toEqual([]);
    expect(findBytes(jetstreamDir, HERS)).toEqual({});

    // The satellite goes off hard; she comes back to the place, then asks WiFire to delete her account.
    await satellite.kill9();
    const from = screen.notifications.length;
    expect((await postTo(hub.webhookUrl, buildPayload('cliente-fez-checkin', xenia))).status).toBe(200);
    expect((await postTo(hub.webhookUrl, buildPayload('cliente-avaliou-positivamente', yuri))).status).toBe(200);
    expect((await postTo(hub.webhookUrl, buildPayload('cliente-removeu-conta', xenia))).status).toBe(200);

    // At once, racing the hub's publishing of the erasure: whichever comes first, she must not show.
    satellite = await startSatellite(hub.joinCode, { dataDir: satellite.dataDir, env: deskEnv(screen) });
    // What it missed meanwhile (Yuri) pops up: the satellite did catch up, and she was not part of it.
    await screen.waitFor((n) => n.body.includes(yuri.name), POP_MS);
    await eventually(() => (outboxRows(hub.dataDir) === 0 ? true : undefined), 'the erasure published');
    await sleep(2_000);
    const since = screen.notifications.slice(from);
    expect(since.filter((n) => `${n.summary} ${n.body}`.includes('Xênia'))).toEqual([]);

    // Its panel knows nothing of her; Yuri is still there.
    const panel = await openPanel(satellite.panelUrl);
    const feed = await panel.call('listFeed', { limit: 500 });
    const items = (feed.body.result as { items: Array<{ customerId: string | null; customerName: string | null }> })
      .items;
    expect(items.filter((item) => item.customerId === xenia.id || item.customerName === xenia.name)).toEqual([]);
    expect(items.filter((item) => item.customerName === yuri.name)).toHaveLength(1);
    expect((await panel.call('getCustomer', { customerId: xenia.id })).body).toEqual({ ok: true, result: null });

    // No file of either desk holds her (the hub's folder holds the broker's store too).
    expect(findBytes(hub.dataDir, HERS)).toEqual({});
    expect(findBytes(satellite.dataDir, HERS)).toEqual({});
    expect(findBytes(jetstreamDir, HERS)).toEqual({});
    // Her pointers are gone from the broker's store, both of them: only the tombstone every desk acts on keeps the
    // digest (for as long as the erasure stream keeps tombstones).
    const subjects = subjectsOf(hub.code.account);
    const digestIn = Object.keys(findBytes(jetstreamDir, [key]));
    expect(digestIn.filter((file) => !file.includes(`/${subjects.erasureStream}/`))).toEqual([]);
    // The others are intact.
    expect(Object.keys(findBytes(hub.dataDir, [yuri.name])).length).toBeGreaterThan(0);
  }, 90_000);
});
