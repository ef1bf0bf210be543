// The hub's outbox, through the store's real worker: a pointer per stored event in the same transaction, nothing
// about the person in it, tombstones that replace an erased customer's unsent pointers, and nothing on a desk
// that is not a hub.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedInsight } from '../../../../../main/core/intake/normalize.js';
import { eventPointerSchema, tombstoneSchema } from '../../../../../main/core/fanout/messages.js';
import { DEDUPE_WINDOW_MS } from '../../../../../main/core/store/event-store.js';
import { openStore, type Store } from '../../../../../main/core/store/store-client.js';
import { insightOf } from '../../../../support/insights.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(fanout: boolean, file?: string): Promise<{ store: Store; file: string }> {
  let target = file;
  if (!target) {
    const dir = makeTempDir();
    dirs.push(dir);
    target = path.join(dir, 'wifire-desk.db');
  }
  const store = await openStore({ file: target, fanout });
  stores.push(store);
  return { store, file: target };
}

const insight = (n: number, type?: string): NormalizedInsight => insightOf(n, { type, keepCpfRg: true });

const since = (): number => Date.now() - DEDUPE_WINDOW_MS;
const HUB = '0123456789abcdef';

/** Everything the person is, as text: none of it may be in a pointer. */
function personal(event: NormalizedInsight): string[] {
  const c = event.customer;
  return [c.id, c.name, c.email, c.phone, c.cpf, c.rg, c.photoUrl, event.message].filter(
    (value): value is string => typeof value === 'string' && value.length > 3,
  );
}

describe('the fan-out outbox', () => {
  it('holds one pointer per stored event, with the catalog facts and a keyed digest, and nothing personal', async () => {
    const { store } = await open(true);
    const ana = insight(1, 'cliente-aniversariante-chegou');
    const bia = insight(2, 'cliente-avaliou-negativamente');
    const first = await store.insertInsight(ana, { dedupeSince: since() });
    await store.insertInsight(bia, { dedupeSince: since() });
    // A repeat is not a second pointer.
    expect(await store.insertInsight(ana, { dedupeSince: since() })).toMatchObject({ status: 'duplicate' });

    const rows = await store.outboxPending(10);
    expect(rows.map((row) => row.kind)).toEqual(['event', 'event']);
    const pointers = rows.map((row) => eventPointerSchema.parse({ v: 1, hub: HUB, ...JSON.parse(row.body) }));
    expect(pointers[0]).toMatchObject({
      id: first.status === 'stored' ? first.event.id : 'x',
      type: 'cliente-aniversariante-chegou',
      category: 'arrival',
      establishmentId: ana.establishment.id,
      createdAt: ana.createdAt,
    });
    expect(pointers[1]).toMatchObject({ type: 'cliente-avaliou-negativamente', category: 'rating' });
    expect(pointers[0]!.customerKey).toMatch(/^[0-9a-f]{32}$/);
    expect(pointers[0]!.customerKey).toBe(rows[0]!.customerKey);
    expect(pointers[0]!.customerKey).not.toBe(pointers[1]!.customerKey);
    expect(await store.fanoutKey(ana.customer.id)).toBe(pointers[0]!.customerKey);
    for (const row of rows) {
      for (const value of [...personal(ana), ...personal(bia)]) expect(row.body).not.toContain(value);
    }
  });

  it('keeps its rows across a restart until they are marked done', async () => {
    const { store, file } = await open(true);
    await store.insertInsight(insight(1), { dedupeSince: since() });
    await store.insertInsight(insight(2), { dedupeSince: since() });
    await store.close();
    stores.splice(0);

    const again = (await open(true, file)).store;
    const rows = await again.outboxPending(10);
    expect(rows).toHaveLength(2);
    await again.outboxDone([rows[0]!.seq]);
    expect((await again.outboxPending(10)).map((row) => row.seq)).toEqual([rows[1]!.seq]);
  });

  it('replaces an erased customer’s unsent pointers with one tombstone and leaves the others’', async () => {
    const { store } = await open(true);
    const ana = insight(1);
    const bia = insight(2);
    await store.insertInsight(ana, { dedupeSince: since() });
    await store.insertInsight(bia, { dedupeSince: since() });
    await store.insertInsight(insight(1, 'cliente-conectou'), { dedupeSince: since() });
    const anaKey = await store.fanoutKey(ana.customer.id);

    await store.eraseCustomer(ana.customer.id, Date.now(), Date.now());

    const rows = await store.outboxPending(10);
    expect(rows.map((row) => [row.kind, row.customerKey])).toEqual([
      ['event', await store.fanoutKey(bia.customer.id)],
      ['erasure', anaKey],
    ]);
    const tombstone = tombstoneSchema.parse({ v: 1, hub: HUB, ...JSON.parse(rows[1]!.body) });
    expect(tombstone.customerKey).toBe(anaKey);
    for (const value of personal(ana)) expect(rows[1]!.body).not.toContain(value);
  });

  it('writes nothing on a desk that is not a hub', async () => {
    const { store } = await open(false);
    const ana = insight(1);
    await store.insertInsight(ana, { dedupeSince: since() });
    await store.eraseCustomer(ana.customer.id, Date.now(), Date.now());
    expect(await store.outboxPending(10)).toEqual([]);
    expect(await store.fanoutKey(ana.customer.id)).toBeNull();
  });
});
