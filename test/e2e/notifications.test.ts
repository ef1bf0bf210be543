// Real pop-ups, no mocks: the built headless service → D-Bus (org.freedesktop.Notifications) → dunst on Xvfb.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTexts } from '../../shared/catalog.js';
import {
  buildPayload,
  fakeCustomer,
  withBirthdayToday,
  type FakeCustomer,
} from '../../main/headless/simulator/payloads.js';
import { eventually, post, startHeadless, WAIT_MS, type Exit, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';

/** The pop-up text a pt-BR desk reads for `type` about `customer` (types whose texts name only the customer). */
function expectedTexts(type: string, customer: FakeCustomer): { title: string; body: string } {
  return renderTexts(type, { name: customer.name, establishment: null, score: null, message: null }, 'pt-BR');
}

function readEvents(dataDir: string): { type: string; customerId: string | null }[] {
  const db = new Database(path.join(dataDir, 'wifire-desk.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT type, customer_id AS customerId FROM events ORDER BY id').all() as {
      type: string;
      customerId: string | null;
    }[];
  } finally {
    db.close();
  }
}

describe('pop-ups on a real notification daemon (Xvfb, D-Bus, dunst)', () => {
  let session: NotificationSession | undefined;
  let service: HeadlessService | undefined;
  let setupError: unknown;

  beforeAll(async () => {
    try {
      session = await startNotificationSession();
      service = await startHeadless({ ...session.env });
    } catch (error) {
      setupError = error; // reported by every test below, which fail rather than skip
    }
  });

  afterAll(async () => {
    try {
      if (service) expect(await service.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
    }
  });

  /** The daemon and the service every test here uses; throws why they could not start. */
  function stack(): { popUps: NotificationSession; app: HeadlessService } {
    if (setupError !== undefined || !session || !service)
      throw setupError ?? new Error('the pop-up stack did not start');
    return { popUps: session, app: service };
  }

  it('shows a birthday customer who just arrived as "Aniversariante no local", naming them and saying "faz aniversário hoje"', async () => {
    const { popUps, app } = stack();
    const customer = withBirthdayToday(fakeCustomer(1));
    const type = 'cliente-aniversariante-chegou';

    const answer = await post(app.webhookUrl, buildPayload(type, customer));

    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
    const popUp = await popUps.waitFor((n) => n.body.includes(customer.name), WAIT_MS);
    expect(popUp.summary).toBe('Aniversariante no local');
    expect(popUp.body).toBe(expectedTexts(type, customer).body);
    expect(popUp.body).toContain('faz aniversário hoje');
    expect(popUp.appname).toBe('WiFire Desk');
    expect(popUp.urgency).toBe('NORMAL');
  });

  it('shows an unhappy customer on site as a critical pop-up that stays until someone dismisses it', async () => {
    const { popUps, app } = stack();
    const customer = fakeCustomer(6);
    const type = 'cliente-insatisfeito-chegou';

    const answer = await post(app.webhookUrl, buildPayload(type, customer));

    expect(answer.status).toBe(200);
    const popUp = await popUps.waitFor((n) => n.body.includes(customer.name), WAIT_MS);
    expect(popUp.summary).toBe('Cliente insatisfeito no local');
    expect(popUp.body).toBe(expectedTexts(type, customer).body);
    expect(popUp.urgency).toBe('CRITICAL');
    expect(popUp.timeout).toBe(0);
  });

  it('shows a customer name full of shell metacharacters literally and never runs any of it', async () => {
    const { popUps, app } = stack();
    const marker = path.join(os.tmpdir(), `wifire-e2e-injected-${process.pid}-${Date.now()}`);
    const name = `Ana $(touch ${marker}) \`touch ${marker}\` "x" 'y'; touch ${marker} | fim`;
    const customer: FakeCustomer = { ...fakeCustomer(5), name };
    const type = 'cliente-chegou';

    try {
      const answer = await post(app.webhookUrl, buildPayload(type, customer));

      expect(answer.status).toBe(200);
      const popUp = await popUps.waitFor((n) => n.body.includes(marker), WAIT_MS);
      expect(popUp.body).toBe(expectedTexts(type, customer).body);
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      fs.rmSync(marker, { force: true });
    }
  });

  it('shows backslashes in a customer name as backslashes, not as escape sequences', async () => {
    const { popUps, app } = stack();
    // notify-send reads its body argument with C escapes (\t is a tab, \o is "o"); the summary it takes verbatim.
    const customer: FakeCustomer = { ...fakeCustomer(8), name: String.raw`Cris \o/ C:\temp\novo` };
    const type = 'cliente-chegou';

    expect((await post(app.webhookUrl, buildPayload(type, customer))).status).toBe(200);

    const popUp = await popUps.waitFor((n) => n.body.startsWith('Cris '), WAIT_MS);
    expect(popUp.body).toBe(expectedTexts(type, customer).body);
  });

  it('stores an event of a muted type without a pop-up, while other types still pop up', async () => {
    const { popUps } = stack();
    const muted = await startHeadless({ ...popUps.env }, { mutedTypes: ['cliente-conectou'] });
    let exit: Exit | undefined;
    try {
      const quiet = fakeCustomer(2);
      const loud = fakeCustomer(3);
      const later = fakeCustomer(4);

      expect((await post(muted.webhookUrl, buildPayload('cliente-conectou', quiet))).status).toBe(200);
      expect((await post(muted.webhookUrl, buildPayload('cliente-frequente-chegou', loud))).status).toBe(200);
      const loudPopUp = await popUps.waitFor((n) => n.body.includes(loud.name), WAIT_MS);
      expect(loudPopUp.summary).toBe('Cliente frequente no local');
      // Two pop-ups may be in flight at once: one more round trip leaves the muted one every chance to show up.
      expect((await post(muted.webhookUrl, buildPayload('cliente-chegou', later))).status).toBe(200);
      await popUps.waitFor((n) => n.body.includes(later.name), WAIT_MS);

      expect(popUps.notifications.filter((n) => n.body.includes(quiet.name))).toEqual([]);
      expect(popUps.notifications.filter((n) => n.summary === 'Cliente conectado')).toEqual([]);
      expect(readEvents(muted.dataDir)).toContainEqual({ type: 'cliente-conectou', customerId: quiet.id });
    } finally {
      exit = await muted.terminate();
    }
    expect(exit).toEqual({ code: 0, signal: null });
  });
});

describe('with no notification daemon reachable', () => {
  it('still answers 200, stores the event, keeps running and logs the failure without personal data', async () => {
    const noBus = path.join(os.tmpdir(), `wifire-e2e-no-bus-${process.pid}-${Date.now()}`, 'bus');
    const service = await startHeadless({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${noBus}` });
    let exit: Exit | undefined;
    try {
      const customer = withBirthdayToday(fakeCustomer(7));
      const type = 'cliente-aniversariante-chegou';
      const logFile = path.join(service.dataDir, 'logs', 'wifire-desk.log');

      const answer = await post(service.webhookUrl, buildPayload(type, customer));

      expect(answer).toMatchObject({ status: 200, body: { ok: true } });
      const failure = await eventually(() => {
        const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
        return lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry.message === 'pop-up could not be shown');
      }, 'a log entry for the failed pop-up');
      expect(failure).toMatchObject({ level: 'warn', type, backend: 'freedesktop', code: expect.any(String) });
      expect(failure.code).toBe('no_notification_daemon');

      expect(readEvents(service.dataDir)).toContainEqual({ type, customerId: customer.id });
      expect(service.process.child.exitCode).toBeNull();
      const health = await fetch(`${service.origin}/healthz`);
      expect(health.status).toBe(200);

      const logged = fs.readFileSync(logFile, 'utf8') + service.process.output();
      const personal = [customer.name, customer.email, customer.phone, customer.phone.replace(/\D/g, '')];
      for (const value of personal) expect(logged).not.toContain(value);
    } finally {
      exit = await service.terminate();
    }
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
