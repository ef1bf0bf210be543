// A webhook POST takes the listener's shortcut past express's app.handle, which gives every request express's own
// prototypes: that change of shape made each request cost about 40 % more CPU under load (issue 16's note). The
// shortcut must change nothing a sender sees: the other paths still go through the app, with the same answers.
import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    expect(await service.store.countEvents()).toBe(2);
  });
});
