// Proof that the public address reaches this listener: one-time nonces, and probes against real HTTP servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROBE_PATH, ProbeRegistry, probePublicUrl } from '../../../../../main/core/tunnel/reachability.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A server on 127.0.0.1:0 with the given handler; resolves with its base address. */
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Our listener's probe route: the registry's answer for a nonce it is waiting for, else 404. */
function probeRoute(registry: ProbeRegistry, seen: string[] = []): http.RequestListener {
  return (request, response) => {
    const url = request.url ?? '';
    seen.push(url);
    const answer = url.startsWith(PROBE_PATH) ? registry.take(url.slice(PROBE_PATH.length)) : null;
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer }));
  };
}

describe('ProbeRegistry', () => {
  it('answers a nonce it made once, and never again', () => {
    const registry = new ProbeRegistry();
    const { nonce, answer } = registry.create(10_000);
    expect(registry.take(nonce)).toBe(answer);
    expect(registry.take(nonce)).toBeNull();
    expect(registry.size).toBe(0);
  });

  it('gives each nonce its own answer', () => {
    const registry = new ProbeRegistry();
    const first = registry.create(10_000);
    const second = registry.create(10_000);
    expect(first.nonce).not.toBe(second.nonce);
    expect(registry.take(second.nonce)).toBe(second.answer);
    expect(registry.take(first.nonce)).toBe(first.answer);
  });

  it('never answers an expired nonce', () => {
    let now = 1_000_000;
    const registry = new ProbeRegistry(() => now);
    const { nonce } = registry.create(5000);
    now += 5000;
    const onTime = registry.create(5000);
    expect(registry.take(onTime.nonce)).toBe(onTime.answer);
    now += 1;
    expect(registry.take(nonce)).toBeNull();
  });

  it('forgets expired nonces when it makes a new one', () => {
    let now = 0;
    const registry = new ProbeRegistry(() => now);
    registry.create(100);
    registry.create(100);
    now = 1000;
    registry.create(100);
    expect(registry.size).toBe(1);
  });

  it('refuses malformed nonces and ones it never made', () => {
    const registry = new ProbeRegistry();
    registry.create(10_000);
    for (const nonce of [
      '',
      'short',
      '../../etc/passwd',
      'a'.repeat(21),
      'a'.repeat(65),
      'abcdefghijklmnopqrstuv w',
      'abcdefghijklmnopqrstuv%2F',
      'abcdefghijklmnopqrstuvwxyz',
    ]) {
      expect(registry.take(nonce), nonce).toBeNull();
    }
    expect(registry.size).toBe(1);
  });

  it('forgets a nonce on request', () => {
    const registry = new ProbeRegistry();
    const { nonce } = registry.create(10_000);
    registry.forget(nonce);
    expect(registry.take(nonce)).toBeNull();
  });
});

describe('probePublicUrl', () => {
  it('is ok when the address answers with the registry’s answer, and leaves no nonce behind', async () => {
    const registry = new ProbeRegistry();
    const seen: string[] = [];
    const base = await serve(probeRoute(registry, seen));
    expect(await probePublicUrl(`${base}/`, { registry, timeoutMs: 2000 })).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^\/probe\/[A-Za-z0-9_-]{22,64}$/);
    expect(registry.size).toBe(0);
  });

  it('reads a 200 with other JSON as someone else’s server', async () => {
    const registry = new ProbeRegistry();
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: 'guess' }));
    });
    expect(await probePublicUrl(base, { registry, timeoutMs: 2000 })).toEqual({
      ok: false,
      detail: 'HTTP 200',
      notOurs: true,
    });
  });

  it('reads a 200 that is not JSON as someone else’s server', async () => {
    const registry = new ProbeRegistry();
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>ngrok warning</html>');
    });
    expect(await probePublicUrl(base, { registry, timeoutMs: 2000 })).toMatchObject({ ok: false, notOurs: true });
  });

  it('reads a 502 as unreachable, not as someone else', async () => {
    const registry = new ProbeRegistry();
    const base = await serve((_request, response) => {
      response.writeHead(502).end('Bad Gateway');
    });
    const result = await probePublicUrl(base, { registry, timeoutMs: 2000 });
    expect(result).toEqual({ ok: false, detail: 'HTTP 502' });
  });

  it('does not follow a redirect', async () => {
    const registry = new ProbeRegistry();
    const seen: string[] = [];
    const base = await serve((request, response) => {
      seen.push(request.url ?? '');
      if ((request.url ?? '').startsWith(PROBE_PATH)) response.writeHead(302, { location: '/elsewhere' }).end();
      else response.writeHead(200).end('{}');
    });
    expect(await probePublicUrl(base, { registry, timeoutMs: 2000 })).toEqual({ ok: false, detail: 'HTTP 302' });
    expect(seen).toHaveLength(1);
  });

  it('gives up on a server that never answers after its time limit', async () => {
    const registry = new ProbeRegistry();
    const base = await serve(() => {
      // Never answers.
    });
    const started = Date.now();
    const result = await probePublicUrl(base, { registry, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('notOurs');
    expect(!result.ok && result.detail).toMatch(/^\d+ s$/);
    expect(registry.size).toBe(0);
  });

  it('is not ok when the connection is refused', async () => {
    const registry = new ProbeRegistry();
    // A port that was free a moment ago: nothing listens there now.
    const base = await serve(() => undefined);
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await probePublicUrl(base, { registry, timeoutMs: 2000 });
    expect(result).toEqual({ ok: false, detail: 'ECONNREFUSED' });
  });
});
