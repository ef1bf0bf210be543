// WiFire retries deliveries it has no answer for: none of them may bring an erased customer or an old contact back.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import type { BridgeEnvelope, DeliveryItem } from '../../../../../shared/bridge-contract.js';
import { startHeadless, stopHeadlessChildren } from '../../../../support/headless-process.js';
import { personalValues } from '../../../../support/personal-values.js';
import {
  findBytes,
  makeTempDir,
  postTo,
  startTempService,
  type TempService,
} from '../../../../support/temp-service.js';

const CONFIG = { intake: { ratePerSecond: 10_000, burst: 10_000 } };
const MINUTE = 60_000;

let running: TempService | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
  await stopHeadlessChildren();
});

async function start(dir?: string): Promise<TempService> {
  running = await startTempService({ config: CONFIG, ...(dir ? { dir } : {}) });
  return running;
}

const FIRST_NAMES = ['Abelarda', 'Belmira', 'Clodomira', 'Deoclécia', 'Eufrásia', 'Filomena', 'Genoveva', 'Idalina'];
const LAST_NAMES = ['Tancredina', 'Bocaiúva', 'Xavante', 'Zebedeu', 'Quitéria', 'Leocádia', 'Hermengarda', 'Jucélia'];

/** A customer whose values can only be theirs, with an id that is not a substring of anything else. */
function distinctive(n: number): FakeCustomer {
  return {
    ...fakeCustomer(n),
    id: `wf-${n}-8675309`,
    name: `${FIRST_NAMES[n % 8]!} ${LAST_NAMES[(n * 3) % 8]!}`,
    email: `eulalia.bocaiuva${n}@exemplo.com.br`,
    phone: `44 9 8123${String(n).padStart(4, '0')}`,
  };
}

const minutesAgo = (minutes: number): Date => new Date(Date.now() - minutes * MINUTE);

