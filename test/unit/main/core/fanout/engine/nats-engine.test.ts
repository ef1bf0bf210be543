// The hub's own nats-server, real: files and modes, the hub and desks connecting, what a desk may not do,
// revocation by reload, kill -9 and restart with JetStream intact, stop, and a missing program.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../../../support/free-port.js';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { consumerName, subjectsOf } from '../../../../../../main/core/fanout/subjects.js';
import { createDeskKeys, type DeskUser } from '../../../../../../main/core/fanout/engine/nats-config.js';
import {
  describeNatsEngineReason,
  findNatsServer,
  NatsEngine,
  type NatsEngineOptions,
  type NatsEngineState,
} from '../../../../../../main/core/fanout/engine/nats-engine.js';
import { fetchPinnedCertificate, pinnedTlsOptions } from '../../../../../../main/core/fanout/engine/pinned-tls.js';
import { createFileLogger } from '../../../../../../main/core/logger.js';
import { eventually } from '../../../../../support/e2e-headless.js';
import { isAlive } from '../../../../../support/process-alive.js';

const ACCOUNT = 'acme';
const HUB_ID = '0123abcd';
const S = subjectsOf(ACCOUNT);
const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  // A space and an accent, as in "C:\Users\João Silva\AppData": the config must quote them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-nats é '));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Started {
  engine: NatsEngine;
  states: NatsEngineState[];
  dir: string;
  port: number;
}

async function startEngine(options: Partial<NatsEngineOptions> = {}): Promise<Started> {
  const root = options.dir ? path.dirname(options.dir) : tempDir();
  const dir = options.dir ?? path.join(root, 'nats');
  const port = options.listen?.port ?? (await freePort());
  const engine = new NatsEngine({
    dir,
    listen: { host: '127.0.0.1', port },
    account: ACCOUNT,
    hubId: HUB_ID,
    log: createFileLogger({ dir: path.join(root, 'logs') }),
    backoff: { initialMs: 100, maxMs: 1000, failAfter: 5 },
    ...options,
  });
  cleanups.push(() => engine.stop());
  const states: NatsEngineState[] = [];
  engine.onChange((state) => states.push(state));
  engine.start();
  return { engine, states, dir, port };
}

async function track(connection: Promise<NatsConnection>): Promise<NatsConnection> {
  const nc = await connection;
  cleanups.push(() => nc.close().catch(() => undefined));
  return nc;
}

function hubConnection(engine: NatsEngine): Promise<NatsConnection> {
  return track(connect({ ...engine.hubConnectionOptions(), reconnectTimeWait: 100, maxReconnectAttempts: -1 }));
}

/** A desk as a satellite connects: the certificate fetched by its pin, its own seed and inbox prefix. */
async function deskConnection(
  port: number,
  pin: string,
  desk: { id: string; seed: string },
  extra: { maxReconnectAttempts?: number } = {},
): Promise<NatsConnection> {
  const pem = await fetchPinnedCertificate({ host: '127.0.0.1', port, pin, timeoutMs: 3000 });
  return track(
    connect({
      servers: `tls://127.0.0.1:${port}`,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(desk.seed)),
      tls: pinnedTlsOptions(pem, pin),
      inboxPrefix: S.inbox(desk.id),
      reconnectTimeWait: 100,
      ...extra,
    }),
  );
}

/** What the hub side sets up (the lead's code will): the two streams, a desk's durables, the read-marks bucket. */
async function layout(hub: NatsConnection, deskIds: string[]): Promise<void> {
  const jsm = await jetstreamManager(hub);
  await jsm.streams.add({ name: S.eventStream, subjects: [S.events] });
  await jsm.streams.add({ name: S.erasureStream, subjects: [S.erasures] });
  for (const id of deskIds) {
    await jsm.consumers.add(S.eventStream, {
      durable_name: consumerName(id, HUB_ID, 'events'),
      ack_policy: AckPolicy.Explicit,
    });
    await jsm.consumers.add(S.erasureStream, {
      durable_name: consumerName(id, HUB_ID, 'erasures'),
      ack_policy: AckPolicy.Explicit,
    });
  }
  await new Kvm(hub).create(S.readBucket);
}

/** The permission errors a connection reports on its status stream. */
function violations(nc: NatsConnection): string[] {
  const seen: string[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && /Permissions Violation/.test(status.error.message))
        seen.push(status.error.message);
    }
  })();
  return seen;
}

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

