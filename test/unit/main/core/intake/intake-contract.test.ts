// Each row of the webhook contract table in ARCHITECTURE.md, over real HTTP to a real store.
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { VERSION } from '../../../../../main/core/version.js';
import { startTempService, TEST_TOKEN, type TempService } from '../../../../support/temp-service.js';

let running: TempService | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(config?: Record<string, unknown>, busyTimeoutMs?: number): Promise<TempService> {
  running = await startTempService({ config, busyTimeoutMs });
  return running;
}

const customer = fakeCustomer(7);
const personal = [customer.name, customer.email, customer.phone, customer.cpf, customer.rg, customer.mac];

describe('POST /hooks/<secret>', () => {
  it('answers 200 with an id only once the event is on disk', async () => {
    const { service, post } = await start();
    const answer = await post(buildPayload('cliente-conectou', customer));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, id: expect.any(String) });
    // A second connection to the same file sees the committed row: it is on disk, not only in memory.
    const reader = new Database(service.paths.database, { readonly: true });
    const row = reader.prepare('SELECT type, customer_id FROM events WHERE id = ?').get(Number(answer.body.id));
    reader.close();
    expect(row).toEqual({ type: 'cliente-conectou', customer_id: customer.id });
  });

  it('answers the same delivery again as a duplicate and stores it once', async () => {
    const { service, post } = await start();
    const payload = buildPayload('cliente-chegou', customer);
    const first = await post(payload);
    // Key order differs, content is the same: still the same delivery.
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const second = await post(reordered);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ok: true, duplicate: true });
    expect(await service.store.countEvents()).toBe(1);
  });

  it('treats the same type for the same customer at another time as a new event', async () => {
    const { service, post } = await start();
    const yesterday = Date.now() - 86_400_000;
    await post(buildPayload('cliente-chegou', customer, { at: new Date(yesterday - 86_400_000) }));
    const later = await post(buildPayload('cliente-chegou', customer, { at: new Date(yesterday) }));
    expect(later.body).toEqual({ ok: true, id: expect.any(String) });
    expect(await service.store.countEvents()).toBe(2);
  });

  it('stores an unknown but well-formed type and shows it as a generic event with WiFire message', async () => {
    const { service, post, popUps } = await start();
    const payload = buildPayload('cliente-chegou', customer);
    payload.type = 'cliente-pediu-a-conta';
    (payload.activity as Record<string, unknown>).message = 'Ana pediu a conta na mesa 4.';
    const answer = await post(payload);
    expect(answer.status).toBe(200);
    expect((await service.store.getEvent(String(answer.body.id)))?.type).toBe('cliente-pediu-a-conta');
    await service.notifier.idle();
    expect(popUps).toEqual([
      expect.objectContaining({
        title: 'Evento do WiFire',
        body: 'Ana pediu a conta na mesa 4.',
        type: 'cliente-pediu-a-conta',
      }),
    ]);
  });

  it('trims the type WiFire prints with a leading space', async () => {
    const { service, post } = await start();
    const payload = buildPayload('cliente-sorteado', customer);
    payload.type = ' cliente-sorteado ';
    const answer = await post(payload);
    expect((await service.store.getEvent(String(answer.body.id)))?.type).toBe('cliente-sorteado');
  });

  it('accepts the sample quirks: numeric user id, null fields, an invalid MAC, a missing Facebook id', async () => {
    const { service, post } = await start();
    const payload = buildPayload('cliente-conectou', customer);
    const user = payload.user as Record<string, unknown>;
    user.id = 29;
    user.mac = 'AA:99:CC:99:99:TT';
    user.facebook_id = null;
    delete user.google_id;
    user.image = null;
    const answer = await post(payload);
    expect(answer.status).toBe(200);
    expect(await service.store.getCustomer('29')).toMatchObject({ id: '29', name: customer.name });
  });

  it('answers 400 invalid_json for a body that is not JSON, echoing nothing', async () => {
    const { post } = await start();
    const answer = await post(`{"type":"cliente-chegou","user":{"name":"${customer.name}"`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      ok: false,
      error: 'invalid_json',
      issues: [{ path: '(root)', message: expect.any(String) }],
    });
    expect(answer.text).not.toContain(customer.name);
  });

  it('answers 400 invalid_payload naming the paths, with no payload value echoed', async () => {
    const { service, post } = await start();
    const payload = buildPayload('cliente-chegou', customer);
    // Personal data in wrong fields: an e-mail where the user id goes, a CPF where the establishment object goes.
    (payload.user as Record<string, unknown>).id = { email: customer.email };
    payload.establishment = customer.cpf;
    (payload.activity as Record<string, unknown>).created_at = `${customer.phone} ${customer.name}`;
    const answer = await post(payload);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_payload');
    const paths = (answer.body.issues as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['activity.created_at', 'establishment', 'user.id']);
    for (const value of personal) expect(answer.text).not.toContain(value);
    expect(await service.store.countEvents()).toBe(0);
  });

  it('refuses a created_at that is not a real date', async () => {
    const { post } = await start();
    const payload = buildPayload('cliente-chegou', customer);
    (payload.activity as Record<string, unknown>).created_at = '2026-02-30 10:00:00';
    const answer = await post(payload);
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([{ path: 'activity.created_at', message: expect.any(String) }]);
  });

  it('answers 404 for a wrong or missing secret, the same as any unknown path', async () => {
    const { service, post } = await start();
    const payload = buildPayload('cliente-chegou', customer);
    const wrong = await post(payload, { path: `/hooks/${TEST_TOKEN.slice(0, -1)}x` });
    const missing = await post(payload, { path: '/hooks/' });
    const unknown = await post(payload, { path: '/somewhere/else' });
    for (const answer of [wrong, missing, unknown]) {
      expect(answer.status).toBe(404);
      expect(answer.text).toBe(unknown.text);
    }
    expect(await service.store.countEvents()).toBe(0);
  });

  it('answers 415 for a content type that is not JSON', async () => {
    const { service, post } = await start();
    const answer = await post(JSON.stringify(buildPayload('cliente-chegou', customer)), { contentType: 'text/plain' });
    expect(answer.status).toBe(415);
    expect(await service.store.countEvents()).toBe(0);
  });

  it('answers 413 for a body over 64 KiB, and takes one just under it', async () => {
    const { service, post } = await start();
    const payload = buildPayload('cliente-chegou', customer);
    const base = JSON.stringify(payload).length;
    (payload.activity as Record<string, unknown>).data_of_type = { note: 'x'.repeat(64 * 1024 - base - 40) };
    expect(JSON.stringify(payload).length).toBeLessThanOrEqual(64 * 1024);
    expect((await post(payload)).status).toBe(200);
    (payload.activity as Record<string, unknown>).data_of_type = { note: 'x'.repeat(64 * 1024) };
    const answer = await post(payload);
    expect(answer.status).toBe(413);
    expect(await service.store.countEvents()).toBe(1);
  });

  it('answers 413 for a chunked body that grows past 64 KiB without a length', async () => {
    const { service } = await start();
    const url = new URL(service.webhookUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.write('{"type":"cliente-chegou","pad":"');
      for (let i = 0; i < 20; i++) request.write('y'.repeat(4096));
      request.end('"}');
    });
    expect(status).toBe(413);
  });

  it('answers 429 once one source spends its request budget, and other sources still get through', async () => {
    // Behind ngrok, whose X-Forwarded-For (its last entry) names the sender; without a tunnel every sender is 127.0.0.1.
    running = await startTempService({
      config: { intake: { ratePerSecond: 1, burst: 3 }, tunnel: { preset: 'ngrok' } },
      tunnel: {
        env: {
          PATH: `${path.resolve('test/fixtures/tunnels/bin')}:${process.env.PATH}`,
          WIFIRE_STANDIN_DELAY_MS: '20',
        },
        fetch: () => Promise.reject(new Error('offline')),
      },
    });
    const { service, post } = running;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await post(buildPayload('cliente-chegou', fakeCustomer(100 + i)), {
            headers: { 'x-forwarded-for': '203.0.113.9' },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const other = await post(buildPayload('cliente-chegou', fakeCustomer(200)), {
      headers: { 'x-forwarded-for': '198.51.100.4' },
    });
    expect(other.status).toBe(200);
    expect(await service.store.countEvents()).toBe(4);
  });

  it('answers 503 when the store is locked, acknowledging nothing, and 200 again once it is free', async () => {
    const { service, post } = await start(undefined, 200);
    const locker = new Database(service.paths.database);
    locker.exec('BEGIN EXCLUSIVE');
    const refused = await post(buildPayload('cliente-chegou', customer));
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ ok: false, error: 'store_unavailable' });
    locker.exec('ROLLBACK');
    locker.close();
    expect(await service.store.countEvents()).toBe(0);
    const retried = await post(buildPayload('cliente-chegou', customer));
    expect(retried.status).toBe(200);
    expect(await service.store.countEvents()).toBe(1);
  });
});

describe('GET /healthz', () => {
  it('answers ok and the version with no secret and no personal data', async () => {
    const { service, post } = await start();
    await post(buildPayload('cliente-chegou', customer));
    const response = await fetch(`http://127.0.0.1:${service.port}/healthz`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ ok: true, version: VERSION });
    expect(text).not.toContain(TEST_TOKEN);
    for (const value of personal) expect(text).not.toContain(value);
  });
});
