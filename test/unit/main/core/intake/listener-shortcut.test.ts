// A webhook POST takes the listener's shortcut past express's app.handle, which gives every request express's own
// prototypes: that change of shape made each request cost about 40 % more CPU under load (issue 16's note). The
// shortcut must change nothing a sender sees: the other paths still go through the app, with the same answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../../../main/core/intake/rate-limit.js';
import { createWebhookApp } from '../../../../../main/core/intake/webhook-app.js';
import type { Logger } from '../../../../../main/core/logger.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { startTempService, type TempService } from '../../../../support/temp-service.js';

let running: TempService | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.close();
  running = null;
});

/** How many requests express gave its own prototype to while `work` ran. */
async function requestsReshaped(work: () => Promise<unknown>): Promise<number> {
  const setPrototypeOf = vi.spyOn(Object, 'setPrototypeOf');
  try {
    await work();
    return setPrototypeOf.mock.calls.filter(([target]) => target instanceof http.IncomingMessage).length;
  } finally {
    setPrototypeOf.mockRestore();
  }
}

describe('the listener in front of express', () => {
  it('stores a webhook without giving its request express prototypes; other requests still get them', async () => {
    running = await startTempService();
    const { service, post } = running;
    let answer = { status: 0, body: {} as Record<string, unknown> };
    expect(
      await requestsReshaped(async () => (answer = await post(buildPayload('cliente-chegou', fakeCustomer(1))))),
    ).toBe(0);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, id: expect.any(String) });
    expect(await service.store.countEvents()).toBe(1);

    // The same spy sees the app at work on anything else: the health check goes through express as before.
    let health = 0;
    expect(
      await requestsReshaped(async () => (health = (await fetch(`http://127.0.0.1:${service.port}/healthz`)).status)),
    ).toBe(1);
    expect(health).toBe(200);
  });

  it('answers the paths the shortcut leaves to the app exactly as the route did', async () => {
    running = await startTempService();
    const { service, post } = running;
    const hookPath = new URL(service.webhookUrl).pathname;
    const payload = (n: number): unknown => buildPayload('cliente-conectou', fakeCustomer(n));

    // express routes without regard to case or a trailing slash: both still reach the webhook.
    expect((await post(payload(2), { path: hookPath.replace('/hooks/', '/HOOKS/') })).body).toEqual({
      ok: true,
      id: expect.any(String),
    });
    expect((await post(payload(3), { path: `${hookPath}/` })).body).toEqual({ ok: true, id: expect.any(String) });
    // A query string goes through the router, which matches the path alone; a secret written with %-escapes is
    // decoded on the direct route as the router decodes it.
    expect((await post(payload(5), { path: `${hookPath}?retry=1` })).body).toEqual({
      ok: true,
      id: expect.any(String),
    });
    const escaped = `/hooks/${[...hookPath.slice('/hooks/'.length)].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`;
    expect((await post(payload(6), { path: escaped })).body).toEqual({ ok: true, id: expect.any(String) });
    // A broken escape, a wrong secret and a longer path are the one 404, from either side of the shortcut.
    for (const path of ['/hooks/%ff', '/hooks/wrong-secret', `${hookPath}/more`, '/HOOKS/%ff']) {
      const answer = await post(payload(4), { path });
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 404,
        body: { ok: false, error: 'not_found' },
      });
    }
    // A body that is not JSON is the sender's 400 on the shortcut too, not express's default error page.
    const broken = await post('{"type": ', { path: hookPath });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ ok: false, error: 'invalid_json' });
    expect(await service.store.countEvents()).toBe(4);
  });

  it('answers an unexpected failure with the one 500, on the direct route and through the router alike', async () => {
    const errors: string[] = [];
    const log: Logger = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (message) => errors.push(message),
    };
    const listener = createWebhookApp({
      version: 'test',
      limiter: new RateLimiter({ ratePerSecond: 1000, burst: 1000 }),
      secret: () => 'the-secret-0123456789',
      log,
      normalizeOptions: () => ({ timeZone: 'America/Sao_Paulo', keepCpfRg: false }),
      acceptInsight: () => Promise.reject(new Error('disk on fire')),
      acceptLgpd: () => Promise.resolve(),
    });
    const server = http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const path of ['/hooks/the-secret-0123456789', '/hooks/the-secret-0123456789/']) {
        const answer = await fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(buildPayload('cliente-chegou', fakeCustomer(7))),
        });
        expect({ path, status: answer.status, body: await answer.json() }).toEqual({
          path,
          status: 500,
          body: { ok: false, error: 'internal_error' },
        });
      }
      // Logged without the cause's words (they could quote a value), once per request.
      expect(errors).toEqual(['webhook failed unexpectedly', 'webhook failed unexpectedly']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
