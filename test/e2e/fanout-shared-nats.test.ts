// A hub and its desks on an existing NATS (`--nats-url URL --nats-creds FILE`), the way a chain's own server or a
// hosted NATS is used: a real nats-server that this test runs as its administrator would (NKEY users, JetStream),
// with the desk rights the docs print. The hub starts no server of its own; the join code names the server and
// carries no credentials; a desk signs in with its own file. Anyone else in that NATS account, without the code,
// gets nothing from the hub; a desk's rights cannot publish events; a revoked desk is refused.
import fs from 'node:fs';
import path from 'node:path';
import { connect, createInbox, nkeyAuthenticator, nkeys, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFanoutReason } from '../../main/core/fanout/fanout-texts.js';
import { decodeJoinCode, isSharedJoinCode } from '../../main/core/fanout/join-code.js';
import { joinProof, signRequest } from '../../main/core/fanout/request-signature.js';
import { subjectsOf } from '../../main/core/fanout/subjects.js';
import {
  buildPayload,
  fakeCustomer,
  withBirthdayToday,
  type FakeCustomer,
} from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import { deskDir, deskDirs, leftoverProcesses, spawnDesk, stopFanoutDesks } from '../support/fanout-desks.js';
import {
  startChainDesk,
  startChainHub,
  startSharedNats,
  type NatsUser,
  type SharedNats,
} from '../support/shared-nats.js';
import type { TempService } from '../support/temp-service.js';

const ACCOUNT = 'rede-teste';

const customer = (n: number, name: string): FakeCustomer => ({ ...fakeCustomer(n), name });