/** The delivery log, newest first, once `count` rows are written (they are written after the answer). */
async function deliveries(t: TempService, count: number): Promise<DeliveryItem[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const envelope = (await t.service.bridge.invoke('listDeliveries', { limit: 200 })) as BridgeEnvelope<{
      items: DeliveryItem[];
    }>;
    if (!envelope.ok) throw new Error(envelope.error.code);
    if (envelope.result.items.length >= count) return envelope.result.items;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} deliveries logged`);
}

function keptBodies(t: TempService): number {
  return t.db().prepare('SELECT count(*) FROM deliveries WHERE body IS NOT NULL').pluck().get() as number;
}

describe('a retry after cliente-removeu-conta', () => {
  it('answers 200 for the same arrival delivered again, and stores nothing of the erased customer', async () => {
    const t = await start();
    const ana = distinctive(1);
    const other = distinctive(2);
    const arrival = buildPayload('cliente-aniversariante-chegou', ana, { at: minutesAgo(3) });
    expect((await t.post(arrival)).status).toBe(200);
    expect((await t.post(buildPayload('cliente-chegou', other, { at: minutesAgo(3) }))).status).toBe(200);
    expect((await t.post(buildPayload('cliente-removeu-conta', ana))).status).toBe(200);
    await deliveries(t, 2); // the erasure took the arrival's own row
    const popUpsBefore = t.popUps.length;

    // WiFire had no answer for the first delivery (a timeout through the tunnel) and sends the same body again.
    const retry = await t.post(arrival);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ok: true, discarded: 'customer_erased' });
    const [logged] = await deliveries(t, 3);
    expect(logged).toMatchObject({ status: 200, type: 'cliente-aniversariante-chegou', eventId: null });
    expect(logged!.replayable).toBe(false);

    expect(await t.service.store.getCustomer(ana.id)).toBeNull();
    expect(await t.service.store.eventsOfCustomer(ana.id)).toEqual([]);
    expect(t.popUps.length).toBe(popUpsBefore);
    // Not the name, not the contact, not even WiFire's id in clear: only a keyed digest is remembered.
    expect(findBytes(t.dir, personalValues(ana))).toEqual({});
    // The other customer is untouched.
    expect(await t.service.store.eventsOfCustomer(other.id)).toHaveLength(1);
    expect((await t.service.store.getCustomer(other.id))?.name).toBe(other.name);
  });

  it('does not store any other delivery dated before the erasure, and stores a visit dated after it', async () => {
    const t = await start();
    const bia = distinctive(3);
    expect((await t.post(buildPayload('cliente-conectou', bia, { at: minutesAgo(10) }))).status).toBe(200);
    expect((await t.post(buildPayload('cliente-removeu-conta', bia))).status).toBe(200);

    // A late delivery of something that happened before the erasure, never delivered until now.
    const late = await t.post(buildPayload('cliente-avaliou-negativamente', bia, { at: minutesAgo(5) }));
    expect(late.body).toEqual({ ok: true, discarded: 'customer_erased' });
    expect(await t.service.store.getCustomer(bia.id)).toBeNull();
    expect(findBytes(t.dir, personalValues(bia))).toEqual({});

    // The customer signed up again and came back: a new visit, dated after the erasure.
    await new Promise((resolve) => setTimeout(resolve, 1100)); // created_at has whole seconds
    const back = await t.post(buildPayload('cliente-chegou', bia, { at: new Date() }));
    expect(back.body).toEqual({ ok: true, id: expect.any(String) });
    expect(await t.service.store.eventsOfCustomer(bia.id)).toHaveLength(1);
    expect(await t.service.store.getCustomer(bia.id)).toMatchObject({ name: bia.name, visitCount: 1 });
  });

  it('still refuses the retry after kill -9 and a restart, and the data folder stays clean', async () => {
    const dir = makeTempDir();
    const cara = distinctive(4);
    const arrival = buildPayload('cliente-frequente-chegou', cara, { at: minutesAgo(2) });
    const first = await startHeadless(dir);
    expect((await postTo(first.url, arrival)).status).toBe(200);
    expect((await postTo(first.url, buildPayload('cliente-removeu-conta', cara))).status).toBe(200);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(findBytes(dir, personalValues(cara))).toEqual({});

    const second = await startHeadless(dir);
    const retry = await postTo(second.url, arrival);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ok: true, discarded: 'customer_erased' });
    second.child.kill('SIGKILL');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(findBytes(dir, personalValues(cara))).toEqual({});

    // And it is the erasure that refuses it: a customer never erased is stored as usual on the same folder.
    running = await startTempService({ config: CONFIG, dir });
    const stored = await running.post(buildPayload('cliente-chegou', distinctive(5)));
    expect(stored.body).toEqual({ ok: true, id: expect.any(String) });
    expect(await running.service.store.getCustomer(cara.id)).toBeNull();
  });

  it('keeps a keyed digest, never the id or its plain hash, and forgets it after the dedupe window', async () => {
    const t = await start();
    const dani = distinctive(6);
    expect((await t.post(buildPayload('cliente-removeu-conta', dani))).status).toBe(200);
    const keys = t.db().prepare('SELECT customer_key FROM erased_customers').pluck().all() as Buffer[];
    expect(keys).toHaveLength(1);
    const plain = createHash('sha256').update(dani.id).digest();
    expect(plain.includes(keys[0]!)).toBe(false);
    expect(keys[0]!.equals(await t.service.store.customerKey(dani.id))).toBe(true);

    // A day later nothing of the erasure is kept but its count and time.
    await t.service.store.forgetMarksBefore(Date.now() + 1);
    expect(t.db().prepare('SELECT count(*) FROM erased_customers').pluck().get()).toBe(0);
    expect(await t.service.store.listErasures()).toEqual([{ erasedAt: expect.any(Number), eventsRemoved: 0 }]);
  });
});

describe('a retry after cliente-atualizou-conta', () => {
  it('answers a pre-update arrival delivered again as a duplicate and keeps no body of it', async () => {
    const t = await start();
    const eva = distinctive(7);
    const arrival = buildPayload('cliente-chegou', eva, { at: minutesAgo(4) });
    expect((await t.post(arrival)).status).toBe(200);
    const renamed = { ...eva, email: 'eva.nova@exemplo.com.br', phone: '41 9 5555 0007' };
    expect((await t.post(buildPayload('cliente-atualizou-conta', renamed))).status).toBe(200);
    await deliveries(t, 2);
    expect(keptBodies(t)).toBe(0); // the update dropped the body that held the old values

    const retry = await t.post(arrival);
    expect(retry.body).toEqual({ ok: true, duplicate: true });
    const [logged] = await deliveries(t, 3);
    expect(logged).toMatchObject({ duplicate: true, replayable: false });
    expect(keptBodies(t)).toBe(0);
    expect(findBytes(t.dir, [eva.email, eva.phone])).toEqual({});
    expect(await t.service.store.getCustomer(eva.id)).toMatchObject({ email: renamed.email, phone: renamed.phone });
  });

  it('stores a late event dated before the update with the current name, e-mail and phone, everywhere', async () => {
    const t = await start();
    const fabi = distinctive(8);
    // Dated now: older deliveries right after a start are gathered into one catch-up summary instead of popping up.
    const at = new Date();
    expect((await t.post(buildPayload('cliente-conectou', fabi, { at }))).status).toBe(200);
    const renamed = {
      ...fabi,
      name: 'Quirina Amaralina Fontoura',
      email: 'quirina@exemplo.com.br',
      phone: '11 9 4444 0008',
    };
    expect((await t.post(buildPayload('cliente-atualizou-conta', renamed))).status).toBe(200);
    const popUpsBefore = t.popUps.length;

    // Something that happened before the update, delivered only now, still carrying the old values.
    const late = buildPayload('cliente-aniversariante-chegou', fabi, { at });
    (late.activity as Record<string, unknown>).data_of_type = { note: `parabéns, ${fabi.name}` };
    const answer = await t.post(late);
    expect(answer.body).toEqual({ ok: true, id: expect.any(String) });

    expect(await t.service.store.getCustomer(fabi.id)).toMatchObject({
      name: renamed.name,
      email: renamed.email,
      phone: renamed.phone,
    });
    const [newest] = await t.service.store.eventsOfCustomer(fabi.id);
    expect(newest!.message).toBe('Quirina está fazendo ANIVERSÁRIO e acaba de CHEGAR.');
    expect(newest!.data).toEqual({ note: `parabéns, ${renamed.name}` });
    await t.service.notifier.idle();
    const shown = t.popUps.slice(popUpsBefore);
    expect(shown.length).toBeGreaterThan(0);
    expect(JSON.stringify(shown)).not.toContain(fabi.name.split(' ')[0]!);
    await deliveries(t, 3);
    expect(keptBodies(t)).toBe(0);
    expect(
      findBytes(
        t.dir,
        personalValues(fabi).filter((v) => v !== fabi.id && v !== fabi.birthday && v !== fabi.image),
      ),
    ).toEqual({});
  });

  it('takes a visit dated after the update as the customer now is', async () => {
    const t = await start();
    const gil = distinctive(9);
    expect((await t.post(buildPayload('cliente-conectou', gil, { at: minutesAgo(30) }))).status).toBe(200);
    expect(
      (await t.post(buildPayload('cliente-atualizou-conta', { ...gil, email: 'gil.a@exemplo.com.br' }))).status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // created_at has whole seconds
    const later = { ...gil, email: 'gil.b@exemplo.com.br' };
    expect((await t.post(buildPayload('cliente-chegou', later, { at: new Date() }))).status).toBe(200);
    expect((await t.service.store.getCustomer(gil.id))?.email).toBe('gil.b@exemplo.com.br');
    await deliveries(t, 3);
    expect(keptBodies(t)).toBeGreaterThan(0); // a current delivery is kept for Reenviar as before
  });

  it('does not let a retry of an older update undo a newer one', async () => {
    const t = await start();
    const hugo = distinctive(10);
    expect((await t.post(buildPayload('cliente-chegou', hugo, { at: minutesAgo(30) }))).status).toBe(200);
    const first = buildPayload('cliente-atualizou-conta', { ...hugo, email: 'hugo.primeiro@exemplo.com.br' });
    const second = buildPayload('cliente-atualizou-conta', { ...hugo, email: 'hugo.segundo@exemplo.com.br' });
    expect((await t.post(first)).status).toBe(200);
    expect((await t.post(second)).status).toBe(200);
    expect((await t.post(first)).status).toBe(200); // WiFire's late retry of the first
    expect((await t.service.store.getCustomer(hugo.id))?.email).toBe('hugo.segundo@exemplo.com.br');
    expect(findBytes(t.dir, ['hugo.primeiro@exemplo.com.br', hugo.email])).toEqual({});
  });
});
