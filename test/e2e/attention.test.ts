// A burst on a real notification daemon: the first pop-ups one by one, then one summary, and every event stored.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { post, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';

describe('a burst of arrivals on a real notification daemon (Xvfb, D-Bus, dunst)', () => {
  let session: NotificationSession | undefined;
  let service: HeadlessService | undefined;

  beforeAll(async () => {
    session = await startNotificationSession();
    service = await startHeadless({ ...session.env }, { burst: { limit: 2, windowSeconds: 3 } });
  });

  afterAll(async () => {
    try {
      if (service) expect(await service.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
    }
  });

  it('shows two connections, then one "3 clientes se conectaram" naming two, and lists all five', async () => {
    const customers = [1, 2, 3, 4, 5].map((n) => fakeCustomer(700 + n));
    for (const customer of customers) {
      expect((await post(service!.webhookUrl, buildPayload('cliente-conectou', customer))).status).toBe(200);
    }
    const summary = await session!.waitFor((n) => n.summary === '3 clientes se conectaram', WAIT_MS);
    expect(summary.body).toBe(`${customers[2]!.name}, ${customers[3]!.name} e mais 1`);
    const shown = session!.notifications.map((n) => n.body);
    expect(shown.filter((body) => body.includes(customers[0]!.name))).toHaveLength(1);
    expect(shown.filter((body) => body.includes(customers[1]!.name))).toHaveLength(1);
    // The last three only inside the summary.
    expect(shown.some((body) => body.includes(customers[4]!.name))).toBe(false);

    const db = new Database(path.join(service!.dataDir, 'wifire-desk.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'cliente-conectou'").get()).toEqual({ n: 5 });
    } finally {
      db.close();
    }
  });
});
