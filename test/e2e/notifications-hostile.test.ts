// Every name WiFire sends reaches the notification server as text, exactly: through D-Bus (the headless shell on
// Linux) and through notify-send (the fallback without a session bus). What the server received is read off the
// bus by dbus-monitor, not taken from the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTexts } from '../../shared/catalog.js';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { createNodeNotifierBackend } from '../../main/headless/node-notifier-backend.js';
import { post, startHeadless, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';
import { watchNotificationBus, type BusWatch, type NotifyCall } from '../support/notification-bus.js';
import { HOSTILE_NAMES, shownName, specEscaped } from '../support/hostile-names.js';

const TYPE = 'cliente-aniversariante-chegou';

const bodyFor = (name: string): string =>
  renderTexts(TYPE, { name: shownName(name), establishment: null, score: null, message: null }, 'pt-BR').body;

/** The names whose pop-up reached the server exactly (title, body with only the spec's escaping, app name). */
function shownExactly(calls: readonly NotifyCall[]): { shown: string[]; missing: string[] } {
  const shown: string[] = [];
  const missing: string[] = [];
  for (const name of HOSTILE_NAMES) {
    const body = specEscaped(bodyFor(name));
    const call = calls.find((c) => c.body === body);
    if (call && call.summary === 'Aniversariante no local' && call.appName === 'WiFire Desk') shown.push(name);
    else missing.push(name);
  }
  return { shown, missing };
}

describe(`${HOSTILE_NAMES.length} hostile names on a real notification server`, () => {
  let session: NotificationSession;
  let bus: BusWatch;
  let app: HeadlessService | undefined;

  beforeAll(async () => {
    session = await startNotificationSession();
    bus = await watchNotificationBus(session.env);
  });

  afterAll(async () => {
    await app?.terminate();
    await bus?.stop();
    await session?.stop();
  });

  it('through D-Bus: every name appears exactly, none spoofs the app, the urgency or the title', async () => {
    expect(HOSTILE_NAMES.length).toBeGreaterThanOrEqual(70);
    app = await startHeadless({ ...session.env });
    const before = bus.notifies.length;
    for (const [index, name] of HOSTILE_NAMES.entries()) {
      const customer = { ...fakeCustomer(index + 1), name };
      const answer = await post(app.webhookUrl, buildPayload(TYPE, customer));
      expect(answer.status, JSON.stringify(name)).toBe(200);
    }
    const calls = await bus.until(
      () => bus.notifies.length - before >= HOSTILE_NAMES.length && bus.notifies.slice(before),
      `${HOSTILE_NAMES.length} Notify calls`,
      30_000,
    );
    const { shown, missing } = shownExactly(calls);
    expect(missing).toEqual([]);
    expect(shown).toHaveLength(HOSTILE_NAMES.length);
    // Nothing else went to the server: no spoofed app name, no critical urgency on a birthday, no empty pop-up.
    expect(calls).toHaveLength(HOSTILE_NAMES.length);
    for (const call of calls) {
      expect(call.appName).toBe('WiFire Desk');
      expect(call.hints.urgency?.value).toBe(1);
      expect(call.replacesId).toBe(0);
    }
    // And dunst put each of them up.
    await expect
      .poll(() => session.notifications.filter((n) => n.appname === 'WiFire Desk').length, { timeout: 10_000 })
      .toBe(HOSTILE_NAMES.length);
  });

  it('through notify-send (no session bus for the app): every name after `--`, appears exactly', async () => {
    const backend = createNodeNotifierBackend('WiFire Desk', 'linux');
    // notify-send runs with this process's environment: pointed at the test's bus for the while.
    const saved = { ...process.env };
    Object.assign(process.env, session.env);
    const before = bus.notifies.length;
    try {
      for (const [index, name] of HOSTILE_NAMES.entries()) {
        await backend.show({
          eventId: String(index + 1),
          customerId: String(index + 1),
          type: TYPE,
          title: 'Aniversariante no local',
          body: bodyFor(name),
          priority: 'high',
          icon: 'cake',
        });
      }
    } finally {
      if (saved.DBUS_SESSION_BUS_ADDRESS === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved.DBUS_SESSION_BUS_ADDRESS;
      if (saved.DISPLAY === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = saved.DISPLAY;
    }
    const calls = await bus.until(
      () => bus.notifies.length - before >= HOSTILE_NAMES.length && bus.notifies.slice(before),
      `${HOSTILE_NAMES.length} Notify calls from notify-send`,
      30_000,
    );
    const { missing } = shownExactly(calls);
    expect(missing).toEqual([]);
    for (const call of calls) expect(call.hints.urgency?.value).toBe(1);
  });
});
