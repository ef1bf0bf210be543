// The listener under slow, idle and forged senders: stalled ones are cut on time, refusals end the connection, the
// connection caps make room for a real delivery, and a forwarding header counts only when the running tunnel sets it.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LISTENER_LIMITS, type ListenerLimits } from '../../../../../main/core/intake/connection-guard.js';
import { trustedForwarding } from '../../../../../main/core/intake/forwarded-source.js';
import { createFileLogger } from '../../../../../main/core/logger.js';
import { startService, type Service, type ServiceOptions } from '../../../../../main/core/service.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { MAX_BODY_BYTES } from '../../../../../main/core/intake/payload-schema.js';
import { eventually } from '../../../../support/e2e-headless.js';
import { makeTempDir, postTo, recordingBackend, TEST_TOKEN } from '../../../../support/temp-service.js';

const STANDINS = path.resolve('test/fixtures/tunnels/bin');

/** Short limits, so a stalled sender is cut in about a second and a half. */
const FAST: Partial<ListenerLimits> = { requestTimeoutMs: 1500, headersTimeoutMs: 1000, checkIntervalMs: 250 };
/** What the scheduler of a busy two-core machine may add to a deadline. */
const SLACK_MS = 1000;

const running: { service: Service; dir: string }[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const { service, dir } of running.splice(0)) {
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function start(
  options: {
    listener?: Partial<ListenerLimits>;
    config?: Record<string, unknown>;
    /** Runs this preset's offline stand-in (test/fixtures/tunnels) as the tunnel program. */
    tunnel?: Record<string, unknown>;
    host?: string;
    mountPanel?: ServiceOptions['mountPanel'];
  } = {},
): Promise<Service> {
  const dir = makeTempDir();
  const config = { ...options.config, ...(options.tunnel ? { tunnel: options.tunnel } : {}) };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const service = await startService({
    dataDir: dir,
    port: 0,
    ...(options.host ? { host: options.host, allowNonLoopback: true } : {}),
    notifier: recordingBackend([]),
    log: createFileLogger({ dir: path.join(dir, 'logs') }),
    env: { WIFIRE_DESK_TOKEN: TEST_TOKEN },
    ...(options.listener ? { listener: options.listener } : {}),
    ...(options.mountPanel ? { mountPanel: options.mountPanel } : {}),
    tunnel: {
      env: { PATH: `${STANDINS}:${process.env.PATH}`, WIFIRE_STANDIN_DELAY_MS: '20' },
      // Offline: the reachability probe never leaves this machine.
      fetch: () => Promise.reject(new Error('offline')),
    },
  });
  running.push({ service, dir });
  return service;
}

const delivery = (n: number): unknown => buildPayload('cliente-chegou', fakeCustomer(n));

interface RawConnection {
  socket: net.Socket;
  /** Milliseconds from connecting until the server closed it. */
  closedAfter: Promise<number>;
  isOpen(): boolean;
  received(): string;
}

/** A connection that sends `text` (nothing: an idle one) and then nothing more. */
function connect(service: Service, text = '', host = '127.0.0.1'): RawConnection {
  const started = performance.now();
  const socket = net.connect(service.port, host);
  sockets.push(socket);
  let received = '';
  let open = true;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closedAfter = new Promise<number>((resolve) =>
    socket.once('close', () => {
      open = false;
      resolve(performance.now() - started);
    }),
  );
  if (text) socket.once('connect', () => socket.write(text));
  return { socket, closedAfter, isOpen: () => open, received: () => received };
}

const webhookPath = `/hooks/${TEST_TOKEN}`;
const headers = (length: number, contentType = 'application/json', pathName = webhookPath): string =>
  `POST ${pathName} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\n\r\n`;
/** Headers and the start of a body, then silence: the sender hangs mid-body. */
const stalled = (service: Service): RawConnection => connect(service, `${headers(400)}{"type":"cliente-chegou",`);

interface BigSend {
  status: number;
  connection: string | undefined;
  /** Bytes (all spaces) the sender could hand to its socket before the server closed the connection. */
  written: number;
  closedByServer: boolean;
}

/** Sends a body of `total` bytes as fast as the server takes it, chunked when `declared` is false. */
function sendBig(
  service: Service,
  options: { path: string; contentType: string; total: number; declared: boolean },
): Promise<BigSend> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    let status = 0;
    let connection: string | undefined;
    let finished = false;
    const agent = new http.Agent({ keepAlive: true });
    const request = http.request({
      host: '127.0.0.1',
      port: service.port,
      path: options.path,
      method: 'POST',
      // Keep-alive, as a tunnel's connection pool is: the close must come from the listener, not be asked for.
      agent,
      headers: {
        'content-type': options.contentType,
        ...(options.declared ? { 'content-length': options.total } : {}),
      },
    });
    const done = (closedByServer: boolean): void => {
      if (finished) return;
      finished = true;
      request.destroy();
      agent.destroy();
      resolve({ status, connection, written, closedByServer });
    };
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      connection = response.headers.connection;
      response.resume();
    });
    request.on('error', () => done(true));
    request.on('close', () => done(written < options.total));
    request.on('socket', (socket) => socket.once('close', () => setImmediate(() => done(written < options.total))));
    const pump = (): void => {
      while (!finished && written < options.total) {
        written += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      // The whole body went out: the server read it all; give its answer a moment to arrive.
      if (!finished) request.end(() => setTimeout(() => done(false), 500));
    };
    pump();
  });
}

