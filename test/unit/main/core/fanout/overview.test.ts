// A chain's overview reads several places as one store: its feed newest first across places, each page once,
// every event under an id of this desk's own (the hubs' ids overlap), customers told apart by their place, and
// every write (read marks) sent to the place its id belongs to.
import { describe, expect, it } from 'vitest';
import { Bus, type BusEvents } from '../../../../../main/core/bus.js';
import {
  createOverviewStore,
  OverviewRuntime,
  OverviewSpace,
  withPlace,
} from '../../../../../main/core/fanout/overview.js';
import type { SatelliteRuntime, SatelliteState } from '../../../../../main/core/fanout/satellite-runtime.js';
import type { Logger } from '../../../../../main/core/logger.js';
import type { RemoteStore } from '../../../../../main/core/fanout/remote-store.js';
import type { StoredEvent } from '../../../../../main/core/store/event-store.js';
import type { FeedRow } from '../../../../../main/core/store/feed-queries.js';

function event(id: number, receivedAt: number, customerId: string | null, place: string): StoredEvent {
  return {
    id: String(id),
    type: 'cliente-frequente-chegou',
    customerId,
    establishmentId: place,
    establishmentName: `Loja ${place}`,
    message: null,
    data: null,
    createdAt: receivedAt,
    receivedAt,
    readAt: null,
  };
}

/** A place's store as the hub answers it: its rows newest first (by its own id), pages before an id. */
function place(name: string, rows: StoredEvent[]) {
  const calls: { markRead: string[][]; markReadUpTo: number[] } = { markRead: [], markReadUpTo: [] };
  const sorted = [...rows].sort((a, b) => Number(b.id) - Number(a.id));
  const store = {
    unread: rows.length,
    feedPage: async (_filter: unknown, _zone: string, limit: number, beforeId?: number) => {
      const older = sorted.filter((row) => beforeId === undefined || Number(row.id) < beforeId);
      return {
        rows: older
          .slice(0, limit)
          .map((row): FeedRow => ({ event: row, customerName: `Cliente ${row.customerId}`, hasPhoto: false })),
        total: rows.length,
        more: older.length > limit,
      };
    },
    getCustomer: async (id: string) => ({ id, name: `${name} ${id}` }),
    markRead: async (ids: string[]) => {
      calls.markRead.push(ids);
      return 0;
    },
    markReadUpTo: async (upTo: number) => {
      calls.markReadUpTo.push(upTo);
      return 0;
    },
    unreadCount: async () => rows.length,
    establishments: async () => [{ id: name, name: `Loja ${name}` }],
    close: async () => undefined,
  };
  return { store: store as unknown as RemoteStore, calls };
}

describe('an overview of several places', () => {
  // Both places count their events from 1: ids 1–4 exist at both.
  const centro = place('centro', [
    event(1, 1_000, '77', 'centro'),
    event(2, 3_000, '78', 'centro'),
    event(3, 5_000, '77', 'centro'),
    event(4, 7_000, null, 'centro'),
  ]);
  const praia = place('praia', [
    event(1, 2_000, '77', 'praia'),
    event(2, 4_000, '90', 'praia'),
    event(3, 6_000, '91', 'praia'),
  ]);

  it('merges the places’ feeds newest first, each event once across pages, each under an id of its own', async () => {
    const space = new OverviewSpace();
    const store = createOverviewStore([centro.store, praia.store], space);

    const seen: Array<{ id: string; at: number; where: string }> = [];
    let beforeId: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await store.feedPage({}, 'America/Sao_Paulo', 3, beforeId);
      expect(page.total).toBe(7);
      seen.push(
        ...page.rows.map((row) => ({ id: row.event.id, at: row.event.receivedAt, where: row.event.establishmentId })),
      );
      if (!page.more) break;
      beforeId = Number(page.rows[page.rows.length - 1]!.event.id);
    }

    expect(seen.map((row) => row.at)).toEqual([7_000, 6_000, 5_000, 4_000, 3_000, 2_000, 1_000]);
    expect(new Set(seen.map((row) => row.id)).size).toBe(7);
    expect(seen.map((row) => row.where)).toEqual(['centro', 'praia', 'centro', 'praia', 'centro', 'praia', 'centro']);
    // The same hub id at two places is two events here, each back to its own place.
    const centroOne = seen.find((row) => row.at === 1_000)!.id;
    const praiaOne = seen.find((row) => row.at === 2_000)!.id;
    expect(centroOne).not.toBe(praiaOne);
    expect(space.ids.placed(centroOne)).toEqual({ place: 0, id: '1' });
    expect(space.ids.placed(praiaOne)).toEqual({ place: 1, id: '1' });
  });

  it('tells the same WiFire customer at two places apart, and asks each place for its own card', async () => {
    const space = new OverviewSpace();
    const store = createOverviewStore([centro.store, praia.store], space);

    const page = await store.feedPage({}, 'America/Sao_Paulo', 10);
    const customers = page.rows.map((row) => row.event.customerId);

    expect(customers).toEqual([null, '1-91', '0-77', '1-90', '0-78', '1-77', '0-77']);
    expect(await store.getCustomer('1-77')).toMatchObject({ id: '1-77', name: 'praia 77' });
    expect(await store.getCustomer('0-77')).toMatchObject({ id: '0-77', name: 'centro 77' });
    expect(await store.getCustomer('77')).toBeNull();
  });

  it('sends each read mark to the place its event belongs to, and "all read" up to each place’s newest seen', async () => {
    const space = new OverviewSpace();
    const store = createOverviewStore([centro.store, praia.store], space);
    const page = await store.feedPage({}, 'America/Sao_Paulo', 10);
    const idAt = (at: number): string => page.rows.find((row) => row.event.receivedAt === at)!.event.id;

    await store.markRead([idAt(6_000), idAt(5_000), idAt(1_000)], 9_000);
    await store.markReadUpTo(Number(page.rows[0]!.event.id), 9_000);

    expect(centro.calls.markRead).toEqual([['3', '1']]);
    expect(praia.calls.markRead).toEqual([['3']]);
    expect(centro.calls.markReadUpTo).toEqual([4]);
    expect(praia.calls.markReadUpTo).toEqual([3]);
    expect(store.unread).toBe(7);
  });

  it('hears each place’s link in its own ids: new events, erasures, and read marks of that place only', () => {
    const space = new OverviewSpace();
    const target = new Bus();
    const heard: Array<[keyof BusEvents, unknown]> = [];
    for (const channel of ['event-stored', 'customer-purged', 'events-read'] as const)
      target.on(channel, (payload) => heard.push([channel, payload]));
    const [centroBus, praiaBus] = [space.busFor(0, target), space.busFor(1, target)];

    centroBus.emit('event-stored', { event: event(5, 8_000, '77', 'centro'), customer: null });
    praiaBus.emit('event-stored', { event: event(5, 8_100, '77', 'praia'), customer: null, missed: true });
    praiaBus.emit('event-stored', { event: event(6, 8_200, '92', 'praia'), customer: null });
    // Praia read everything up to its 5: praia's 5 only, not centro's.
    praiaBus.emit('events-read', { upToId: '5', remote: true });
    centroBus.emit('customer-purged', { customerId: '77', erasure: { erasedAt: 9_000, eventsRemoved: 1 } });

    const stored = heard
      .filter(([channel]) => channel === 'event-stored')
      .map(([, payload]) => payload as BusEvents['event-stored']);
    expect(stored.map(({ event: one }) => [one.id, one.customerId, one.establishmentId])).toEqual([
      ['1', '0-77', 'centro'],
      ['2', '1-77', 'praia'],
      ['3', '1-92', 'praia'],
    ]);
    expect(stored[1]!.missed).toBe(true);
    expect(heard.filter(([channel]) => channel === 'events-read').map(([, payload]) => payload)).toEqual([
      { ids: ['2'], remote: true },
    ]);
    expect(heard.filter(([channel]) => channel === 'customer-purged').map(([, payload]) => payload)).toEqual([
      { customerId: '0-77', erasure: { erasedAt: 9_000, eventsRemoved: 1 } },
    ]);
  });
});