describe('fan-out over an existing NATS (--nats-url, --nats-creds)', () => {
  let nats: SharedNats;
  let url = '';
  let hubUser: NatsUser;
  let deskUser: NatsUser;
  let otherDeskUser: NatsUser;
  let outsiderUser: NatsUser;
  let hub: TempService;
  let satellite: TempService;
  let joinCode = '';
  const folders: string[] = [];
  const connections: NatsConnection[] = [];

  /** A NATS client signed in as `who`, replies on `_INBOX.<inbox>` as a desk's would. */
  const asUser = async (who: NatsUser, inbox: string): Promise<NatsConnection> => {
    const nc = await connect({
      servers: url,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(who.seed)),
      inboxPrefix: `_INBOX.${inbox}`,
      reconnect: false,
    });
    connections.push(nc);
    return nc;
  };
  const answerOf = (data: Uint8Array): Record<string, unknown> =>
    JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;

  beforeAll(async () => {
    nats = await startSharedNats(ACCOUNT, ['desk-bar', 'desk-door', 'outsider']);
    url = nats.url;
    hubUser = nats.hub;
    deskUser = nats.desks['desk-bar']!;
    otherDeskUser = nats.desks['desk-door']!;
    // A user of that account with a desk's rights who was never given the code.
    outsiderUser = nats.desks.outsider!;

    hub = await startChainHub(nats, ACCOUNT);
    folders.push(hub.dir);
    joinCode = hub.service.fanout!.joinCode()!;
    satellite = await startChainDesk([joinCode], deskUser);
    folders.push(satellite.dir);
  }, 60_000);

  afterAll(async () => {
    for (const nc of connections) await nc.close().catch(() => undefined);
    folders.push(...deskDirs());
    await stopFanoutDesks();
    await satellite?.close();
    await hub?.close();
    await nats?.stop();
    expect(leftoverProcesses(folders)).toEqual([]);
  }, 60_000);

  it('gives a code that names the server and the chain, runs no server of its own, and carries no credentials', () => {
    const code = decodeJoinCode(joinCode);

    expect(isSharedJoinCode(code)).toBe(true);
    expect(code).toMatchObject({ servers: [url], account: ACCOUNT, hub: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(joinCode).not.toContain(hubUser.seed);
    expect(Buffer.from(joinCode.slice(5), 'base64url').toString()).not.toContain(hubUser.seed);
    // No nats-server of the hub's own: nothing under its fanout/nats folder.
    expect(fs.existsSync(path.join(hub.dir, 'fanout', 'nats'))).toBe(false);
    expect(hub.service.fanout!.status('pt-BR')).toMatchObject({ role: 'hub', state: 'ready', reason: null });
    expect(hub.service.fanout!.existingNats).toBe(true);
  });

  it('pops a birthday arrival up on the desk that joined, with the name it asked the hub for', async () => {
    const ana = withBirthdayToday(customer(301, 'Ana Compartilhada Souza'));

    const answer = await hub.post(buildPayload('cliente-aniversariante-chegou', ana));

    expect(answer.status).toBe(200);
    const popUp = await eventually(
      () => satellite.popUps.find((one) => one.body.includes(ana.name) || one.title.includes(ana.name)),
      'the pop-up on the satellite',
      15_000,
    );
    expect(popUp.title).toBe('Aniversariante no local');
    expect(hub.service.fanout!.desks()).toHaveLength(1);
  });

  it('answers nobody else in that NATS account: unsigned, unproven or signed by a stranger, each is refused', async () => {
    const s = subjectsOf(ACCOUNT);
    const code = decodeJoinCode(joinCode);
    const nc = await asUser(outsiderUser, 'outsider');
    const ask = async (operation: string, payload: unknown, options = {}): Promise<Record<string, unknown>> =>
      answerOf(
        (await nc.request(s.request(code.hub, operation), JSON.stringify(payload), { timeout: 5_000, ...options }))
          .data,
      );
    const stranger = nkeys.createUser();
    const strangerSeed = new TextDecoder().decode(stranger.getSeed());
    const join = { desk: 'abcdef0123456789', publicKey: stranger.getPublicKey(), invitation: code.invitation };

    expect(await ask('unreadCount', {})).toEqual({ ok: false, error: 'refused' });
    expect(await ask('feedPage', { filter: {}, timeZone: 'America/Sao_Paulo', limit: 5 })).toEqual({
      ok: false,
      error: 'refused',
    });
    expect(await ask('join', join)).toEqual({ ok: false, error: 'refused' });
    // A proof made with some other key than the code's.
    expect(await ask('join', { ...join, proof: joinProof(strangerSeed, { hub: code.hub, ...join }) })).toEqual({
      ok: false,
      error: 'refused',
    });
    // Signed, but by a desk the hub never let in.
    const data = new TextEncoder().encode('{}');
    const subject = s.request(code.hub, 'unreadCount');
    const reply = createInbox('_INBOX.outsider');
    const headers = signRequest(strangerSeed, { desk: join.desk, subject, reply, payload: data });
    const signed = await nc.request(subject, data, { timeout: 5_000, noMux: true, reply, headers });
    expect(answerOf(signed.data)).toEqual({ ok: false, error: 'refused' });
    // Still one desk in the hub's list.
    expect(hub.service.fanout!.desks()).toHaveLength(1);
  });

  it('lets a desk’s rights read but never publish an event or a tombstone', async () => {
    const code = decodeJoinCode(joinCode);
    const s = subjectsOf(ACCOUNT);
    const nc = await asUser(otherDeskUser, 'forger');
    const errors: string[] = [];
    void (async () => {
      for await (const status of nc.status()) if (status.type === 'error') errors.push(String(status.error));
    })();

    nc.publish(s.event(code.hub, null), JSON.stringify({ v: 1, id: '999999' }));
    nc.publish(s.erasure(code.hub), JSON.stringify({ v: 1, customerKey: '0'.repeat(32) }));

    await eventually(() => (errors.length >= 2 ? true : undefined), 'two permission violations', 5_000);
    expect(errors.join('\n')).toMatch(/permissions violation for publish/i);
  });

  it('starts a desk process with the code and its own file, and refuses one given the code without a file', async () => {
    const desk = spawnDesk(deskDir(), ['--join', joinCode, '--nats-creds', otherDeskUser.file]);
    await desk.waitForOutput(/^Hub: connected$/m, { timeoutMs: 20_000 });
    expect(hub.service.fanout!.desks()).toHaveLength(2);

    const bare = spawnDesk(deskDir(), ['--join', joinCode]);
    expect(await bare.exited).toEqual({ code: 1, signal: null });
    const printed = bare.output().trim();
    expect(printed.split('\n')).toHaveLength(1);
    expect(printed).toContain('--nats-creds');
    expect(printed).not.toContain(joinCode.slice(5, 40));

    // A file the server does not know: said as the network's NATS refusing this computer, and retried.
    const wrong = nats.stranger('unknown');
    const refused = spawnDesk(deskDir(), ['--join', joinCode, '--nats-creds', wrong.file]);
    await refused.waitForOutput(
      new RegExp(
        `^Hub: disconnected — ${describeFanoutReason('nats-refused', 'pt-BR').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
        'm',
      ),
      { timeoutMs: 20_000 },
    );
  }, 60_000);

  it('refuses a revoked desk from then on, even though its NATS credentials still work', async () => {
    const s = subjectsOf(ACCOUNT);
    const code = decodeJoinCode(joinCode);
    const identity = JSON.parse(fs.readFileSync(path.join(satellite.dir, 'fanout', 'desk.json'), 'utf8')) as {
      desk: string;
      seed: string;
    };
    const nc = await asUser(deskUser, identity.desk);
    const signedAsk = async (operation: string): Promise<Record<string, unknown>> => {
      const data = new TextEncoder().encode('{}');
      const subject = s.request(code.hub, operation);
      const reply = createInbox(`_INBOX.${identity.desk}`);
      const headers = signRequest(identity.seed, { desk: identity.desk, subject, reply, payload: data });
      return answerOf((await nc.request(subject, data, { timeout: 5_000, noMux: true, reply, headers })).data);
    };
    expect(await signedAsk('unreadCount')).toMatchObject({ ok: true });

    expect(await hub.service.fanout!.revokeDesk(identity.desk)).toBe(true);

    expect(await signedAsk('unreadCount')).toEqual({ ok: false, error: 'refused' });
    const join = {
      desk: identity.desk,
      publicKey: nkeys.fromSeed(new TextEncoder().encode(identity.seed)).getPublicKey(),
    };
    const again = await nc.request(
      s.request(code.hub, 'join'),
      JSON.stringify({
        ...join,
        invitation: code.invitation,
        proof: joinProof(code.seed, { hub: code.hub, ...join }),
      }),
      { timeout: 5_000 },
    );
    expect(answerOf(again.data)).toEqual({ ok: false, error: 'refused' });
    // The desk itself learns it at its next request (its panel, or its heartbeat): it says so and keeps trying.
    expect(satellite.service.fanout!.status('pt-BR').state).toBe('connected');
    expect(await satellite.service.bridge.invoke('listFeed', { limit: 5 })).toMatchObject({ ok: false });
    await eventually(
      () => (satellite.service.fanout!.status('pt-BR').reason === 'refused' ? true : undefined),
      'the revoked desk saying it was refused',
      15_000,
    );
    expect(satellite.service.fanout!.status('pt-BR')).toMatchObject({ state: 'disconnected', reason: 'refused' });
  });
});
