// Nothing the hub answered 200 for is lost or shown twice on a satellite when a part dies with kill -9: the
// satellite itself, the hub's nats-server, the hub. Real processes, a real nats-server, the satellite on its own
// Xvfb + D-Bus + dunst. One hub and one satellite serve the file, killed and started again case by case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer, type WifirePayload } from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import {
  deskEnv,
  killNine,
  natsServerPid,
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
import { openPanel, type EventStream, type PanelSession } from '../support/panel-client.js';
import { postTo } from '../support/temp-service.js';

/** A rating: it pops up (normal priority), is never stale, and its summaries count it as "N avaliações". */
const TYPE = 'cliente-avaliou-positivamente';
/** The satellite's own burst window, at its minimum, so a burst summary comes out soon after the last event. */
const SATELLITE_CONFIG = { burst: { limit: 3, windowSeconds: 3 } };
/** Delivery after a restart waits for backoffs (nats-server 1 s, reconnects, the desk's retries): generous. */
const DELIVERY_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` ratings by customers numbered from `first`, each its own person. */
function ratings(first: number, count: number): WifirePayload[] {
  return Array.from({ length: count }, (_, i) => buildPayload(TYPE, fakeCustomer(first + i)));
}

/**
 * How many events a stretch of pop-ups stands for: a rating shown alone is one; a summary ("3 avaliações",
 * "Enquanto este balcão esteve desligado: 200 avaliações") is as many as it counts.
 */
function eventsShown(popUps: readonly DunstNotification[]): number {
  let total = 0;
  for (const popUp of popUps) {
    if (popUp.summary === 'Avaliação positiva') total += 1;
    else {
      const counted = /(\d+) avaliaç(?:ão|ões)/.exec(popUp.summary);
      if (!counted) throw new Error(`an unexpected pop-up: ${popUp.summary} — ${popUp.body}`);
      total += Number(counted[1]);
    }
  }
  return total;
}

/** Posts every payload, `concurrency` at a time; the ids the hub answered 200 for, and the other answers. */
async function postAll(
  url: string,
  payloads: readonly WifirePayload[],
  options: { concurrency?: number; everyMs?: number; onPosted?: (posted: number) => void } = {},
): Promise<{ ids: string[]; refused: number[] }> {
  const ids: string[] = [];
  const refused: number[] = [];
  let next = 0;
  let posted = 0;
  const worker = async (): Promise<void> => {
    while (next < payloads.length) {
      const payload = payloads[next++]!;
      const started = Date.now();
      const answer = await postTo(url, payload);
      if (answer.status === 200 && typeof answer.body.id === 'string') ids.push(answer.body.id);
      else refused.push(answer.status);
      options.onPosted?.(++posted);
      if (options.everyMs) await sleep(Math.max(0, options.everyMs - (Date.now() - started)));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return { ids, refused };
}

describe('fan-out through kill -9 (satellite, nats-server, hub)', () => {
  let screen: NotificationSession;
  let hub: Hub;
  let satellite: Desk;

  /** The satellite as its staff restart it: same data folder, same join code, same screen. */
  const restartSatellite = async (): Promise<Desk> =>
    (satellite = await startSatellite(hub.joinCode, {
      dataDir: satellite.dataDir,
      env: deskEnv(screen),
      connected: false,
    }));

  /** The satellite's panel, open, as a person keeps it on screen: every event it receives is a pushed row. */
  const openRows = async (): Promise<{ panel: PanelSession; rows: EventStream }> => {
    const panel = await openPanel(satellite.panelUrl);
    return { panel, rows: await panel.stream() };
  };
  const rowIds = (rows: EventStream): string[] =>
    rows.events.filter((pushed) => pushed.event === 'eventAdded').map((pushed) => (pushed.data as { id: string }).id);

  /** Each id exactly once among the rows pushed, and no other: the rows a person saw appear, in any order. */
  const expectEachOnce = async (rows: EventStream, ids: readonly string[]): Promise<void> => {
    await eventually(
      () => (new Set(rowIds(rows)).size >= new Set(ids).size ? true : undefined),
      `all ${ids.length} events reached the satellite`,
      DELIVERY_MS,
    );
    await sleep(1_000); // a second copy, if one were coming, has had its chance
    expect(rowIds(rows).sort()).toEqual([...ids].sort());
  };

  /** What the pop-ups since `from` stand for reaches `total`, and stays there. */
  const expectPopUpsFor = async (from: number, total: number): Promise<DunstNotification[]> => {
    const since = (): DunstNotification[] => screen.notifications.slice(from);
    await eventually(
      () => (eventsShown(since()) >= total ? true : undefined),
      `pop-ups standing for ${total} events`,
      DELIVERY_MS,
    );
    // A burst summary still open would come within its window: wait it out, then count again.
    await sleep(SATELLITE_CONFIG.burst.windowSeconds * 1000 + 500);
    expect(eventsShown(since())).toBe(total);
    return since();
  };

  beforeAll(async () => {
    screen = await startNotificationSession();
    hub = await startHub();
    satellite = await startSatellite(hub.joinCode, { env: deskEnv(screen), config: SATELLITE_CONFIG });
  }, 60_000);

  afterAll(async () => {
    // Nothing these desks started outlives them: not a satellite, not the hub, not its nats-server.
    expect(await stopDesksAndScreens([screen])).toEqual([]);
  }, 60_000);

  it('a satellite killed with -9 gets the 200 events it missed once each, as one catch-up pop-up', async () => {
    await satellite.kill9();
    const { ids, refused } = await postAll(hub.webhookUrl, ratings(1000, 200), { concurrency: 8 });
    expect(refused).toEqual([]);
    expect(ids).toHaveLength(200);
    const from = screen.notifications.length;

    await restartSatellite();
    await satellite.waitForOutput(/^Hub: connected$/m);

    // One pop-up says what happened while it was away, counting each missed event once: 200, not 0, not 201.
    const catchUp = await screen.waitFor(
      (n) => n.summary.startsWith('Enquanto este balcão esteve desligado'),
      DELIVERY_MS,
    );
    expect(catchUp.summary).toBe('Enquanto este balcão esteve desligado: 200 avaliações');
    await sleep(2_000);
    expect(screen.notifications.slice(from)).toEqual([catchUp]);
    // Its feed (the hub's, asked over NATS) lists each of them once.
    const panel = await openPanel(satellite.panelUrl);
    const feed = await panel.call('listFeed', { types: [TYPE], limit: 500 });
    const listed = (feed.body.result as { items: Array<{ id: string }> }).items.map((item) => item.id);
    expect(listed.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(new Set(listed).size).toBe(listed.length);
  }, 90_000);

  it('kill -9 of the hub’s nats-server under 200 events a second loses none of what the hub answered 200', async () => {
    const { rows } = await openRows();
    const from = screen.notifications.length;
    const before = natsServerPid(hub.dataDir)!;
    const printedFrom = satellite.output().length;
    let killed: Promise<void> | null = null;

    const { ids, refused } = await postAll(hub.webhookUrl, ratings(2000, 200), {
      concurrency: 4,
      // About 200 a second: four senders, one event each every 20 ms.
      everyMs: 20,
      onPosted: (posted) => {
        if (posted === 50) killed = killNine(before);
      },
    });
    await killed;

    // The webhook does not depend on the broker: every event was answered 200 (stored, in the outbox).
    expect(refused).toEqual([]);
    expect(ids).toHaveLength(200);
    // The engine started a new nats-server; the satellite said it lost the hub and found it again.
    await eventually(() => ((natsServerPid(hub.dataDir) ?? before) !== before ? true : undefined), 'a new nats-server');
    await satellite.waitForOutput(/^Hub: disconnected — .+$/m, { from: printedFrom, timeoutMs: DELIVERY_MS });
    await satellite.waitForOutput(/^Hub: connected$/m, { from: printedFrom, timeoutMs: DELIVERY_MS });
    await expectEachOnce(rows, ids);
    await expectPopUpsFor(from, 200);
    rows.close();
  }, 120_000);

  it('kill -9 of the hub mid-publish: on restart its outbox publishes the rest, each event once', async () => {
    const { rows } = await openRows();
    const from = screen.notifications.length;
    const broker = natsServerPid(hub.dataDir)!;

    // The hub publishes as fast as it stores, so "right after the answers" alone often finds nothing left to
    // publish. The broker freezes a third of the way through (SIGSTOP), so the hub dies with a publish in flight
    // and rows in its outbox whatever the timing; what reached the broker's socket before is stored once it thaws.
    const { ids, refused } = await postAll(hub.webhookUrl, ratings(3000, 300), {
      concurrency: 16,
      onPosted: (posted) => {
        if (posted === 100) process.kill(broker, 'SIGSTOP');
      },
    });
    await hub.kill9();
    expect(refused).toEqual([]);
    expect(ids).toHaveLength(300);
    const waiting = outboxRows(hub.dataDir);
    expect(waiting).toBeGreaterThan(0);
    process.kill(broker, 'SIGCONT');

    // Started again by its owner: the leftover nats-server is stopped, a new one reads the same store.
    hub = await startHub({ dataDir: hub.dataDir, natsPort: hub.natsPort });
    await eventually(() => (outboxRows(hub.dataDir) === 0 ? true : undefined), 'the outbox drained', DELIVERY_MS);
    await expectEachOnce(rows, ids);
    await expectPopUpsFor(from, 300);
    rows.close();
  }, 120_000);
});