describe('an overview’s pop-up', () => {
  it('names the place, unless its words already do', () => {
    expect(withPlace('Ana chegou. Hora de cumprimentar!', 'Bar do Centro')).toBe(
      'Ana chegou. Hora de cumprimentar! — Bar do Centro',
    );
    expect(withPlace('Ana deu nota 3 para Bar do Centro.', 'Bar do Centro')).toBe('Ana deu nota 3 para Bar do Centro.');
    expect(withPlace('Ana chegou.', null)).toBe('Ana chegou.');
  });
});

describe('an overview’s link', () => {
  /** A place's link as the overview sees it: its state, changed by the test. */
  function fakePlace(deskId = 'aabbccdd00112233') {
    const listeners = new Set<(state: SatelliteState) => void>();
    let state: SatelliteState = { phase: 'connecting', reason: null };
    const place = {
      store: {} as RemoteStore,
      deskId,
      get state() {
        return state;
      },
      onChange: (listener: (next: SatelliteState) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      start: () => undefined,
      close: async () => undefined,
    };
    const set = (next: SatelliteState): void => {
      state = next;
      for (const listener of listeners) listener(next);
    };
    return { place: place as unknown as SatelliteRuntime, set };
  }
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

  it('is connected when every place is, says the first lost place’s reason, and counts the places linked', () => {
    const places = [fakePlace(), fakePlace(), fakePlace()];
    const overview = new OverviewRuntime(
      places.map(({ place }) => place),
      log,
    );
    const heard: Array<{ phase: string; linked: number }> = [];
    overview.onChange((state) => heard.push({ phase: state.phase, linked: overview.linked.connected }));

    places[0]!.set({ phase: 'connected', reason: null });
    places[1]!.set({ phase: 'connected', reason: null });
    places[2]!.set({ phase: 'connected', reason: null });
    places[1]!.set({ phase: 'disconnected', reason: 'unreachable' });
    places[1]!.set({ phase: 'connected', reason: null });

    expect(heard).toEqual([
      { phase: 'connecting', linked: 1 },
      { phase: 'connecting', linked: 2 },
      { phase: 'connected', linked: 3 },
      { phase: 'disconnected', linked: 2 },
      { phase: 'connected', linked: 3 },
    ]);
    expect(overview.state).toEqual({ phase: 'connected', reason: null });
    expect(overview.linked).toEqual({ connected: 3, total: 3 });
    places[2]!.set({ phase: 'disconnected', reason: 'refused' });
    expect(overview.state).toEqual({ phase: 'disconnected', reason: 'refused' });
  });

  it('takes from 2 to 50 places', () => {
    expect(() => new OverviewRuntime([fakePlace().place], log)).toThrow();
    expect(
      () =>
        new OverviewRuntime(
          Array.from({ length: 51 }, () => fakePlace().place),
          log,
        ),
    ).toThrow();
  });
});
