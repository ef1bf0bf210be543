// On a real notification server (Xvfb, D-Bus, dunst), watched on the bus: an erased customer's pop-ups leave the
// screen (a summary naming her too) while others stay; an urgent repeat replaces its pop-up instead of piling up;
// a pop-up dismissed by hand counts as seen and stops repeating.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../main/headless/simulator/payloads.js';
import {
  createFreedesktopNotifier,
  type FreedesktopNotifier,
} from '../../main/headless/freedesktop-notifier-backend.js';
import { startTempService, TEST_TOKEN, type TempService } from '../support/temp-service.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';
import { dunstctl, watchNotificationBus, type BusWatch, type NotifyCall } from '../support/notification-bus.js';

/** A minute of the repeat interval lasts this long here. */
const MINUTE_MS = 500;

describe('pop-ups that leave the screen, on a real notification server', () => {
  let session: NotificationSession;
  let bus: BusWatch;
  let backend: FreedesktopNotifier;
  let app: TempService;

  beforeAll(async () => {
    session = await startNotificationSession();
    bus = await watchNotificationBus(session.env);
    backend = createFreedesktopNotifier({ busAddress: session.env.DBUS_SESSION_BUS_ADDRESS });
    app = await startTempService({
      backend,
      repeatMinuteMs: MINUTE_MS,
      env: { WIFIRE_DESK_TOKEN: TEST_TOKEN },
      config: { urgentRepeat: { intervalMinutes: 1, maxRepeats: 20 }, burst: { limit: 1, windowSeconds: 3 } },
    });
  });

  afterAll(async () => {
    await app?.close();
    backend?.close();
    await bus?.stop();
    await session?.stop();
  });

  const displayed = async (): Promise<number> => Number((await dunstctl(session.env, 'count', 'displayed')).trim());
  const callsNaming = (customer: FakeCustomer): NotifyCall[] =>
    bus.notifies.filter((call) => call.body.includes(customer.name));
  const readAt = (customerId: string): (number | null)[] =>
    (
      app.db().prepare('SELECT read_at AS readAt FROM events WHERE customer_id = ? ORDER BY id').all(customerId) as {
        readAt: number | null;
      }[]
    ).map((row) => row.readAt);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('erasure withdraws her pop-up and the summary naming her; a repeat replaces; a dismiss stops the repeats', async () => {
    const ana = { ...fakeCustomer(1), name: 'Ana Apagada Souza' };
    const bruno = { ...fakeCustomer(2), name: 'Bruno Fica Lima' };
    const carla = { ...fakeCustomer(3), name: 'Carla Resumo Dias' };
    const davi = { ...fakeCustomer(4), name: 'Davi Resumo Reis' };

    // Two unhappy customers at the door: two urgent pop-ups that stay.
    expect((await app.post(buildPayload('cliente-insatisfeito-chegou', ana))).status).toBe(200);
    expect((await app.post(buildPayload('cliente-insatisfeito-chegou', bruno))).status).toBe(200);
    const [anaFirst] = await bus.until(
      () => callsNaming(ana).filter((c) => c.id !== null).length >= 1 && callsNaming(ana),
      'Ana',
    );
    const [brunoFirst] = await bus.until(
      () => callsNaming(bruno).filter((c) => c.id !== null).length >= 1 && callsNaming(bruno),
      'Bruno',
    );
    expect(anaFirst!.replacesId).toBe(0);
    expect(anaFirst!.hints.urgency?.value).toBe(2);

    // Three arrivals in a burst of limit 1: Davi alone, then Ana and Carla in one summary naming both.
    for (const customer of [davi, ana, carla]) {
      expect((await app.post(buildPayload('cliente-chegou', customer))).status).toBe(200);
    }
    const summary = await bus.until(
      () => bus.notifies.find((c) => c.id !== null && c.body.includes(ana.name) && c.body.includes(carla.name)),
      'the burst summary naming Ana and Carla',
    );

    // The repeats replace: same id, "Lembrete:", and the screen does not fill up.
    const repeat = await bus.until(
      () => bus.notifies.find((c) => c.replacesId === anaFirst!.id && c.id !== null),
      "Ana's first repeat",
    );
    expect(repeat.summary).toBe('Lembrete: Cliente insatisfeito no local');
    expect(repeat.id).toBe(anaFirst!.id);
    await bus.until(() => bus.notifies.find((c) => c.replacesId === brunoFirst!.id && c.id !== null), "Bruno's repeat");
    const urgentOnScreen = new Set(bus.notifies.filter((c) => c.hints.urgency?.value === 2).map((c) => c.id));
    expect([...urgentOnScreen].sort()).toEqual([anaFirst!.id, brunoFirst!.id].sort());

    // Ana asks WiFire to delete her account.
    const closesBefore = bus.closeCalls.length;
    expect((await app.post(buildPayload('cliente-removeu-conta', ana))).status).toBe(200);
    await bus.until(
      () =>
        [anaFirst!.id, summary.id].every((id) => bus.closedSignals.some((s) => s.id === id && s.reason === 3)) ||
        undefined,
      "Ana's pop-up and the summary closed by CloseNotification",
    );
    const closed = bus.closeCalls.slice(closesBefore);
    expect(closed).toContain(anaFirst!.id);
    expect(closed).toContain(summary.id);
    expect(closed).not.toContain(brunoFirst!.id);
    // Nothing of Ana goes to the server any more, while Bruno's repeats go on in the same span.
    const anaCalls = callsNaming(ana).length;
    const brunoBefore = callsNaming(bruno).length;
    await sleep(MINUTE_MS * 3);
    expect(callsNaming(ana)).toHaveLength(anaCalls);
    expect(callsNaming(bruno).length).toBeGreaterThan(brunoBefore);
    const log = fs.readFileSync(path.join(app.dir, 'logs', 'wifire-desk.log'), 'utf8');
    const erased = log
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { message?: string; popUpsCancelled?: number })
      .find((entry) => entry.message === 'customer erased on request (LGPD)');
    // Her pop-up on screen, its pending repeat and the summary naming her.
    expect(erased?.popUpsCancelled).toBeGreaterThanOrEqual(3);

    // Bruno's pop-up stayed; someone closes it by hand: it counts as seen, and it repeats no more.
    expect(bus.closedSignals.some((s) => s.id === brunoFirst!.id)).toBe(false);
    await dunstctl(session.env, 'close-all');
    await bus.until(
      () => bus.closedSignals.some((s) => s.id === brunoFirst!.id && s.reason === 2) || undefined,
      "Bruno's pop-up dismissed (reason 2)",
    );
    await expect.poll(() => readAt(bruno.id)[0], { timeout: 5000 }).not.toBeNull();
    // Bruno had 20 repeats to go: none comes after the dismiss.
    const brunoCalls = callsNaming(bruno).length;
    expect(bus.notifies.filter((c) => c.replacesId === brunoFirst!.id).length).toBeLessThan(15);
    await sleep(MINUTE_MS * 4);
    expect(callsNaming(bruno)).toHaveLength(brunoCalls);
    expect(await displayed()).toBe(0);
  });
});