describe('the hub’s nats-server', () => {
  it('starts nats-server with its files made owner-only, and the hub connects with its NKEY over TLS', async () => {
    const { engine, states, dir, port } = await startEngine();
    await engine.ready();
    expect(states.map((s) => s.phase)).toEqual(['starting', 'running']);
    expect(engine.url).toBe(`tls://127.0.0.1:${port}`);
    expect(engine.pin).toMatch(/^[0-9a-f]{64}$/);

    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, 'jetstream'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'hub-key.pem'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'hub.nk'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'nats-server.conf'))).toBe(0o600);
    const seed = new TextDecoder().decode(engine.hubCredentials().seed);
    expect(seed).toMatch(/^SU[A-Z2-7]+$/);
    expect(fs.readFileSync(path.join(dir, 'hub.nk'), 'utf8').trim()).toBe(seed);
    expect(fs.readFileSync(path.join(dir, 'nats-server.conf'), 'utf8')).not.toContain(seed);
    expect(fs.readFileSync(path.join(path.dirname(dir), 'logs', 'wifire-desk.log'), 'utf8')).not.toContain(seed);
    expect(fs.readFileSync(path.join(dir, 'nats-server.conf'), 'utf8')).toContain(engine.hubCredentials().publicKey);

    const hub = await hubConnection(engine);
    expect(hub.info?.tls_required).toBe(true);
    const jsm = await jetstreamManager(hub);
    await jsm.streams.add({ name: S.eventStream, subjects: [S.events] });
    const ack = await jetstream(hub).publish(S.event(HUB_ID, null), '{}', { msgID: 'e1' });
    expect(ack.seq).toBe(1);
    // nats-server keeps its store in <store_dir>/jetstream, the folder made owner-only above.
    expect(fs.readdirSync(path.join(dir, 'jetstream'))).toContain('$G');

    // No credentials, or a key the server does not know: refused.
    await expect(
      connect({
        servers: engine.url,
        tls: pinnedTlsOptions(engine.certificatePem, engine.pin),
        maxReconnectAttempts: 0,
      }),
    ).rejects.toThrow(/Authorization Violation/);
  });

  it('keeps the certificate, its pin and the hub key across restarts', async () => {
    const first = await startEngine();
    await first.engine.ready();
    const pin = first.engine.pin;
    const publicKey = first.engine.hubCredentials().publicKey;
    await first.engine.stop();

    const second = await startEngine({ dir: first.dir, listen: { host: '127.0.0.1', port: first.port } });
    await second.engine.ready();
    expect(second.engine.pin).toBe(pin);
    expect(second.engine.hubCredentials().publicKey).toBe(publicKey);
    await expect(fetchPinnedCertificate({ host: '127.0.0.1', port: first.port, pin })).resolves.toContain(
      'BEGIN CERTIFICATE',
    );
  });

  it('lets a desk consume its durables and watch the read marks, but not publish events, purge, or read another inbox', async () => {
    const deskA = { id: 'aaaa1111', ...createDeskKeys() };
    const deskB = { id: 'bbbb2222', ...createDeskKeys() };
    const desks: DeskUser[] = [deskA, deskB].map(({ id, publicKey }) => ({ id, publicKey }));
    const { engine, port } = await startEngine({ desks });
    await engine.ready();
    const hub = await hubConnection(engine);
    await layout(hub, [deskA.id, deskB.id]);
    const hubJs = jetstream(hub);
    for (let i = 0; i < 3; i++) await hubJs.publish(S.event(HUB_ID, null), `{"n":${i}}`);
    await hubJs.publish(S.erasure(HUB_ID), '{"key":"k"}');
    const hubKv = await new Kvm(hub).open(S.readBucket);
    await hubKv.put(`${HUB_ID}.e1`, '1');

    const desk = await deskConnection(port, engine.pin, deskA);
    const denied = violations(desk);
    const js = jetstream(desk);

    // Its own durables: pull with fetch and consume, ack, read the consumer's info.
    const events = await js.consumers.get(S.eventStream, consumerName(deskA.id, HUB_ID, 'events'));
    const fetched: string[] = [];
    for await (const m of await events.fetch({ max_messages: 3, expires: 2000 })) {
      fetched.push(m.string());
      m.ack();
    }
    expect(fetched).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
    const erasures = await js.consumers.get(S.erasureStream, consumerName(deskA.id, HUB_ID, 'erasures'));
    const consumed = await erasures.consume({ max_messages: 10 });
    for await (const m of consumed) {
      expect(m.string()).toBe('{"key":"k"}');
      m.ack();
      break;
    }
    expect((await events.info()).num_pending).toBe(0);

    // The read marks, through a KV watch (an ordered push consumer delivered to its inbox).
    const watch = await (await new Kvm(desk).open(S.readBucket)).watch();
    const keys: string[] = [];
    await hubKv.put(`${HUB_ID}.e2`, '1');
    for await (const entry of watch) {
      keys.push(entry.key);
      if (keys.length === 2) break;
    }
    expect(keys).toEqual([`${HUB_ID}.e1`, `${HUB_ID}.e2`]);

    // Requests to a hub, answered on its inbox.
    const responder = hub.subscribe(S.requestsTo(HUB_ID), {
      callback: (_e, m) => void m.respond('ok'),
    });
    await hub.flush();
    expect((await desk.request(S.request(HUB_ID, 'card'), '{}', { timeout: 2000 })).string()).toBe('ok');
    responder.unsubscribe();
    expect(denied).toEqual([]);

    // Never: publish an event or a tombstone, purge or delete a stream, make a consumer, read another desk's
    // durable or inbox, write a read mark.
    await expect(js.publish(S.event(HUB_ID, null), '{"forged":true}')).rejects.toThrow(/Permissions Violation/);
    desk.publish(`${ACCOUNT}.ev.x`, 'forged');
    desk.publish(S.erasure(HUB_ID), 'forged');
    await desk.flush();
    const deskJsm = await jetstreamManager(desk, { checkAPI: false });
    await expect(deskJsm.streams.purge(S.eventStream)).rejects.toThrow(/Permissions Violation/);
    await expect(deskJsm.streams.delete(S.erasureStream)).rejects.toThrow(/Permissions Violation/);
    await expect(
      deskJsm.consumers.add(S.eventStream, { durable_name: 'mine', ack_policy: AckPolicy.None }),
    ).rejects.toThrow(/Permissions Violation/);
    await expect(js.consumers.get(S.eventStream, consumerName(deskB.id, HUB_ID, 'events'))).rejects.toThrow(
      /Permissions Violation/,
    );
    await expect((await new Kvm(desk).open(S.readBucket)).put(`${HUB_ID}.e3`, '1')).rejects.toThrow(
      /Permissions Violation/,
    );
    const spy = desk.subscribe(`${S.inbox(deskB.id)}.>`);
    await expect(spy.closed).resolves.toBeInstanceOf(Error);
    const tap = desk.subscribe(S.events);
    await expect(tap.closed).resolves.toBeInstanceOf(Error);

    await eventually(() => (denied.length >= 9 ? true : undefined), 'the permission errors');
    expect(denied).toEqual(
      expect.arrayContaining([
        `Permissions Violation for Publish to "${ACCOUNT}.ev.x"`,
        `Permissions Violation for Publish to "${S.erasure(HUB_ID)}"`,
        `Permissions Violation for Publish to "$JS.API.STREAM.PURGE.${S.eventStream}"`,
        `Permissions Violation for Subscription to "${S.inbox(deskB.id)}.>"`,
      ]),
    );
    const stored = await (await jetstreamManager(hub)).streams.info(S.eventStream);
    expect(stored.state.messages).toBe(3);
    expect(stored.state.last_seq).toBe(3);
  });

  it('cuts off a desk removed by setDesks and refuses its key, while an added desk gets in', async () => {
    const deskA = { id: 'aaaa1111', ...createDeskKeys() };
    const deskB = { id: 'bbbb2222', ...createDeskKeys() };
    const { engine, port } = await startEngine({ desks: [{ id: deskA.id, publicKey: deskA.publicKey }] });
    await engine.ready();
    const pidBefore = engine.pid;
    await expect(deskConnection(port, engine.pin, deskB, { maxReconnectAttempts: 0 })).rejects.toThrow(
      /Authorization Violation/,
    );
    const desk = await deskConnection(port, engine.pin, deskA);
    const closed = desk.closed();

    await engine.setDesks([{ id: deskB.id, publicKey: deskB.publicKey }]);
    // A reload, not a restart: the same process, the hub's other connections untouched.
    expect(engine.pid).toBe(pidBefore);
    expect(engine.state.phase).toBe('running');
    expect(String(await closed)).toMatch(/Authorization Violation/);
    await expect(deskConnection(port, engine.pin, deskA, { maxReconnectAttempts: 0 })).rejects.toThrow(
      /Authorization Violation/,
    );
    const added = await deskConnection(port, engine.pin, deskB);
    await added.flush();
  });

  it('on Windows, where there is no SIGHUP, applies desks by restarting nats-server', async () => {
    const desk = { id: 'aaaa1111', ...createDeskKeys() };
    // Only the choice of reload or restart depends on the platform here; the program is still Debian's.
    const { engine, port } = await startEngine({
      platform: 'win32',
      configuredPath: '/usr/sbin/nats-server',
      desks: [{ id: desk.id, publicKey: desk.publicKey }],
    });
    await engine.ready();
    const pidBefore = engine.pid;
    const connected = await deskConnection(port, engine.pin, desk);
    await engine.setDesks([]);
    expect(engine.state.phase).toBe('running');
    expect(engine.pid).not.toBe(pidBefore);
    expect(String(await connected.closed())).toMatch(/Authorization Violation/);
    await expect(deskConnection(port, engine.pin, desk, { maxReconnectAttempts: 0 })).rejects.toThrow(
      /Authorization Violation/,
    );
  });

  it('restarts nats-server when it refuses a reload, so a removed desk is never left allowed', async () => {
    const desk = { id: 'aaaa1111', ...createDeskKeys() };
    const { engine, dir, states, port } = await startEngine({ desks: [{ id: desk.id, publicKey: desk.publicKey }] });
    await engine.ready();
    const connected = await deskConnection(port, engine.pin, desk);
    const dropped = (async () => {
      for await (const status of connected.status()) if (status.type === 'disconnect') return;
    })();
    // A certificate file gone bad makes nats-server refuse the reload (and, after it, any start).
    fs.writeFileSync(path.join(dir, 'hub-cert.pem'), 'not a certificate');
    await engine.setDesks([]);
    await dropped;
    const log = fs.readFileSync(path.join(path.dirname(dir), 'logs', 'wifire-desk.log'), 'utf8');
    expect(log).toContain('nats-server refused the new config; restarting it');
    const restarting = await eventually(
      () => states.find((s) => s.phase === 'restarting' && s.reason.code === 'exited' && s.reason.problem),
      'a failed restart',
    );
    if (restarting.phase === 'restarting') expect(restarting.reason).toMatchObject({ problem: 'config' });
  });

  it('applies desks set while nats-server is still starting, once it is ready', async () => {
    const desk = { id: 'aaaa1111', ...createDeskKeys() };
    const { engine, port } = await startEngine();
    const applied = engine.setDesks([{ id: desk.id, publicKey: desk.publicKey }]);
    await engine.ready();
    await applied;
    await (await deskConnection(port, engine.pin, desk)).flush();
  });

  it('restarts nats-server after a kill -9, with what JetStream acknowledged still there and desks following on', async () => {
    const desk = { id: 'aaaa1111', ...createDeskKeys() };
    const { engine, states, port } = await startEngine({ desks: [{ id: desk.id, publicKey: desk.publicKey }] });
    await engine.ready();
    const hub = await hubConnection(engine);
    await layout(hub, [desk.id]);
    const js = jetstream(hub);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => js.publish(S.event(HUB_ID, null), `{"n":${i}}`, { msgID: `e${i}` })),
    );

    // A desk reading its durable and watching the read marks keeps doing so across the restart.
    const deskNc = await deskConnection(port, engine.pin, desk);
    const denied = violations(deskNc);
    const received: string[] = [];
    const consumer = await jetstream(deskNc).consumers.get(S.eventStream, consumerName(desk.id, HUB_ID, 'events'));
    const messages = await consumer.consume({ max_messages: 50 });
    void (async () => {
      for await (const m of messages) {
        received.push(m.string());
        m.ack();
      }
    })();
    const marks: string[] = [];
    const watch = await (await new Kvm(deskNc).open(S.readBucket)).watch();
    void (async () => {
      for await (const entry of watch) marks.push(entry.key);
    })();
    await eventually(() => (received.length === 200 ? true : undefined), 'the desk reading the backlog');

    // A request made while the client is away goes unanswered (nats.js 3.4): wait for both to come back.
    const back = (nc: NatsConnection): Promise<void> =>
      (async () => {
        for await (const status of nc.status()) if (status.type === 'reconnect') return;
      })();
    const reconnected = Promise.all([back(hub), back(deskNc)]);
    const killed = engine.pid!;
    process.kill(killed, 'SIGKILL');

    await eventually(() => states.find((s) => s.phase === 'restarting'), 'the restart');
    const restarting = states.find((s) => s.phase === 'restarting')!;
    if (restarting.phase === 'restarting')
      expect(restarting.reason).toMatchObject({ code: 'exited', signal: 'SIGKILL' });
    await eventually(() => (engine.state.phase === 'running' && engine.pid !== killed ? true : undefined), 'running');
    expect(isAlive(killed)).toBe(false);
    await reconnected;

    const info = await (await jetstreamManager(hub)).streams.info(S.eventStream);
    expect(info.state.messages).toBe(200);
    // The same ids again are recognised as duplicates: the dedupe window survived too.
    expect((await js.publish(S.event(HUB_ID, null), '{"n":0}', { msgID: 'e0' })).duplicate).toBe(true);

    await js.publish(S.event(HUB_ID, null), '{"n":200}', { msgID: 'e200' });
    await (await new Kvm(hub).open(S.readBucket)).put(`${HUB_ID}.e200`, '1');
    await eventually(() => (received.includes('{"n":200}') ? true : undefined), 'the desk reading on');
    await eventually(() => (marks.includes(`${HUB_ID}.e200`) ? true : undefined), 'the desk watching on');
    // Acks are not written through at once: after a kill -9 some acknowledged messages come again, which is
    // why a desk drops what it has seen by event id.
    expect(new Set(received).size).toBe(201);
    expect(denied).toEqual([]);
    messages.stop();
    watch.stop();
  });

  it('leaves no nats-server behind after stop', async () => {
    const { engine, dir } = await startEngine();
    await engine.ready();
    const pid = engine.pid!;
    expect(fs.existsSync(path.join(dir, 'nats-server-child.json'))).toBe(true);
    await engine.stop();
    expect(isAlive(pid)).toBe(false);
    expect(engine.state.phase).toBe('stopped');
    expect(engine.pid).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'nats-server-child.json'))).toBe(false);
    await expect(engine.ready()).rejects.toThrow(/stopped/);
  });

  it('says why when the port is taken, and keeps retrying', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => void blocker.close());
    const port = (blocker.address() as net.AddressInfo).port;
    const { states } = await startEngine({ listen: { host: '127.0.0.1', port } });
    const restarting = await eventually(() => states.find((s) => s.phase === 'restarting'), 'a restart');
    if (restarting.phase !== 'restarting') return;
    expect(restarting.reason).toMatchObject({ code: 'exited', problem: 'port-in-use' });
    expect(describeNatsEngineReason(restarting.reason, 'pt-BR')).toContain('já está em uso');
    expect(describeNatsEngineReason(restarting.reason, 'en')).toContain('already used');
  });

  it('reports a missing program with the install command for each system, and starts it once it appears', async () => {
    const root = tempDir();
    const binDir = path.join(root, 'bin');
    const configured = path.join(binDir, 'nats-server');
    const { engine, states } = await startEngine({
      configuredPath: configured,
      env: { PATH: '/nonexistent' },
      backoff: { initialMs: 100, maxMs: 300, failAfter: 5 },
    });
    const failed = states.at(-1)!;
    expect(failed.phase).toBe('failed');
    if (failed.phase !== 'failed') return;
    expect(failed.reason).toMatchObject({ code: 'missing-binary', configuredPath: configured });
    expect(describeNatsEngineReason(failed.reason, 'pt-BR')).toContain('sudo apt install nats-server');
    expect(describeNatsEngineReason(failed.reason, 'en')).toContain(`not found at ${configured}`);
    for (const [platform, command] of [
      ['darwin', 'brew install nats-server'],
      ['win32', 'winget install --id NATSAuthors.NATSServer'],
    ] as const) {
      const other = new NatsEngine({
        dir: path.join(root, platform),
        listen: { host: '127.0.0.1', port: 1 },
        account: ACCOUNT,
        hubId: HUB_ID,
        log: createFileLogger({ dir: path.join(root, 'logs') }),
        env: { PATH: '' },
        platform,
      });
      other.start();
      cleanups.push(() => other.stop());
      const state = other.state;
      expect(state.phase).toBe('failed');
      if (state.phase !== 'failed') continue;
      expect(describeNatsEngineReason(state.reason, 'pt-BR')).toContain(command);
      expect(describeNatsEngineReason(state.reason, 'en')).toContain(command);
    }

    fs.mkdirSync(binDir);
    fs.symlinkSync('/usr/sbin/nats-server', configured);
    await engine.ready();
  });

  it('finds Debian’s nats-server in /usr/sbin even when PATH lacks it', () => {
    expect(findNatsServer({ env: { PATH: '/nonexistent' }, platform: 'linux' })).toBe('/usr/sbin/nats-server');
    expect(findNatsServer({ env: { PATH: '' }, platform: 'linux', configuredPath: '/nonexistent/nats' })).toBeNull();
  });
});