describe('a stalled sender', () => {
  it('is answered 408 and cut within the request limit plus one check when it stops mid-body', async () => {
    const service = await start({ listener: FAST });
    const senders = [stalled(service), stalled(service), stalled(service)];
    const cutAfter = await Promise.all(senders.map((s) => s.closedAfter));
    for (const ms of cutAfter) {
      // Not cut by the shorter headers limit (its headers were whole), nor left hanging past the next check.
      expect(ms).toBeGreaterThanOrEqual(FAST.requestTimeoutMs! - 100);
      expect(ms).toBeLessThanOrEqual(FAST.requestTimeoutMs! + FAST.checkIntervalMs! + SLACK_MS);
    }
    for (const sender of senders) expect(sender.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await service.store.countEvents()).toBe(0);
  });

  it('is cut within the headers limit plus one check when it opens a connection and sends nothing, or half its headers', async () => {
    const service = await start({ listener: FAST });
    const idle = connect(service);
    const halfHeaders = connect(service, `POST ${webhookPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    for (const ms of await Promise.all([idle.closedAfter, halfHeaders.closedAfter])) {
      expect(ms).toBeGreaterThanOrEqual(FAST.headersTimeoutMs! - 100);
      expect(ms).toBeLessThanOrEqual(FAST.headersTimeoutMs! + FAST.checkIntervalMs! + SLACK_MS);
    }
  });

  it('leaves a delivery that arrives in time alone, on the same short limits', async () => {
    const service = await start({ listener: FAST });
    const answer = await postTo(service.webhookUrl, delivery(1));
    expect(answer.status).toBe(200);
    expect(await service.store.countEvents()).toBe(1);
  });

  it('gets the promised limits by default: a request whole within 30 s, checked every second, 256 connections', async () => {
    const created: http.Server[] = [];
    const original = http.createServer;
    vi.spyOn(http, 'createServer').mockImplementation(((...args: Parameters<typeof http.createServer>) => {
      const server = (original as (...a: Parameters<typeof http.createServer>) => http.Server)(...args);
      created.push(server);
      return server;
    }) as typeof http.createServer);
    await start();
    expect(created).toHaveLength(1);
    const server = created[0]! as http.Server & { connectionsCheckingInterval?: number };
    expect(server.requestTimeout).toBe(30_000);
    // Headers within 10 s; Node swaps the two limits when the headers one is the longer (the old 90 s cut-off).
    expect(server.headersTimeout).toBe(10_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    expect(server.connectionsCheckingInterval).toBe(1_000);
    expect(DEFAULT_LISTENER_LIMITS).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      checkIntervalMs: 1_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 256,
      maxConnectionsPerSource: 32,
    });
    // Well below the 1 024 open files a process gets by default, with room for the database, logs and tunnel.
    expect(DEFAULT_LISTENER_LIMITS.maxConnections).toBeLessThanOrEqual(1024 / 4);
  });
});

describe('a refused request', () => {
  const TOTAL = 32 * 1024 * 1024;
  const cases = [
    {
      name: 'a wrong secret (404)',
      path: '/hooks/not-the-secret',
      contentType: 'application/json',
      declared: true,
      status: 404,
    },
    {
      name: 'a content type that is not JSON (415)',
      path: webhookPath,
      contentType: 'text/plain',
      declared: true,
      status: 415,
    },
    {
      name: 'a declared length over 64 KiB (413)',
      path: webhookPath,
      contentType: 'application/json',
      declared: true,
      status: 413,
    },
    {
      name: 'a chunked body growing past 64 KiB (413)',
      path: webhookPath,
      contentType: 'application/json',
      declared: false,
      status: 413,
    },
  ];
  it.each(cases)('ends the connection after answering $name instead of reading 32 MiB', async (c) => {
    const service = await start();
    const sent = await sendBig(service, {
      path: c.path,
      contentType: c.contentType,
      total: TOTAL,
      declared: c.declared,
    });
    expect(sent.status).toBe(c.status);
    expect(sent.connection).toBe('close');
    expect(sent.closedByServer).toBe(true);
    // What the sockets' buffers took before the close, not the body: the old listener read all 32 MiB.
    expect(sent.written).toBeLessThan(TOTAL / 2);
    expect(await service.store.countEvents()).toBe(0);
    // The listener is fine afterwards: the next delivery is stored.
    expect((await postTo(service.webhookUrl, delivery(2))).status).toBe(200);
  });

  it('still takes a body just under 64 KiB sent without a length', async () => {
    const service = await start();
    const payload = buildPayload('cliente-chegou', fakeCustomer(3));
    (payload.activity as Record<string, unknown>).data_of_type = {
      note: 'x'.repeat(MAX_BODY_BYTES - JSON.stringify(payload).length - 200),
    };
    const text = JSON.stringify(payload);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(service.webhookUrl);
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
      // Chunked, in pieces, so the size is only known as it arrives.
      for (let at = 0; at < text.length; at += 4096) request.write(text.slice(at, at + 4096));
      request.end();
    });
    expect(status).toBe(200);
    expect(await service.store.countEvents()).toBe(1);
  });
});

describe('the connection caps', () => {
  it('closes the stalest idle and stalled connections at the cap, so a WiFire delivery is answered 200 and stored', async () => {
    const cap = 16;
    // Limits long enough that only the cap, not a timeout, closes anything during the test.
    const service = await start({
      listener: { maxConnections: cap, requestTimeoutMs: 30_000, headersTimeoutMs: 20_000 },
    });
    const idle = Array.from({ length: 2 * cap }, () => connect(service));
    const slow = Array.from({ length: 2 * cap }, () => stalled(service));
    const crowd = [...idle, ...slow];
    const openCount = (): number => crowd.filter((c) => c.isOpen()).length;
    await eventually(
      () => (openCount() <= cap ? true : undefined),
      `at most ${cap} of ${crowd.length} left open`,
      5_000,
    );

    const answer = await postTo(service.webhookUrl, delivery(4));
    expect(answer.status).toBe(200);
    expect(await service.store.countEvents()).toBe(1);
    // The oldest went first: every connection still open came after every one closed.
    const oldestOpen = crowd.findIndex((c) => c.isOpen());
    expect(crowd.slice(oldestOpen).every((c) => c.isOpen())).toBe(true);
    expect(openCount()).toBeLessThanOrEqual(cap);
  });

  it("never closes a request being answered, like the panel's event stream, though it is the oldest", async () => {
    const cap = 8;
    const streams: http.ServerResponse[] = [];
    const service = await start({
      listener: { maxConnections: cap, requestTimeoutMs: 30_000, headersTimeoutMs: 20_000 },
      // A stand-in for the panel's event stream: answered at once, and the answer goes on.
      mountPanel: (app) => {
        app.get('/stream', (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(': open\n\n');
          streams.push(res);
        });
        return { close: () => streams.forEach((stream) => stream.end()) };
      },
    });
    const stream = connect(service, `GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await eventually(() => (stream.received().includes(': open') ? true : undefined), 'the stream opened');
    const slow = Array.from({ length: 3 * cap }, () => stalled(service));
    await eventually(() => (slow.filter((c) => c.isOpen()).length < cap ? true : undefined), 'stalled senders closed');
    expect((await postTo(service.webhookUrl, delivery(5))).status).toBe(200);
    streams[0]!.write('data: still here\n\n');
    await eventually(() => (stream.received().includes('still here') ? true : undefined), 'the stream still flowing');
    expect(stream.isOpen()).toBe(true);
  });

  const outside = Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
  it.skipIf(!outside)('keeps at most the per-source cap from one outside address, and still answers it', async () => {
    const perSource = 6;
    const service = await start({
      host: outside!,
      listener: { maxConnectionsPerSource: perSource, requestTimeoutMs: 30_000, headersTimeoutMs: 20_000 },
    });
    // From this machine to its own network address: the peer is that address, not the loopback.
    const crowd = Array.from({ length: 4 * perSource }, () => connect(service, '', outside!));
    const openCount = (): number => crowd.filter((c) => c.isOpen()).length;
    await eventually(() => (openCount() <= perSource ? true : undefined), `at most ${perSource} left open`, 5_000);
    const answer = await postTo(service.webhookUrl, delivery(6));
    expect(answer.status).toBe(200);
    expect(openCount()).toBeLessThanOrEqual(perSource);
  });
});

describe('the request budget', () => {
  const tight = { intake: { ratePerSecond: 0.01, burst: 3 } };
  const send = async (service: Service, n: number, forwarded: Record<string, string>): Promise<number> =>
    (await postTo(service.webhookUrl, delivery(n), 'application/json', forwarded)).status;

  it('gives no fresh budget for a rotated X-Forwarded-For or Cf-Connecting-Ip without a tunnel that sets it', async () => {
    const service = await start({ config: tight });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await send(service, 10 + i, { 'x-forwarded-for': `198.51.100.${i}`, 'cf-connecting-ip': `198.51.100.${i}` }),
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('gives no fresh budget for rotated headers behind ssh -R, which passes them on as sent', async () => {
    const service = await start({
      config: tight,
      tunnel: { preset: 'ssh', mode: 'service', service: 'localhost.run' },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await send(service, 20 + i, { 'x-forwarded-for': `198.51.100.${i}`, 'cf-connecting-ip': `198.51.100.${i}` }),
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('behind ngrok, counts by the last X-Forwarded-For entry, the one ngrok appends, and other senders still get through', async () => {
    const service = await start({ config: tight, tunnel: { preset: 'ngrok' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // What ngrok passes on when the sender forged its own X-Forwarded-For: the real address comes last.
      statuses.push(
        await send(service, 30 + i, {
          'x-forwarded-for': `198.51.100.${i}, 203.0.113.9`,
          'cf-connecting-ip': `198.51.100.${i}`,
        }),
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await send(service, 40, { 'x-forwarded-for': '203.0.113.9, 198.51.100.77' })).toBe(200);
  });

  it('behind cloudflared, counts by Cf-Connecting-Ip and not by X-Forwarded-For, and other senders still get through', async () => {
    const service = await start({ config: tight, tunnel: { preset: 'cloudflared', mode: 'quick' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await send(service, 50 + i, { 'cf-connecting-ip': '203.0.113.9', 'x-forwarded-for': `198.51.100.${i}` }),
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await send(service, 60, { 'cf-connecting-ip': '198.51.100.77' })).toBe(200);
    // Without Cloudflare's header a rotated X-Forwarded-For is the connection's own budget, spent after three.
    const bare: number[] = [];
    for (let i = 0; i < 4; i++) bare.push(await send(service, 70 + i, { 'x-forwarded-for': `192.0.2.${i}` }));
    expect(bare).toEqual([200, 200, 200, 429]);
  });

  it('believes a header only while cloudflared or ngrok is running', () => {
    expect(trustedForwarding({ preset: 'cloudflared', state: 'online' })).toBe('cf-connecting-ip');
    expect(trustedForwarding({ preset: 'ngrok', state: 'starting' })).toBe('x-forwarded-for-last');
    expect(trustedForwarding({ preset: 'cloudflared', state: 'failed' })).toBeNull();
    expect(trustedForwarding({ preset: 'ngrok', state: 'off' })).toBeNull();
    for (const preset of ['none', 'ssh', 'custom'] as const) {
      expect(trustedForwarding({ preset, state: 'online' })).toBeNull();
    }
  });
});
